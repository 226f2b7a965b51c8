from ...orm.translate import _, _lt, LazyTranslate  # noqa: F401
