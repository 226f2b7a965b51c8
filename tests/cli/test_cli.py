"""The ``fazhi`` command end to end, in subprocesses, on the backend under test."""
import os
import shutil
import subprocess
import sys
import textwrap
import uuid

import pytest

EXT_ADDONS = os.path.join(os.path.dirname(__file__), "ext_addons")


def error_line(stderr):
    """The one ``fazhi: error:`` line (log warnings may precede it)."""
    lines = [line for line in stderr.splitlines() if line.startswith("fazhi: error: ")]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def fz(tmp_path):
    """Run ``fazhi`` with a fresh data dir; databases it creates are dropped afterwards."""
    created = []
    base = [sys.executable, "-m", "fazhi.cli", "--data-dir", str(tmp_path / "data")]
    if os.environ.get("FAZHI_TEST_DB_URL"):
        base += ["--db-url", os.environ["FAZHI_TEST_DB_URL"]]
    env = dict(os.environ, FAZHI_ADMIN_PASSWORD="Adm1n-pass-for-tests")

    def run(*args, stdin=None, check=True):
        proc = subprocess.run(base + list(args), input=stdin, capture_output=True, text=True, env=env, timeout=300)
        if args[:2] == ("db", "create") and proc.returncode == 0:
            created.append(args[2])
        if check and proc.returncode != 0:
            raise AssertionError("fazhi %s failed (%s):\n%s%s" % (" ".join(args), proc.returncode, proc.stdout, proc.stderr))
        return proc

    run.name = lambda: "cli_%s" % uuid.uuid4().hex[:8]
    yield run
    for name in created:
        run("db", "drop", name, check=False)


def test_create_and_shell_with_the_four_addons(fz):
    """The issue's example: create a database with the suite, count users from the shell."""
    name = fz.name()
    out = fz("db", "create", name, "--install", "fuyi_case,yingsu,jiandu,xinyong")
    assert "fuyi_case" in out.stdout
    assert "password" not in out.stdout  # given through FAZHI_ADMIN_PASSWORD, so not printed
    shell = fz("shell", "-d", name, stdin="print(env['res.users'].search_count([]))\n")
    assert shell.stdout.strip() == "1"
    listed = fz("db", "list").stdout.split()
    assert name in listed
    check = fz("shell", "-d", name, stdin=textwrap.dedent("""
        mods = env['ir.module.module'].search([('state', '=', 'installed')]).mapped('name')
        print(sorted(m for m in mods if m in ('fuyi_case', 'yingsu', 'jiandu', 'xinyong')))
        admin = env.ref('base.user_admin')
        print(admin.lang, admin.tz)
        admin._check_credentials('Adm1n-pass-for-tests')
    """))
    assert check.stdout.split("\n")[0] == "['fuyi_case', 'jiandu', 'xinyong', 'yingsu']"
    assert check.stdout.split("\n")[1] == "zh_CN Asia/Shanghai"


def test_random_admin_password_is_printed_once(fz, tmp_path):
    name = fz.name()
    env = {k: v for k, v in os.environ.items() if k != "FAZHI_ADMIN_PASSWORD"}
    args = [sys.executable, "-m", "fazhi.cli", "--data-dir", str(tmp_path / "data")]
    if os.environ.get("FAZHI_TEST_DB_URL"):
        args += ["--db-url", os.environ["FAZHI_TEST_DB_URL"]]
    proc = subprocess.run(args + ["db", "create", name], capture_output=True, text=True, env=env, timeout=300)
    try:
        assert proc.returncode == 0, proc.stderr
        password = proc.stdout.split("password: ")[1].split()[0]
        assert len(password) >= 12 and password != "admin"
        check = subprocess.run(args + ["shell", "-d", name], input=(
            "env.ref('base.user_admin')._check_credentials(%r)\nprint('ok')\n" % password),
            capture_output=True, text=True, env=env, timeout=300)
        assert check.stdout.strip() == "ok", check.stderr
    finally:
        subprocess.run(args + ["db", "drop", name], capture_output=True, env=env, timeout=300)


