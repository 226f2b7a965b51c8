"""Running the WSGI application: one threaded process, or N gunicorn workers for production."""
import logging

_logger = logging.getLogger(__name__)


def _app(proxy_mode):
    from .wsgi import application
    if not proxy_mode:
        return application
    from werkzeug.middleware.proxy_fix import ProxyFix
    return ProxyFix(application, x_for=1, x_proto=1, x_host=1)


def run(host, port, workers=0, proxy_mode=False, on_ready=None):
    """Serve until interrupted; ``on_ready()`` is called once the port is bound (so that "serving"
    is never announced for a port another process holds). OSError when it cannot be bound."""
    app = _app(proxy_mode)
    if workers and workers > 1:
        return _run_gunicorn(app, host, port, workers, on_ready)
    from werkzeug.serving import make_server
    server = make_server(host, port, app, threaded=True)   # binds, or raises OSError
    if on_ready:
        on_ready()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        _logger.info("stopped")
    finally:
        server.server_close()


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
