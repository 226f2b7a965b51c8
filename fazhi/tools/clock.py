"""The server's idea of "now", shiftable in tests without sleeping.

Tests move time with ``set_offset(seconds)`` in-process; a served subprocess follows the
offset written to the file named by ``FAZHI_CLOCK_FILE`` (re-read when it changes), so
lock-out, deadline and retention tests need no real waiting. Unset, the offset is zero.
"""
import datetime
import os

_offset = datetime.timedelta(0)
_file_state = {"mtime": None, "offset": datetime.timedelta(0)}


def _file_offset():
    path = os.environ.get("FAZHI_CLOCK_FILE")
    if not path:
        return datetime.timedelta(0)
    try:
        mtime = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return datetime.timedelta(0)
    if mtime != _file_state["mtime"]:
        with open(path) as fp:
            text = fp.read().strip() or "0"
        _file_state["offset"] = datetime.timedelta(seconds=float(text))
        _file_state["mtime"] = mtime
    return _file_state["offset"]


def offset() -> datetime.timedelta:
    return _offset + _file_offset()


def now() -> datetime.datetime:
    """Current UTC time as a naive datetime, shifted by the test offset."""
    return datetime.datetime.utcnow() + offset()


def set_offset(seconds: float) -> None:
    """Shift this process's clock (tests only); also written to FAZHI_CLOCK_FILE when set."""
    global _offset
    path = os.environ.get("FAZHI_CLOCK_FILE")
    if path:
        with open(path, "w") as fp:
            fp.write(str(float(seconds)))
        _offset = datetime.timedelta(0)
    else:
        _offset = datetime.timedelta(seconds=seconds)


def advance(seconds: float) -> None:
    set_offset(offset().total_seconds() + seconds)


def reset() -> None:
    set_offset(0)
