"""Float rounding and comparison by a precision (digits or rounding step)."""
import math


def _rounding(precision_digits=None, precision_rounding=None):
    if precision_rounding is not None:
        return precision_rounding
    return 10 ** -(precision_digits if precision_digits is not None else 2)


def float_round(value, precision_digits=None, precision_rounding=None, rounding_method="HALF-UP"):
    step = _rounding(precision_digits, precision_rounding)
    if not step or not value:
        return float(value or 0.0)
    normalized = value / step
    epsilon = 2 ** (math.log(abs(normalized), 2) - 52) if normalized else 0
    if rounding_method == "UP":
        rounded = math.ceil(normalized - math.copysign(epsilon, normalized)) if normalized > 0 else math.floor(normalized + epsilon)
    elif rounding_method == "DOWN":
        rounded = math.floor(normalized + math.copysign(epsilon, normalized)) if normalized > 0 else math.ceil(normalized - epsilon)
    else:
        rounded = math.floor(abs(normalized) + 0.5 + epsilon) * (1 if normalized >= 0 else -1)
    return round(rounded * step, 12)


def float_is_zero(value, precision_digits=None, precision_rounding=None):
    step = _rounding(precision_digits, precision_rounding)
    return abs(float_round(value, precision_rounding=step)) < step


def float_compare(value1, value2, precision_digits=None, precision_rounding=None):
    step = _rounding(precision_digits, precision_rounding)
    value1 = float_round(value1, precision_rounding=step)
    value2 = float_round(value2, precision_rounding=step)
    delta = value1 - value2
    if float_is_zero(delta, precision_rounding=step):
        return 0
    return -1 if delta < 0 else 1
