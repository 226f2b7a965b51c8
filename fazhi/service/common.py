"""The ``common`` service: version, login, authenticate."""
import os

from .. import exceptions
from ..surface import release
from . import security


def server_version():
    return os.environ.get("FAZHI_SERVER_VERSION") or release.version


def version_info():
    version = server_version()
    numbers = []
    for part in version.split("-")[0].split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        numbers.append(int(digits) if digits else 0)
    while len(numbers) < 3:
        numbers.append(0)
    return {
        "server_version": version,
        "server_version_info": numbers[:3] + ["final", 0, ""],
        "server_serie": version,
        "protocol_version": 1,
    }


def dispatch(backend, method, params, request_info):
    if method == "version":
        return version_info()
    if method == "about":
        text = "See https://www.gnu.org/licenses/lgpl-3.0.html — fazhi (法治)"
        return [text, server_version()] if params and params[0] else text
    if method in ("login", "authenticate"):
        if len(params) < 3:
            raise TypeError("%s() takes the database, login and password" % method)
        db, login, password = params[0], params[1], params[2]
        if not backend.exists(db):
            raise exceptions.AccessError("Database not found.")
        try:
            return security.login(backend, db, login, password, request_info)
        except exceptions.AccessDenied:
            return False
    raise exceptions.UserError("Method not available: common.%s" % method)