def test_external_addon_behaves_as_on_flectra(fz, tmp_path):
    """An addon outside the repo, given by --addons-path: inheritance, computes, rules, data."""
    ext = tmp_path / "ext"
    shutil.copytree(EXT_ADDONS, ext)
    name = fz.name()
    fz("db", "create", name)
    proc = fz("--addons-path", str(ext), "install", "-d", name, "ext_library_plus")
    assert "ext_library_plus" in proc.stdout
    script = textwrap.dedent("""
        import psycopg2
        from flectra.exceptions import ValidationError, AccessError
        from flectra.tests import new_test_user
        book = env.ref('ext_library.book_nahan')
        # xml data with ref / eval / x2many commands; stored computes over one2many (two addons)
        assert book.pages == 200 and book.author_id.name == 'Lu Xun', (book.pages, book.author_id)
        assert book.copy_count == 2 and book.available_count == 1, (book.copy_count, book.available_count)
        assert book.author_id.book_count == 1
        # related field
        assert book.author_email == 'luxun@example.cn'
        # sequence from a noupdate data file
        assert book.reference.startswith('BK') and book.reference.endswith('-0001'), book.reference
        # extension across addons: create override and selection_add
        other = env['library.book'].create({'name': 'Wandering', 'isbn': 'isbn-1', 'author_id': book.author_id.id, 'state': 'lost'})
        assert other.isbn == 'ISBN-1' and other.reference.endswith('-0002')
        assert book.author_id.book_count == 2
        other.copy_ids = [(0, 0, {'available': True})]
        assert other.available_count == 1
        # python constraint
        try:
            with env.cr.savepoint():
                env['library.book'].create({'name': '12345'})
            raise SystemExit('constraint not enforced')
        except ValidationError:
            pass
        # sql constraints: unique and check
        for vals in ({'name': 'Dup', 'isbn': 'ISBN-1'}, {'name': 'Neg', 'pages': -1}):
            try:
                with env.cr.savepoint():
                    env['library.book'].create(vals)
                raise SystemExit('sql constraint not enforced: %r' % vals)
            except psycopg2.IntegrityError:
                pass
        # ACLs and record rules as real users
        reader = new_test_user(env, login='reader', groups='ext_library.group_reader')
        librarian = new_test_user(env, login='librarian', groups='ext_library.group_librarian')
        other.state = 'reserved'
        assert env['library.book'].with_user(reader).search([]).ids == [book.id]
        assert len(env['library.book'].with_user(librarian).search([])) == 2
        try:
            book.with_user(reader).write({'pages': 1})
            raise SystemExit('reader could write')
        except AccessError:
            pass
        try:
            other.with_user(reader).read(['name'])
            raise SystemExit('reader could read a reserved book')
        except AccessError:
            pass
        print('external addon OK')
    """)
    proc = fz("--addons-path", str(ext), "shell", "-d", name, stdin=script)
    assert proc.stdout.strip().endswith("external addon OK")


def test_upgrade_adds_a_column_without_losing_data(fz, tmp_path):
    ext = tmp_path / "ext"
    shutil.copytree(EXT_ADDONS, ext)
    name = fz.name()
    fz("--addons-path", str(ext), "db", "create", name, "--install", "ext_library")
    fz("--addons-path", str(ext), "shell", "-d", name,
       stdin="env['library.book'].create({'name': 'Kept', 'pages': 7})\n")
    model = ext / "ext_library" / "models" / "book.py"
    model.write_text(model.read_text().replace(
        "    pages = fields.Integer()\n",
        "    pages = fields.Integer()\n    shelf = fields.Char(default='A1')\n"
        "    double_pages = fields.Integer(compute='_compute_double', store=True)\n\n"
        "    @api.depends('pages')\n    def _compute_double(self):\n"
        "        for book in self:\n            book.double_pages = book.pages * 2\n"))
    fz("--addons-path", str(ext), "upgrade", "-d", name, "ext_library")
    out = fz("--addons-path", str(ext), "shell", "-d", name, stdin=textwrap.dedent("""
        book = env['library.book'].search([('name', '=', 'Kept')])
        print(book.pages, book.shelf, book.double_pages, env['library.book'].search_count([]))
    """))
    assert out.stdout.strip() == "7 A1 14 2"


