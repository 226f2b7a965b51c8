"""Running the WSGI application: one threaded process, or N gunicorn workers for production."""
import logging

_logger = logging.getLogger(__name__)


def _app(proxy_mode):
    from .wsgi import application
    if not proxy_mode:
        return application
    from werkzeug.middleware.proxy_fix import ProxyFix
    return ProxyFix(application, x_for=1, x_proto=1, x_host=1)


class BindError(OSError):
    """The port could not be bound (taken, privileged, not an address of this machine)."""


def run(host, port, workers=0, proxy_mode=False, on_ready=None):
    """Serve until interrupted; ``on_ready()`` is called once the port is bound (so that "serving"
    is never announced for a port another process holds). BindError when it cannot be bound."""
    app = _app(proxy_mode)
    if workers and workers > 1:
        return _run_gunicorn(app, host, port, workers, on_ready)
    from werkzeug.serving import make_server
    sock = _bound_socket(host, port)
    try:
        server = make_server(host, port, app, threaded=True, fd=sock.fileno())   # werkzeug dups it
    finally:
        sock.close()
    if on_ready:
        on_ready()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        _logger.info("stopped")
    finally:
        server.server_close()


def _bound_socket(host, port):
    """A listening socket, bound here so that a failure is BindError (werkzeug would print its
    own lines and exit)."""
    import socket
    from werkzeug.serving import LISTEN_QUEUE, get_sockaddr, select_address_family
    family = select_address_family(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(get_sockaddr(host, int(port), family))
        sock.listen(LISTEN_QUEUE)
    except OSError as exc:
        sock.close()
        raise BindError(exc.errno, exc.strerror) from exc
    return sock


def _run_gunicorn(app, host, port, workers, on_ready=None):
    from gunicorn.app.base import BaseApplication

    class FazhiGunicorn(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", "%s:%s" % (host, port))
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 4)
            self.cfg.set("timeout", 120)
            self.cfg.set("limit_request_line", 8190)
            self.cfg.set("accesslog", None)
            if on_ready:
                self.cfg.set("when_ready", lambda _arbiter: on_ready())   # after gunicorn bound the port

        def load(self):
            return app

    FazhiGunicorn().run()
