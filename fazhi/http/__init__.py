"""The HTTP face of fazhi: JSON-RPC, XML-RPC and session routes shaped like Flectra's.

    from fazhi.http.wsgi import Application
    app = Application()          # a WSGI callable; `fazhi serve` runs it
"""
