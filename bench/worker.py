"""One benchmark process: ``python3 -m bench.worker KIND CONTEXT.json`` prints one result line.

Kinds: load (set-up and generator), fazhi (W1–W5 in-process), raw (DB-API), sqlalchemy, django,
profile:<W> (pyinstrument). Each contender runs in its own process so that its memory and its
imports stay its own.
"""
import sys

from bench import common


def main(argv):
    kind, path = argv[1], argv[2]
    ctx = common.load_context(path)
    if kind == "load":
        from bench import w_fazhi
        result = w_fazhi.load(ctx)
    elif kind == "fazhi":
        from bench import w_fazhi
        result = w_fazhi.run(ctx)
    elif kind.startswith("profile:"):
        from bench import w_fazhi
        result = w_fazhi.profile(ctx, kind.split(":", 1)[1])
    elif kind == "raw":
        from bench import w_raw
        result = w_raw.run(ctx)
    elif kind == "sqlalchemy":
        from bench import w_sqlalchemy
        result = w_sqlalchemy.run(ctx)
    elif kind == "django":
        from bench import w_django
        result = w_django.run(ctx)
    else:
        raise SystemExit("unknown benchmark process kind %r" % kind)
    common.emit(result)


if __name__ == "__main__":
    main(sys.argv)
