"""Rules corrected against the official 2023 texts (issue 12): routing, corrections, posting dates,
respondents, service channels, decisions."""
import datetime

from flectra.exceptions import UserError, ValidationError
from flectra.tests import new_test_user

from .common import FuyiCaseCommon

D = datetime.date


class TestRoutingOnlyWarning(FuyiCaseCommon):

    def test_warning_plus_fine_is_routed_ordinary_on_acceptance(self):
        """ARL Art. 53 para 1 (2): an act of 警告 plus a 5,000 yuan fine is not only a warning."""
        case = self.new_case("2025-09-26", act_sanction="warning", act_amount=5000)
        case.action_accept(date="2025-10-10")
        self.assertEqual((case.procedure, case.routing_rule), ("ordinary", "default"))
        only = self.new_case("2025-09-26", act_sanction="warning")
        only.action_accept(date="2025-10-10")
        self.assertEqual((only.procedure, only.routing_rule), ("simple", "warning"))
        marked = self.new_case("2025-09-26", act_sanction="circulated_criticism", act_other_measures=True)
        marked.action_accept(date="2025-10-10")
        self.assertEqual(marked.procedure, "ordinary")
