"""Pure rules of the reconsideration addon (no ORM): identifiers, numbers, calendars, periods."""
from . import identifiers, numbers, workdays, periods, calendar_seed  # noqa: F401
