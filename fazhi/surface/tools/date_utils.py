from ...orm.date_utils import start_of, end_of, add, subtract  # noqa: F401


def json_default(obj):
    import datetime
    if isinstance(obj, datetime.datetime):
        return obj.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(obj, datetime.date):
        return obj.strftime("%Y-%m-%d")
    if isinstance(obj, bytes):
        return obj.decode()
    return str(obj)
