"""``flectra.tools``: the helpers addons commonly import."""
import logging
from contextlib import contextmanager

from ...config import config  # noqa: F401
from ...orm.translate import _, _lt  # noqa: F401
from ...tools.html import html2plaintext, html_sanitize  # noqa: F401
from . import date_utils, float_utils  # noqa: F401
from .float_utils import float_compare, float_is_zero, float_round  # noqa: F401

DEFAULT_SERVER_DATE_FORMAT = "%Y-%m-%d"
DEFAULT_SERVER_TIME_FORMAT = "%H:%M:%S"
DEFAULT_SERVER_DATETIME_FORMAT = "%s %s" % (DEFAULT_SERVER_DATE_FORMAT, DEFAULT_SERVER_TIME_FORMAT)


@contextmanager
def _mute(loggers):
    saved = []
    for name in loggers:
        logger = logging.getLogger(name)
        saved.append((logger, logger.disabled))
        logger.disabled = True
    try:
        yield
    finally:
        for logger, disabled in saved:
            logger.disabled = disabled


class mute_logger:
    """Silence the named loggers, as a context manager or decorator."""

    def __init__(self, *loggers):
        self.loggers = [{"flectra.sql_db": "fazhi.sql_db", "odoo.sql_db": "fazhi.sql_db"}.get(n, n) for n in loggers]
        self._cm = None

    def __enter__(self):
        self._cm = _mute(self.loggers)
        return self._cm.__enter__()

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with _mute(self.loggers):
                return func(*args, **kwargs)
        return wrapper


def ormcache(*args, **kwargs):
    """Accepted for compatibility; fazhi does not cache these calls across transactions."""
    def decorator(func):
        func.clear_cache = lambda *a, **k: None
        return func
    return decorator


ormcache_context = ormcache


def frozendict(*args, **kwargs):
    from ...orm.api import frozendict as fd
    return fd(*args, **kwargs)


def groupby(iterable, key=None):
    from collections import defaultdict
    groups = defaultdict(list)
    for elem in iterable:
        groups[key(elem) if key else elem].append(elem)
    return groups.items()


def unique(it):
    seen = set()
    for e in it:
        if e not in seen:
            seen.add(e)
            yield e


def split_every(n, iterable):
    items = list(iterable)
    for i in range(0, len(items), n):
        yield items[i:i + n]


def str2bool(s, default=None):
    s = str(s).lower()
    if s in ("y", "yes", "1", "true", "t", "on"):
        return True
    if s in ("n", "no", "0", "false", "f", "off"):
        return False
    if default is None:
        raise ValueError("Use 0/1/yes/no/true/false/on/off")
    return bool(default)


def email_normalize(text):
    import re
    if not text:
        return False
    m = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text)
    return m.group(0).lower() if m else False


def convert_file(env, module, filename, idref, mode="update", noupdate=False, kind=None, pathname=None):
    """Load one data file of ``module`` (FN signature of ``flectra.tools.convert_file``)."""
    import os
    from ...data import load_data_file
    if pathname is None:
        from ...modules.manifest import find_addons
        addon_dir = find_addons(config.all_addons_paths()).get(module)
        pathname = os.path.join(addon_dir, filename) if addon_dir else filename
    load_data_file(env, module, pathname, "init" if mode == "init" else "update", noupdate=noupdate,
                   idref=idref if idref is not None else {})
