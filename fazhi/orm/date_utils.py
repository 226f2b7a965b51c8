"""Date arithmetic helpers shared by ``fields.Date``/``Datetime`` and ``tools.date_utils``."""
import datetime

from dateutil.relativedelta import relativedelta


def start_of(value, granularity):
    is_dt = isinstance(value, datetime.datetime)
    if granularity == "year":
        result = value.replace(month=1, day=1)
    elif granularity == "quarter":
        result = value.replace(month=((value.month - 1) // 3) * 3 + 1, day=1)
    elif granularity == "month":
        result = value.replace(day=1)
    elif granularity == "week":
        result = value - datetime.timedelta(days=value.weekday())
    elif granularity == "day":
        result = value
    elif granularity == "hour" and is_dt:
        return value.replace(minute=0, second=0, microsecond=0)
    else:
        raise ValueError("Granularity must be year, quarter, month, week, day or hour for %s" % value)
    return datetime.datetime.combine(result, datetime.time.min) if is_dt else result


def end_of(value, granularity):
    is_dt = isinstance(value, datetime.datetime)
    if granularity == "year":
        result = value.replace(month=12, day=31)
    elif granularity == "quarter":
        result = start_of(value, "quarter") + relativedelta(months=3, days=-1)
    elif granularity == "month":
        result = value + relativedelta(day=1, months=1, days=-1)
    elif granularity == "week":
        result = value + datetime.timedelta(days=6 - value.weekday())
    elif granularity == "day":
        result = value
    elif granularity == "hour" and is_dt:
        return value.replace(minute=59, second=59, microsecond=999999)
    else:
        raise ValueError("Granularity must be year, quarter, month, week, day or hour for %s" % value)
    if is_dt:
        return datetime.datetime.combine(result, datetime.time.max)
    return result.date() if isinstance(result, datetime.datetime) else result


def add(value, *args, **kwargs):
    return value + relativedelta(*args, **kwargs)


def subtract(value, *args, **kwargs):
    return value - relativedelta(*args, **kwargs)