def test_unknown_addon_is_one_clear_line(fz):
    name = fz.name()
    proc = fz("db", "create", name, "--install", "no_such_addon", check=False)
    assert proc.returncode == 1
    assert "no_such_addon" in error_line(proc.stderr)
    assert name not in fz("db", "list").stdout.split()


def test_bad_xml_aborts_the_install_and_changes_nothing(fz, tmp_path):
    ext = tmp_path / "ext"
    shutil.copytree(EXT_ADDONS, ext)
    data = ext / "ext_library" / "data" / "ext_library_data.xml"
    data.write_text(data.read_text().replace('<field name="pages" eval="40 * 5"/>',
                                             '<field name="no_such_field">1</field>'))
    name = fz.name()
    fz("db", "create", name)
    proc = fz("--addons-path", str(ext), "install", "-d", name, "ext_library", check=False)
    assert proc.returncode == 1
    message = error_line(proc.stderr)
    assert "ext_library_data.xml:" in message and "no_such_field" in message
    out = fz("--addons-path", str(ext), "shell", "-d", name, stdin=textwrap.dedent("""
        print(env['ir.module.module'].search_count([('name', '=', 'ext_library')]),
              'library.book' in env, env['res.partner'].search_count([('name', '=', 'Lu Xun')]))
    """))
    assert out.stdout.strip() == "0 False 0"


def test_unreachable_postgresql_is_one_clear_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "fazhi.cli", "--data-dir", str(tmp_path),
                           "--db-url", "postgresql://nobody:x@127.0.0.1:1/", "db", "list"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert error_line(proc.stderr).startswith("fazhi: error: Cannot reach PostgreSQL")


def test_dump_and_restore_round_trip_with_filestore(fz, tmp_path):
    """A dump restores into a new database with the same rows and attachment files."""
    name, copy = fz.name(), fz.name()
    fz("db", "create", name)
    fz("shell", "-d", name, stdin=textwrap.dedent("""
        import base64
        p = env['res.partner'].create({'name': '张三 dump'})
        env['ir.attachment'].create({'name': 'a.txt', 'datas': base64.b64encode('证据材料'.encode()),
                                     'res_model': 'res.partner', 'res_id': p.id})
    """))
    dump = tmp_path / "dump.zip"
    fz("db", "dump", name, str(dump))
    fz("db", "restore", copy, str(dump))
    out = fz("shell", "-d", copy, stdin=textwrap.dedent("""
        import base64
        p = env['res.partner'].search([('name', '=', '张三 dump')])
        att = env['ir.attachment'].search([('res_model', '=', 'res.partner'), ('res_id', '=', p.id)])
        print(len(p), base64.b64decode(att.datas).decode())
        env.ref('base.user_admin')._check_credentials('Adm1n-pass-for-tests')
    """))
    assert out.stdout.strip() == "1 证据材料"
    fz("db", "drop", copy)


def test_restore_refuses_existing_name_and_garbage(fz, tmp_path):
    name = fz.name()
    fz("db", "create", name)
    dump = tmp_path / "d.zip"
    fz("db", "dump", name, str(dump))
    proc = fz("db", "restore", name, str(dump), check=False)
    assert proc.returncode == 1 and "already exists" in error_line(proc.stderr)
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"not a zip")
    other = fz.name()
    proc = fz("db", "restore", other, str(garbage), check=False)
    assert proc.returncode == 1 and "not a zip" in error_line(proc.stderr)
    assert other not in fz("db", "list").stdout.split()


