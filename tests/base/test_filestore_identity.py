"""Issue 18 items 6: the filestore is keyed by the database's identity (database.uuid), not its
name. Through the CLI, as an operator: an SQLite evaluation database copied to PostgreSQL under
the same name, then dropped, leaves the PostgreSQL database's attachments whole; a name-keyed
filestore of an earlier version is taken over on first use; a duplicate gets files of its own."""
import os
import subprocess
import sys
import uuid

import pytest

from fazhi.config import config


def _cli(data_dir, *args, db_url=None, stdin=None):
    argv = [sys.executable, "-m", "fazhi.cli", "--data-dir", str(data_dir)]
    if db_url:
        argv += ["--db-url", db_url]
    env = dict(os.environ, FAZHI_ADMIN_PASSWORD="Fs-identity-123!")
    env.pop("FAZHI_DB_URL", None)
    proc = subprocess.run(argv + list(args), input=stdin, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, "fazhi %s failed:\n%s%s" % (" ".join(args), proc.stdout, proc.stderr)
    return proc.stdout


ATTACH = "env['ir.attachment'].create({'name': 'evidence.txt', 'raw': %r}); env.cr.commit()"
READ = "print(env['ir.attachment'].search([('name', '=', 'evidence.txt')]).raw)"
UUID = "print(env['ir.config_parameter'].get_param('database.uuid'))"


def test_dropping_the_sqlite_copy_keeps_the_postgresql_files(tmp_path):
    if not config["db_url"]:
        pytest.skip("needs the PostgreSQL server of the PostgreSQL run")
    name = "same_%s" % uuid.uuid4().hex[:8]
    _cli(tmp_path, "db", "create", name, "--install", "base")
    _cli(tmp_path, "shell", "-d", name, stdin=ATTACH % b"party data")
    _cli(tmp_path, "db", "copy", name, name, "--to-db-url", config["db_url"])
    try:
        sqlite_id = _cli(tmp_path, "shell", "-d", name, stdin=UUID).strip()
        pg_id = _cli(tmp_path, "shell", "-d", name, stdin=UUID, db_url=config["db_url"]).strip()
        assert sqlite_id != pg_id                             # two databases, two filestores
        _cli(tmp_path, "db", "drop", name)                    # the SQLite evaluation copy goes
        assert not (tmp_path / "filestore" / sqlite_id).exists()
        assert _cli(tmp_path, "shell", "-d", name, stdin=READ, db_url=config["db_url"]).strip() == "b'party data'"
    finally:
        _cli(tmp_path, "db", "drop", name, db_url=config["db_url"])


def test_name_keyed_filestore_is_taken_over_and_a_duplicate_has_its_own(tmp_path):
    if config["db_url"]:
        pytest.skip("the SQLite run covers it")
    name = "legacy_%s" % uuid.uuid4().hex[:8]
    _cli(tmp_path, "db", "create", name, "--install", "base")
    _cli(tmp_path, "shell", "-d", name, stdin=ATTACH % b"old layout")
    ident = _cli(tmp_path, "shell", "-d", name, stdin=UUID).strip()
    # an earlier version kept the files under the database's name
    os.rename(tmp_path / "filestore" / ident, tmp_path / "filestore" / name)
    assert _cli(tmp_path, "shell", "-d", name, stdin=READ).strip() == "b'old layout'"
    assert (tmp_path / "filestore" / ident).is_dir()
    assert (tmp_path / "filestore" / name).is_dir()           # left for the other backend's namesake

    _cli(tmp_path, "db", "duplicate", name, name + "_copy")
    copy_id = _cli(tmp_path, "shell", "-d", name + "_copy", stdin=UUID).strip()
    assert copy_id != ident
    _cli(tmp_path, "db", "drop", name)
    assert _cli(tmp_path, "shell", "-d", name + "_copy", stdin=READ).strip() == "b'old layout'"
