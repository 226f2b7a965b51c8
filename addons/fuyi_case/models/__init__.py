from . import res_partner
from . import fuyi_calendar_day
from . import fuyi_deadline
from . import fuyi_dispute
from . import fuyi_case
from . import fuyi_case_party
from . import fuyi_reconsideration
from . import fuyi_reconsideration_outcome