def test_copy_from_sqlite_to_the_backend_under_test(tmp_path):
    """Evaluate on SQLite, move to production: rows, passwords, sequences and files follow."""
    ext = tmp_path / "ext"
    shutil.copytree(EXT_ADDONS, ext)
    base = [sys.executable, "-m", "fazhi.cli", "--data-dir", str(tmp_path / "data"), "--addons-path", str(ext)]
    env = dict(os.environ, FAZHI_ADMIN_PASSWORD="Adm1n-pass-for-tests")
    url = os.environ.get("FAZHI_TEST_DB_URL")
    target_args = ["--db-url", url] if url else []
    source, target = "cp_src_%s" % uuid.uuid4().hex[:6], "cp_dst_%s" % uuid.uuid4().hex[:6]

    def run(args, stdin=None):
        proc = subprocess.run(base + args, input=stdin, capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout

    run(["db", "create", source, "--install", "ext_library"])
    try:
        run(["shell", "-d", source], stdin=textwrap.dedent("""
            import base64
            from flectra.tests import new_test_user
            new_test_user(env, login='clerk', groups='ext_library.group_librarian', password='Clerk-pass-1')
            env['library.book'].create({'name': 'Second', 'copy_ids': [(0, 0, {'available': False})]})
            env['ir.attachment'].create({'name': 'f.txt', 'datas': base64.b64encode(b'file body')})
        """))
        run(["db", "copy", source, target] + (["--to-db-url", url] if url else []))
        out = run(target_args + ["shell", "-d", target], stdin=textwrap.dedent("""
            import base64
            books = env['library.book'].search([], order='id')
            print(len(books), [b.copy_count for b in books], [c.available for c in books.mapped('copy_ids')])
            clerk = env['res.users'].search([('login', '=', 'clerk')])
            clerk._check_credentials('Clerk-pass-1')
            print(clerk.has_group('ext_library.group_librarian'), clerk.has_group('base.group_user'))
            att = env['ir.attachment'].search([('name', '=', 'f.txt')])
            print(base64.b64decode(att.datas).decode())
            new = env['library.book'].create({'name': 'Third'})
            print(new.id > max(books.ids), new.reference[-4:])
        """))
        assert out.splitlines() == ["2 [2, 1] [True, False, False]", "True True", "file body", "True 0003"]
    finally:
        subprocess.run(base + ["db", "drop", source], capture_output=True, env=env, timeout=300)
        subprocess.run(base + target_args + ["db", "drop", target], capture_output=True, env=env, timeout=300)


def test_a_running_process_sees_addons_installed_by_another(fz, tmp_path):
    """The registry is rebuilt when another process installs an addon (registry signalling)."""
    ext = tmp_path / "ext"
    shutil.copytree(EXT_ADDONS, ext)
    name = fz.name()
    fz("db", "create", name)
    code = textwrap.dedent("""
        import os, subprocess, sys
        from fazhi.config import config
        from fazhi.sql import backend_for
        from fazhi.service import transaction
        config['data_dir'] = sys.argv[1]
        config['db_url'] = sys.argv[2]
        config['addons_path'] = [sys.argv[3]]
        backend = backend_for(config)
        name = sys.argv[4]
        print(transaction.run(backend, name, lambda env: 'library.book' in env))
        subprocess.run(sys.argv[5:], check=True, capture_output=True)
        print(transaction.run(backend, name, lambda env: 'library.book' in env))
    """)
    cli = [sys.executable, "-m", "fazhi.cli", "--data-dir", str(tmp_path / "data"), "--addons-path", str(ext)]
    if os.environ.get("FAZHI_TEST_DB_URL"):
        cli += ["--db-url", os.environ["FAZHI_TEST_DB_URL"]]
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data"), os.environ.get("FAZHI_TEST_DB_URL", ""),
                           str(ext), name] + cli + ["install", "-d", name, "ext_library"],
                          capture_output=True, text=True, timeout=300)
    assert proc.stdout.split() == ["False", "True"], proc.stderr
