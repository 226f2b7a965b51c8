"""The statistics screen: the figures of ``get_statistics`` for a period and agency, each with a
drill-down to the cases it counts.

The figures themselves come from ``get_statistics`` (tools/statistics.py defines them); the case lists
use the same facts (CLOSED_STATES, CORRECTING, MEDIATED), so a count and its list always agree.
"""
from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..models.fuyi_reconsideration_outcome import DECISION_TYPES
from ..tools.reconsideration_flow import CLOSED_STATES
from ..tools.statistics import CORRECTING, MEDIATED

SECTIONS = [("summary", "Summary"), ("procedure", "By procedure"), ("decision_type", "By decision type"),
            ("outcome", "By outcome")]
#: the figures of the summary, in display order: (key, label)
SUMMARY = [("received", "Received"), ("accepted", "Accepted"), ("closed", "Closed"),
           ("correcting", "Corrected (纠错)"), ("mediated", "Mediated or settled"),
           ("timed", "Decided (with a decision date)"), ("on_time", "Decided on time")]
#: the closing state of a case, as get_statistics names its outcome
OUTCOMES = ("decided", "mediated", "withdrawn", "terminated", "rejected", "abandoned", "forwarded")


class FuyiStatisticsReport(models.TransientModel):
    _name = "fuyi.statistics.report"
    _description = "Reconsideration statistics"

    date_from = fields.Date(string="Received from")
    date_to = fields.Date(string="Received until")
    agency_id = fields.Many2one("res.partner", string="Respondent agency", domain=[("party_kind", "=", "agency")])
    received_count = fields.Integer(string="Received", readonly=True)
    accepted_count = fields.Integer(string="Accepted", readonly=True)
    closed_count = fields.Integer(string="Closed", readonly=True)
    correcting_count = fields.Integer(string="Corrected (纠错)", readonly=True,
                                      help="Varied, revoked, confirmed illegal, ordered to perform or confirmed "
                                           "invalid")
    mediated_count = fields.Integer(string="Mediated or settled", readonly=True)
    on_time_count = fields.Integer(string="Decided on time", readonly=True)
    correction_rate = fields.Float(string="Correction rate (纠错率, %)", digits=(16, 2), readonly=True,
                                   help="Corrected decisions over closed cases")
    mediation_rate = fields.Float(string="Mediation and settlement rate (%)", digits=(16, 2), readonly=True,
                                  help="Mediated or settled over closed cases")
    on_time_rate = fields.Float(string="On-time closing rate (%)", digits=(16, 2), readonly=True,
                                help="Decided within the decision period over cases decided")
    line_ids = fields.One2many("fuyi.statistics.report.line", "report_id", string="Figures", readonly=True)
    computed = fields.Boolean(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        reports._compute_figures()
        return reports

    def write(self, vals):
        result = super().write(vals)
        if {"date_from", "date_to", "agency_id"} & set(vals):
            self._compute_figures()
        return result

    def action_compute(self):
        """Refresh the figures (the cases may have moved since)."""
        self._compute_figures()
        return True

    def _case_sets(self, cases):
        """``{(section, key): cases}`` for every figure, from the facts get_statistics counts."""
        accepted = cases.filtered("acceptance_date")
        closed = cases.filtered(lambda c: c.state in CLOSED_STATES)
        timed = closed.filtered("decision_date")
        sets = {
            ("summary", "received"): cases, ("summary", "accepted"): accepted, ("summary", "closed"): closed,
            ("summary", "correcting"): closed.filtered(lambda c: c.decision_type in CORRECTING),
            ("summary", "mediated"): closed.filtered(lambda c: c.state in MEDIATED),
            ("summary", "timed"): timed, ("summary", "on_time"): timed.filtered("decided_on_time"),
        }
        for case in accepted.filtered("procedure"):
            sets.setdefault(("procedure", case.procedure), cases.browse())
            sets[("procedure", case.procedure)] |= case
        for case in closed.filtered("decision_type"):
            sets.setdefault(("decision_type", case.decision_type), cases.browse())
            sets[("decision_type", case.decision_type)] |= case
        for case in closed.filtered(lambda c: c.state in OUTCOMES):
            sets.setdefault(("outcome", case.state), cases.browse())
            sets[("outcome", case.state)] |= case
        return sets

    def _labels(self):
        Reconsideration = self.env["fuyi.reconsideration"]
        described = Reconsideration.fields_get(["procedure", "decision_type", "state"])
        labels = {}
        for key, label in SUMMARY:     # not in a comprehension: _() reads the language from this frame
            labels[("summary", key)] = _(label)
        for section, field in (("procedure", "procedure"), ("decision_type", "decision_type"), ("outcome", "state")):
            for key, label in described[field]["selection"]:
                labels[(section, key)] = label
        return labels

    def _compute_figures(self):
        Reconsideration = self.env["fuyi.reconsideration"]
        order = {key: index for index, key in enumerate(
            [key for key, _label in SUMMARY] + ["ordinary", "simple"] + [key for key, _label in DECISION_TYPES]
            + list(OUTCOMES))}
        sections = [key for key, _label in SECTIONS]
        for report in self:
            if report.date_from and report.date_to and report.date_from > report.date_to:
                raise UserError(_("The start date is after the end date."))
            figures = Reconsideration.get_statistics(report.date_from or None, report.date_to or None,
                                                     report.agency_id.id or None)
            sets = report._case_sets(Reconsideration.browse(figures["case_ids"]))
            labels = report._labels()
            keys = sorted(sets, key=lambda k: (sections.index(k[0]), order.get(k[1], len(order)), k[1]))
            lines = [(5, 0, 0)] + [(0, 0, {
                "section": section, "key": key, "name": labels.get((section, key), key), "sequence": index,
                "count": len(sets[(section, key)]), "case_ids": [(6, 0, sets[(section, key)].ids)],
            }) for index, (section, key) in enumerate(keys)]
            super(FuyiStatisticsReport, report).write({
                "received_count": figures["received"], "accepted_count": figures["accepted"],
                "closed_count": figures["closed"],
                "correcting_count": len(sets[("summary", "correcting")]),
                "mediated_count": len(sets[("summary", "mediated")]),
                "on_time_count": len(sets[("summary", "on_time")]),
                "correction_rate": round(figures["correction_rate"] * 100, 2),
                "mediation_rate": round(figures["mediation_rate"] * 100, 2),
                "on_time_rate": round(figures["on_time_rate"] * 100, 2),
                "line_ids": lines, "computed": True,
            })

    def _line(self, section, key):
        self.ensure_one()
        return self.line_ids.filtered(lambda l: l.section == section and l.key == key)[:1]

    def _open_summary(self, key):
        self.ensure_one()
        line = self._line("summary", key)
        if not line:
            raise UserError(_("Compute the figures first."))
        return line.action_open_cases()

    def action_open_received(self):
        return self._open_summary("received")

    def action_open_accepted(self):
        return self._open_summary("accepted")

    def action_open_closed(self):
        return self._open_summary("closed")

    def action_open_correcting(self):
        return self._open_summary("correcting")

    def action_open_mediated(self):
        return self._open_summary("mediated")

    def action_open_on_time(self):
        return self._open_summary("on_time")

    def action_open_late(self):
        """The decided cases that were not decided on time: what lowers the on-time rate."""
        self.ensure_one()
        timed, on_time = self._line("summary", "timed"), self._line("summary", "on_time")
        if not timed:
            raise UserError(_("Compute the figures first."))
        return timed._open_cases(timed.case_ids - on_time.case_ids, _("Decided late"))

    def action_open_breakdown(self):
        """Every figure as a list, each line with its drill-down button."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_statistics_report_line_action")
        title = action["name"]
        action.update({"name": _(title), "domain": [("report_id", "=", self.id)], "target": "current",
                       "context": {"group_by": "section"}})
        return action


class FuyiStatisticsReportLine(models.TransientModel):
    _name = "fuyi.statistics.report.line"
    _description = "Statistics figure"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one("fuyi.statistics.report", string="Statistics", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Sequence")
    section = fields.Selection(SECTIONS, string="Section", required=True)
    key = fields.Char(string="Key")
    name = fields.Char(string="Figure")
    count = fields.Integer(string="Cases")
    case_ids = fields.Many2many("fuyi.reconsideration", "fuyi_statistics_report_line_case_rel", "line_id",
                                "reconsideration_id", string="Cases counted")

    def _open_cases(self, cases, title):
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_reconsideration_action")
        action.update({"name": title, "domain": [("id", "in", cases.ids)], "context": {}, "target": "current",
                       "res_id": False})
        action.pop("id", None)   # an ad-hoc list, not the menu's action: no default filter applies
        return action

    def action_open_cases(self):
        """The cases this figure counts (a window action on their ids)."""
        self.ensure_one()
        return self._open_cases(self.case_ids, "%s: %s" % (_("Reconsideration statistics"), self.name))
