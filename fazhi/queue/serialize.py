"""Job arguments as JSON: plain JSON values plus recordsets, dates and datetimes.

A recordset is stored by model and ids and re-browsed in the job's environment (so it is
re-read when the job runs, never taken from a stale cache); a date/datetime keeps its type.
Anything else (objects, sets, bytes) is refused at enqueue time, in the caller's transaction.
"""
import datetime
import json

_RS, _DT, _D = "__fazhi_recordset__", "__fazhi_datetime__", "__fazhi_date__"


def _encode(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("Job arguments: dict keys must be strings")
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, datetime.datetime):
        return {_DT: value.isoformat()}
    if isinstance(value, datetime.date):
        return {_D: value.isoformat()}
    if hasattr(value, "_name") and hasattr(value, "ids") and hasattr(value, "env"):
        return {_RS: [value._name, list(value.ids)]}
    raise TypeError("Job arguments must be JSON values, dates or recordsets, not %s" % type(value).__name__)


def dumps(value):
    return json.dumps(_encode(value), ensure_ascii=False, sort_keys=True)


def _decode(value, env):
    if isinstance(value, list):
        return [_decode(v, env) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            (key, inner), = value.items()
            if key == _RS:
                return env[inner[0]].browse(inner[1])
            if key == _DT:
                return datetime.datetime.fromisoformat(inner)
            if key == _D:
                return datetime.date.fromisoformat(inner)
        return {k: _decode(v, env) for k, v in value.items()}
    return value


def loads(text, env, default=None):
    if not text:
        return default
    return _decode(json.loads(text), env)
