from . import yingsu_lawsuit
from . import yingsu_appearance
from . import yingsu_judgment
from . import yingsu_suggestion
from . import yingsu_joint_meeting
from . import yingsu_trial_attendance
from . import fuyi_reconsideration
from . import fuyi_document
