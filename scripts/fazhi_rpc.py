"""Connection of the operator scripts (`scripts/*.py`) to a fazhi or Flectra server, with odoorpc.

The connection comes from environment variables, as in OCA/odoorpc ``odoorpc/tests/__init__.py``:

    FAZHI_RPC_HOST       server host (default localhost)
    FAZHI_RPC_PORT       port (default 8069)
    FAZHI_RPC_PROTOCOL   jsonrpc (default) or jsonrpc+ssl
    FAZHI_RPC_DB         database (required)
    FAZHI_RPC_LOGIN      login (default admin)
    FAZHI_RPC_PASSWORD   password, or FAZHI_RPC_API_KEY: an API key (used as the password)
    FAZHI_RPC_TIMEOUT    seconds per request (default 120)

The scripts use only public model methods over ``execute_kw``, so they work the same against
fazhi and Flectra.
"""
import os
import sys

PROTOCOLS = ("jsonrpc", "jsonrpc+ssl")


class ConfigError(Exception):
    """The environment does not describe a usable connection."""


def env_config(environ=None):
    """The connection settings from the environment; ConfigError names what is missing."""
    environ = os.environ if environ is None else environ
    protocol = environ.get("FAZHI_RPC_PROTOCOL") or "jsonrpc"
    if protocol not in PROTOCOLS:
        raise ConfigError("FAZHI_RPC_PROTOCOL must be one of %s, not %r" % (", ".join(PROTOCOLS), protocol))
    port_text = environ.get("FAZHI_RPC_PORT") or ("443" if protocol == "jsonrpc+ssl" else "8069")
    timeout_text = environ.get("FAZHI_RPC_TIMEOUT") or "120"
    try:
        port = int(port_text)
        timeout = float(timeout_text)
    except ValueError:
        raise ConfigError("FAZHI_RPC_PORT and FAZHI_RPC_TIMEOUT must be numbers") from None
    password = environ.get("FAZHI_RPC_PASSWORD") or environ.get("FAZHI_RPC_API_KEY")
    missing = [name for name, value in (("FAZHI_RPC_DB", environ.get("FAZHI_RPC_DB")),
                                        ("FAZHI_RPC_PASSWORD or FAZHI_RPC_API_KEY", password)) if not value]
    if missing:
        raise ConfigError("set %s (see scripts/fazhi_rpc.py)" % " and ".join(missing))
    return {
        "host": environ.get("FAZHI_RPC_HOST") or "localhost",
        "port": port,
        "protocol": protocol,
        "db": environ["FAZHI_RPC_DB"],
        "login": environ.get("FAZHI_RPC_LOGIN") or "admin",
        "password": password,
        "timeout": timeout,
    }


def connect(environ=None):
    """An odoorpc client logged in with the environment's settings."""
    import odoorpc

    config = env_config(environ)
    client = odoorpc.ODOO(config["host"], protocol=config["protocol"], port=config["port"],
                          timeout=config["timeout"])
    client.login(config["db"], config["login"], config["password"])
    return client


def rpc_error_message(exc):
    """The user-facing message of an RPC error (odoorpc.error.RPCError or anything else)."""
    info = getattr(exc, "info", None)
    if isinstance(info, dict):
        data = info.get("data") or {}
        message = data.get("message") or info.get("message")
        if message:
            return str(message).strip()
    return str(exc).strip() or exc.__class__.__name__


def connect_or_exit(environ=None):
    """`connect`, or a one-line message on stderr and exit status 2."""
    try:
        return connect(environ)
    except ConfigError as exc:
        print("connection settings: %s" % exc, file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - any failure to log in ends the script cleanly
        print("cannot log in to the server: %s" % rpc_error_message(exc), file=sys.stderr)
    sys.exit(2)


def model_exists(client, model):
    """Whether ``model`` is installed on the server (asked through ir.model, not by failing)."""
    return bool(client.env["ir.model"].search_count([("model", "=", model)]))
