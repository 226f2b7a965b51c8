"""Where a database's files live: ``<data_dir>/filestore/<database.uuid>``.

The filestore is keyed by the database's identity (its ``database.uuid`` parameter), not by its
name: an SQLite evaluation copy and the PostgreSQL database it was copied to may share a name
and a data directory, and dropping one must never delete the other's attachments. A copy, a
duplicate or a restore gets an identity (and so a filestore) of its own (``new_identity``).

Filestores of earlier versions were keyed by name (``<data_dir>/filestore/<name>``): the first
time a database needs its files, the old directory is linked into the new one (hard links,
a copy across filesystems). The old directory is left alone, since another database of the same
name (on the other backend) may still need it; the production guide says when to remove it.
"""
import logging
import os
import shutil
import uuid

from ..config import config

_logger = logging.getLogger(__name__)

KEY = "database.uuid"
_CACHE_KEY = "fazhi.filestore.path"
_SKIP = {".pins", ".lock"}


def identity(cr, create=True):
    """The database's ``database.uuid`` (created in this transaction when missing and ``create``)."""
    try:
        with cr.savepoint(flush=False):
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [KEY])
            row = cr.fetchone()
    except Exception:  # noqa: BLE001 - no parameter table yet (base being installed)
        return None
    if row and row[0]:
        return row[0]
    if not create:
        return None
    value = str(uuid.uuid1())
    cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)", [KEY, value])
    return value


def new_identity(cr):
    """Give the database of ``cr`` a new identity (a copy must not share its source's files)."""
    value = str(uuid.uuid1())
    cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = %s", [value, KEY])
    if not cr.rowcount:
        cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)", [KEY, value])
    cr.cache.pop(_CACHE_KEY, None)
    return value


def start_own(cr):
    """A new identity for the database of ``cr`` and its empty filestore (a copy, a restore):
    nothing is taken over from a name-keyed directory, which belongs to the source."""
    target = os.path.join(root(), new_identity(cr))
    os.makedirs(target, exist_ok=True)
    cr.cache[_CACHE_KEY] = target
    return target


def root():
    return os.path.join(config["data_dir"], "filestore")


def path(cr):
    """The filestore directory of the database of ``cr`` (migrated from its name when needed)."""
    cached = cr.cache.get(_CACHE_KEY)
    if cached:
        return cached
    ident = identity(cr)
    if not ident:
        return config.filestore(cr.dbname)
    target = os.path.join(root(), ident)
    if not os.path.isdir(target):
        migrate(config.filestore(cr.dbname), target)
    cr.cache[_CACHE_KEY] = target
    return target


def path_of(backend, dbname):
    """The filestore directory of ``dbname`` (its own transaction; committed if an identity was made)."""
    cr = backend.cursor(dbname)
    try:
        result = path(cr)
        cr.commit()
        return result
    finally:
        cr.close()


def _link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def migrate(legacy, target):
    """Link the files of the name-keyed ``legacy`` directory into ``target`` (atomically)."""
    if not os.path.isdir(legacy) or os.path.abspath(legacy) == os.path.abspath(target):
        return False
    staging = "%s.migrating-%s" % (target, uuid.uuid4().hex[:8])
    count = 0
    for dirpath, dirnames, filenames in os.walk(legacy):
        dirnames[:] = [d for d in dirnames if d not in _SKIP]
        rel = os.path.relpath(dirpath, legacy)
        os.makedirs(os.path.join(staging, rel), exist_ok=True)
        for fname in filenames:
            if fname in _SKIP:
                continue
            _link_or_copy(os.path.join(dirpath, fname), os.path.join(staging, rel, fname))
            count += 1
    try:
        os.rename(staging, target)
    except OSError:            # another process migrated it meanwhile: theirs is as good
        shutil.rmtree(staging, ignore_errors=True)
        return False
    _logger.info("filestore %s linked into %s (%s files); the old directory can go once no database "
                 "uses it", legacy, target, count)
    return True
