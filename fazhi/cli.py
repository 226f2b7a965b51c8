"""The ``fazhi`` command: databases, addons, a Python shell.

    fazhi [--data-dir DIR] [--db-url URL] [--addons-path P1,P2] COMMAND …

Queue: ``fazhi worker [--broker URL] [--concurrency N] [-d DB …]`` and ``fazhi beat [--broker URL]``
(see ``fazhi.queue``); ``serve`` without a broker runs crons and queued jobs in-process.

Errors are one clear line on stderr and a non-zero exit status; a failed install changes
nothing; Ctrl-C is one line too (exit status 130).
"""
import argparse
import errno
import logging
import os
import signal
import socket
import sys
import tempfile

from .config import config

_logger = logging.getLogger("fazhi")


LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


class CliError(Exception):
    pass


class Interrupted(Exception):
    """Ctrl-C, with what it left undone (one line, not a traceback)."""


def _version():
    import importlib.metadata
    from .surface import release
    try:
        version = importlib.metadata.version("fazhi")
    except importlib.metadata.PackageNotFoundError:
        version = "(not installed)"
    # the source directory tells which checkout runs when there are several (scripts/start)
    return "fazhi %s (Flectra %s addon API) from %s" % (
        version, release.version, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class _VersionAction(argparse.Action):
    """``--version`` printed as is (argparse's own wraps a long source path onto two lines)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version())
        parser.exit()


def _parser():
    parser = argparse.ArgumentParser(prog="fazhi", description="fazhi (法治) server and tools. Global options go "
                                     "before the command: fazhi --data-dir DIR serve --port 8070")
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help="print the version and the source directory, then exit")
    parser.add_argument("--data-dir", help="where SQLite databases, the filestore and sessions live "
                                           "(env FAZHI_DATA_DIR; default: %s)" % config["data_dir"])
    parser.add_argument("--db-url", help="postgresql://user:pass@host:port/ for production (env FAZHI_DB_URL; "
                                         "default: the embedded SQLite in the data directory)")
    parser.add_argument("--addons-path", help="extra addons directories, comma-separated (env FAZHI_ADDONS_PATH)")
    parser.add_argument("--log-level", type=str.lower, choices=LOG_LEVELS,
                        default=os.environ.get("FAZHI_LOG_LEVEL", "warning").lower(),
                        help="log messages of this level and above (env FAZHI_LOG_LEVEL; default: %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db = sub.add_parser("db", help="create, list, drop, dump, restore, copy or duplicate databases")
    dbsub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    create = dbsub.add_parser("create", help="create a database and install addons")
    create.add_argument("name", help="name of the new database")
    create.add_argument("--install", default="", help="addons to install, comma-separated (default: base only)")
    create.add_argument("--demo", action="store_true", help="load demo data")
    create.add_argument("--lang", default="zh_CN", help="language of the database (default: %(default)s)")
    dbsub.add_parser("list", help="list databases")
    drop = dbsub.add_parser("drop", help="drop a database and its filestore")
    drop.add_argument("name", help="database to drop")
    dump = dbsub.add_parser("dump", help="dump a database (zip with dump.sql, manifest and filestore)")
    dump.add_argument("name", help="database to dump")
    dump.add_argument("file", help="the .zip file to write (written whole or not at all)")
    restore = dbsub.add_parser("restore", help="create a database from a dump")
    restore.add_argument("name", help="name of the new database (must not exist)")
    restore.add_argument("file", help="a .zip written by `fazhi db dump`")
    copy = dbsub.add_parser("copy", help="copy a database with its filestore to another server "
                                         "(e.g. from SQLite to PostgreSQL)")
    copy.add_argument("source", help="database to copy (on --db-url)")
    copy.add_argument("target", help="name of the copy (must not exist on the target server)")
    copy.add_argument("--to-db-url", default=None,
                      help="postgresql://… of the target server; 'sqlite' for the embedded backend; default: the same")
    duplicate = dbsub.add_parser("duplicate", help="copy a database with its filestore under a new name "
                                                   "on the same server")
    duplicate.add_argument("source", help="database to copy")
    duplicate.add_argument("target", help="name of the copy (must not exist)")

    for cmd, help_text in (("install", "install addons"), ("upgrade", "upgrade installed addons")):
        p = sub.add_parser(cmd, help=help_text)
        p.add_argument("-d", "--database", required=True, help="the database")
        p.add_argument("modules", help="addons, comma-separated")
        p.add_argument("--demo", action="store_true", help="load demo data")

    password = sub.add_parser("reset-password", help="set a new password for a user (e.g. a lost admin "
                                                     "password) and unlock the account")
    password.add_argument("-d", "--database", required=True, help="the database")
    password.add_argument("--login", default="admin", help="the user's login (default: %(default)s)")
    password.add_argument("--generate", action="store_true",
                          help="generate a random password and print it once (otherwise it is asked for "
                               "twice, or read from the first line of stdin when stdin is not a terminal)")

    serve = sub.add_parser("serve", help="serve JSON-RPC/XML-RPC and the web client")
    serve.add_argument("-d", "--database", default=None,
                       help="database to create when none exists (default: fazhi); when given, the "
                            "embedded crons and jobs run for this database only (as Flectra's -d)")
    serve.add_argument("--host", default=os.environ.get("FAZHI_HOST", "127.0.0.1"),
                       help="address to listen on; 0.0.0.0 for every interface (env FAZHI_HOST; "
                            "default: %(default)s)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("FAZHI_PORT", "8069")),
                       help="port to listen on (env FAZHI_PORT; default: %(default)s)")
    serve.add_argument("--workers", type=int, default=0,
                       help="worker processes (production, gunicorn); 0 = one threaded process (default: %(default)s)")
    serve.add_argument("--demo", action="store_true", help="load demo data into a database created now")
    serve.add_argument("--no-database-manager", action="store_true",
                       help="refuse database listing and management over RPC (production)")
    serve.add_argument("--proxy-mode", action="store_true", help="trust X-Forwarded-* headers from the reverse proxy")
    serve.add_argument("--dev", action="store_true", help="development mode: tracebacks in RPC errors")
    serve.add_argument("--broker", default=None,
                       help="redis://… broker: queued jobs are published there and run by `fazhi worker` "
                            "(env FAZHI_BROKER_URL); without one, serve runs crons and jobs itself")

    worker = sub.add_parser("worker", help="run queued jobs and cron ticks (Celery worker; embedded runner "
                                           "without a broker)")
    worker.add_argument("--broker", default=None, help="redis://[:password@]host:port/db (env FAZHI_BROKER_URL)")
    worker.add_argument("--concurrency", type=int, default=None, help="worker processes (default: the CPUs)")
    worker.add_argument("-d", "--database", action="append", default=[], dest="databases",
                        help="database whose crons and outbox this worker serves (repeatable; default all)")
    worker.add_argument("--pool", default=None, help=argparse.SUPPRESS)
    worker.add_argument("--exit-with-parent", action="store_true", help=argparse.SUPPRESS)

    beat = sub.add_parser("beat", help="schedule cron ticks and outbox sweeps on the broker (Celery beat)")
    beat.add_argument("--broker", default=None, help="redis://[:password@]host:port/db (env FAZHI_BROKER_URL)")
    beat.add_argument("-d", "--database", action="append", default=[], dest="databases",
                      help="database to tick (repeatable; default: every database the worker sees)")

    shell = sub.add_parser("shell", help="run Python from stdin with `env` bound to the superuser")
    shell.add_argument("-d", "--database", required=True, help="the database")
    return parser


def _configure(args):
    if args.data_dir:
        config["data_dir"] = os.path.abspath(args.data_dir)
    if args.db_url:
        config["db_url"] = args.db_url
    if args.addons_path:
        config["addons_path"] = [p for p in args.addons_path.split(",") if p]
    level = getattr(logging, args.log_level.upper(), logging.WARNING)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # werkzeug sets its own logger to INFO when it is unset: every request would be logged
    # whatever --log-level says
    logging.getLogger("werkzeug").setLevel(level)


def _check_data_dir():
    """The data directory exists (created when missing) and is writable, as are its parts:
    otherwise one line now, not a traceback or a server that answers HTTP 500 later."""
    path = config["data_dir"]
    hint = "choose another with --data-dir or FAZHI_DATA_DIR"
    if os.path.exists(path) and not os.path.isdir(path):
        raise CliError("the data directory %s is not a directory; %s" % (path, hint))
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise CliError("cannot create the data directory %s (%s); %s" % (path, exc.strerror or exc, hint)) from None
    for sub in ("", "sessions", "filestore", "databases"):
        directory = os.path.join(path, sub) if sub else path
        if sub and not os.path.isdir(directory):
            continue
        try:
            fd, probe = tempfile.mkstemp(prefix=".fazhi-write-check.", dir=directory)
            os.close(fd)
            os.remove(probe)
        except OSError as exc:
            raise CliError("the data directory %s is not writable (%s); %s"
                           % (directory, exc.strerror or exc, hint)) from None


def _address_error(host, port, exc):
    """One line for a listening socket that cannot be had."""
    if isinstance(exc, socket.gaierror):
        return CliError("cannot listen on %s: unknown host name (--host)" % host)
    if exc.errno == errno.EADDRINUSE:
        return CliError("address already in use: port %s on %s is taken (another fazhi already running?); "
                        "stop it or choose another with --port" % (port, host))
    if exc.errno == errno.EACCES:
        return CliError("permission denied for port %s on %s (ports below 1024 need privileges); "
                        "choose another with --port" % (port, host))
    if exc.errno == errno.EADDRNOTAVAIL:
        return CliError("cannot listen on %s: not an address of this machine (--host)" % host)
    return CliError("cannot listen on %s:%s (%s)" % (host, port, exc.strerror or exc))


def _check_port(host, port):
    """Fail before any work (creating the database takes a while) when the port is taken."""
    if not 0 < port < 65536:
        raise CliError("--port must be between 1 and 65535, not %s" % port)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, socktype, proto, _name, address = infos[0]
        with socket.socket(family, socktype, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the server itself binds
            sock.bind(address)
    except OSError as exc:
        raise _address_error(host, port, exc) from None


def _backend():
    from .sql import backend_for
    return backend_for(config)


def _modules(text):
    return [m.strip() for m in (text or "").split(",") if m.strip()]


def _create_database(backend, name, modules, **kwargs):
    from .service import db
    try:
        return db.create_database(backend, name, modules, **kwargs)
    except KeyboardInterrupt:
        # create_database dropped the half-made database on the way out
        raise Interrupted("database %s was not created" % name) from None


def cmd_db_create(args):
    modules = _modules(args.install) or ["base"]
    backend = _backend()
    password = _create_database(backend, args.name, modules, demo=args.demo, lang=args.lang,
                                admin_password=config["admin_password"])
    print("Database %s created (%s) with: %s" % (args.name, backend.describe(), ", ".join(modules)))
    if not config["admin_password"]:
        print("Admin login: admin  password: %s  (shown once; set FAZHI_ADMIN_PASSWORD to choose it)" % password)


def cmd_db_list(args):
    for name in _backend().list():
        print(name)


def cmd_db_drop(args):
    from .service import db
    db.drop_database(_backend(), args.name)
    print("Database %s dropped" % args.name)


def cmd_db_dump(args):
    from .service import db
    tmp = args.file + ".part"
    try:
        with open(tmp, "wb") as fp:
            db.dump_database(_backend(), args.name, fp)
        os.replace(tmp, args.file)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print("Database %s dumped to %s" % (args.name, args.file))


def cmd_db_restore(args):
    from .service import db
    if not os.path.isfile(args.file):
        raise CliError("No such dump file: %s" % args.file)
    with open(args.file, "rb") as fp:
        db.restore_database(_backend(), args.name, fp)
    print("Database %s restored from %s" % (args.name, args.file))


def cmd_db_copy(args):
    from .service import db
    from .sql import backend_for
    target_url = args.to_db_url
    if target_url is None:
        target = _backend()
    else:
        target = backend_for({"db_url": "" if target_url == "sqlite" else target_url, "data_dir": config["data_dir"]})
    db.copy_database(_backend(), args.source, target, args.target)
    print("Database %s copied to %s on %s" % (args.source, args.target, target.describe()))


def cmd_db_duplicate(args):
    from .service import db
    db.duplicate_database(_backend(), args.source, args.target)
    print("Database %s duplicated as %s" % (args.source, args.target))


def cmd_install(args, upgrade=False):
    from .modules.loading import install_modules
    backend = _backend()
    if not backend.exists(args.database):
        raise CliError("Database %r does not exist (create it with: fazhi db create %s)" % (args.database, args.database))
    modules = _modules(args.modules)
    if upgrade:
        install_modules(backend, args.database, [], demo=args.demo, upgrade=modules)
        print("Upgraded: %s" % ", ".join(modules))
    else:
        install_modules(backend, args.database, modules, demo=args.demo)
        print("Installed: %s" % ", ".join(modules))


def cmd_reset_password(args):
    import getpass
    import secrets
    from .service import db
    backend = _backend()
    if not backend.exists(args.database):
        raise CliError("Database %r does not exist" % args.database)
    if args.generate:
        password = secrets.token_urlsafe(12)
    elif sys.stdin.isatty():
        password = getpass.getpass("New password for %s: " % args.login)
        if getpass.getpass("Again: ") != password:
            raise CliError("the two passwords differ; nothing was changed")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CliError("the new password must have at least %d characters; nothing was changed" % MIN_PASSWORD_LENGTH)

    def reset(env):
        user = env["res.users"].with_context(active_test=False).search([("login", "=", args.login)])
        if not user:
            raise CliError("no user with login %r in database %s; nothing was changed" % (args.login, args.database))
        user.write({"password": password})   # the user's sessions end: their token follows the password
        user.action_unlock()                  # a lost password often comes with a locked account
        return user.active
    active = db._with_env(backend, args.database, reset)
    print("Password of %s in database %s reset; the account is unlocked%s" % (
        args.login, args.database, "" if active else " (but archived: activate it to log in)"))
    if args.generate:
        print("New password: %s  (shown once)" % password)


MIN_PASSWORD_LENGTH = 8


def cmd_serve(args):
    from .queue import settings as queue_settings
    _check_port(args.host, args.port)
    backend = _backend()
    if args.broker:
        queue_settings.set_broker_url(args.broker)
    if args.no_database_manager or os.environ.get("FAZHI_DB_MANAGER") == "0":
        config["list_db"] = False
    if args.dev:
        config["dev_mode"] = True
    name = args.database or "fazhi"
    config["db_name"] = name     # the database the web login page offers
    existing = backend.list()
    if name not in existing and (args.database or not existing):
        from .service import db
        password = _create_database(backend, name, ["base"] + db.PRODUCT_ADDONS, demo=args.demo,
                                    admin_password=config["admin_password"])
        print("Database %s created with: %s" % (name, ", ".join(db.PRODUCT_ADDONS)))
        if not config["admin_password"]:
            print("Admin login: admin  password: %s  (shown once; set FAZHI_ADMIN_PASSWORD to choose it)" % password)
    backend.close_all()   # no connection may cross into forked workers
    from .http.server import BindError, run
    stop_queue = _start_embedded_queue(args, backend)

    def ready():   # only once the port is bound
        print("fazhi serving http://%s:%s/ (%s)" % (args.host, args.port, backend.describe()), flush=True)
    if not (args.workers and args.workers > 1):
        # SIGTERM (systemctl stop, kill) stops as Ctrl-C does: the queue runner finishes its job
        # (gunicorn's arbiter has its own graceful SIGTERM)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        run(args.host, args.port, workers=args.workers, proxy_mode=args.proxy_mode, on_ready=ready)
    except BindError as exc:
        raise _address_error(args.host, args.port, exc) from None
    finally:
        stop_queue()
    print("fazhi stopped", flush=True)


def _raise_keyboard_interrupt(_signum, _frame):
    raise KeyboardInterrupt


def _global_argv():
    """The global options of this process, for a child `fazhi` process."""
    argv = ["--data-dir", config["data_dir"], "--log-level", logging.getLevelName(logging.getLogger().level)]
    if config["db_url"]:
        argv += ["--db-url", config["db_url"]]
    if config["addons_path"]:
        argv += ["--addons-path", ",".join(config["addons_path"])]
    return argv


def _start_embedded_queue(args, backend):
    """Without a broker, run crons and queued jobs in-process; returns a function stopping that.

    One threaded process: a runner thread. Several (forked) worker processes: a `fazhi worker`
    child process instead, so that no database connection is shared across a fork.

    With ``-d``, only that database's work is run: a database server shared with other servers
    (each with its own data dir and filestore) must not have their jobs run here.
    """
    from .queue import settings as queue_settings
    if queue_settings.broker_url():
        return lambda: None   # `fazhi worker` processes run the jobs, `fazhi beat` the crons
    dbnames = [args.database] if args.database else None
    if args.workers and args.workers > 1:
        import subprocess
        env = dict(os.environ, FAZHI_BROKER_URL="")
        child = subprocess.Popen([sys.executable, "-m", "fazhi.cli"] + _global_argv()
                                 + ["worker", "--exit-with-parent"]
                                 + (["-d", args.database] if args.database else []), env=env)

        def stop_child():
            if child.poll() is None:
                child.terminate()
                try:
                    child.wait(10)
                except subprocess.TimeoutExpired:
                    child.kill()
        return stop_child
    from .queue.runner import EmbeddedRunner
    runner = EmbeddedRunner(backend, dbnames=dbnames, scheduled=_scheduled_commands())
    runner.start()
    return lambda: runner.stop(timeout=10)


def cmd_worker(args):
    from .queue import settings as queue_settings
    if args.broker:
        queue_settings.set_broker_url(args.broker)
    if args.exit_with_parent:
        _exit_with_parent()
    scheduled = _scheduled_commands()
    if not queue_settings.broker_url():
        # no broker: the embedded runner in the foreground (what `serve` runs in a thread)
        from .queue.runner import EmbeddedRunner
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)   # scheduled commands end with it
        runner = EmbeddedRunner(_backend(), dbnames=args.databases, scheduled=scheduled)
        print("fazhi worker: embedded runner, every %ss (%s)" % (runner.interval, _backend().describe()), flush=True)
        try:
            runner.run()
        except KeyboardInterrupt:
            pass
        return
    from .queue.app import get_app, load_includes, worker_main
    _queue_includes(lambda: load_includes(get_app()))
    worker_main(concurrency=args.concurrency, dbnames=args.databases, loglevel=args.log_level, pool=args.pool)


def cmd_beat(args):
    from .queue import settings as queue_settings
    if args.broker:
        queue_settings.set_broker_url(args.broker)
    if not queue_settings.broker_url():
        raise CliError("fazhi beat needs a broker: pass --broker redis://… or set FAZHI_BROKER_URL "
                       "(without one, `fazhi serve` runs the crons itself)")
    _scheduled_commands()
    from .queue.app import beat_main, get_app, load_includes
    _queue_includes(lambda: load_includes(get_app()))
    beat_main(dbnames=args.databases, loglevel=args.log_level)


def _scheduled_commands():
    """The scheduled commands setting, read at start: a mistake is one line, not a dead thread."""
    from .queue.commands import ScheduledCommandsError, configured
    try:
        return configured()
    except ScheduledCommandsError as exc:
        raise CliError(str(exc)) from None


def _queue_includes(load):
    try:
        return load()
    except RuntimeError as exc:
        raise CliError(str(exc)) from None


def _exit_with_parent():
    """Exit when the parent process is gone (a child of `serve --workers N`)."""
    import threading
    import time
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        from .queue.commands import kill_all
        kill_all()   # os._exit skips the runner's own cleanup of the scheduled commands
        os._exit(0)
    threading.Thread(target=watch, name="fazhi-parent-watch", daemon=True).start()


def cmd_shell(args):
    from .orm.api import Environment, SUPERUSER_ID
    from .orm.registry import Registry
    backend = _backend()
    if not backend.exists(args.database):
        raise CliError("Database %r does not exist" % args.database)
    source = sys.stdin.read()
    cr = backend.cursor(args.database)
    try:
        Registry.for_cursor(cr)
        cr.transaction = None
        env = Environment(cr, SUPERUSER_ID, {})
        namespace = {"env": env, "self": env.user, "__name__": "__fazhi_shell__"}
        exec(compile(source, "<stdin>", "exec"), namespace)  # the operator's own script, by design
        cr.commit()
    finally:
        cr.transaction = None
        cr.close()


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    _configure(args)
    try:
        _check_data_dir()
    except CliError as exc:
        print("fazhi: error: %s" % exc, file=sys.stderr)
        return 1
    from .data import ParseError
    from .modules.graph import DependencyError
    from .modules.loading import ModuleError
    from .modules.manifest import ManifestError
    from .sql import BackendError
    from .exceptions import UserError
    commands = {
        ("db", "create"): cmd_db_create, ("db", "list"): cmd_db_list, ("db", "drop"): cmd_db_drop,
        ("db", "dump"): cmd_db_dump, ("db", "restore"): cmd_db_restore, ("db", "duplicate"): cmd_db_duplicate,
        ("db", "copy"): cmd_db_copy,
        ("install", None): cmd_install, ("upgrade", None): lambda a: cmd_install(a, upgrade=True),
        ("shell", None): cmd_shell, ("serve", None): cmd_serve,
        ("worker", None): cmd_worker, ("beat", None): cmd_beat, ("reset-password", None): cmd_reset_password,
    }
    func = commands[(args.command, getattr(args, "db_command", None))]
    try:
        func(args)
    except (CliError, ParseError, DependencyError, ModuleError, ManifestError, BackendError, UserError) as exc:
        print("fazhi: error: %s" % " ".join(str(exc).split()), file=sys.stderr)
        return 1
    except Interrupted as exc:
        print("fazhi: interrupted: %s" % exc, file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("fazhi: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
