"""Dialogs for acceptance on a chosen date or procedure (ARL Arts. 30, 53) and for copies of the effective
decision or of an opinion letter to the respondent's superior department (ARL Art. 79 para 2)."""
from flectra import api, fields, models, _
from flectra.exceptions import UserError

from ..models.fuyi_service import CHANNELS
from ..models.fuyi_case import cite
from ..tools import routing as routing_rules

PROCEDURES = [("route", "By the routing table (ARL Art. 53)"), ("ordinary", "Ordinary"), ("simple", "Simple")]


class FuyiReconsiderationAccept(models.TransientModel):
    _name = "fuyi.reconsideration.accept"
    _inherit = "fuyi.reconsideration.step"
    _description = "Accept the application"

    acceptance_date = fields.Date(string="Accepted on", required=True, default=fields.Date.context_today)
    procedure = fields.Selection(PROCEDURES, string="Procedure", required=True, default="route")
    routed_procedure = fields.Selection([("ordinary", "Ordinary"), ("simple", "Simple")],
                                        string="Procedure by the routing table", compute="_compute_routed_procedure")
    routing_text = fields.Char(string="Rule that applies", compute="_compute_routing_text")
    override_reason = fields.Text(string="Why another procedure",
                                  help="A lead departs from the routing table with a reason on record (ARL Art. 53)")

    def _routing(self):
        if not self.reconsideration_id:
            return None
        try:
            return routing_rules.route(self.reconsideration_id._routing_facts())
        except ValueError:
            return None

    # one compute per field: on a new record, fazhi keeps only the last field a shared compute assigns
    @api.depends("reconsideration_id")
    def _compute_routed_procedure(self):
        for wizard in self:
            result = wizard._routing()
            wizard.routed_procedure = result.procedure if result else False

    @api.depends("reconsideration_id")
    def _compute_routing_text(self):
        for wizard in self:
            result = wizard._routing()
            wizard.routing_text = "%s（%s）" % (_(result.text), cite(result.article, self.env)) if result else False

    def action_confirm(self):
        self.ensure_one()
        case = self.reconsideration_id
        if case.state != "review":
            raise UserError(_("Only an application in acceptance review can be accepted (ARL Art. 30)."))
        self._check_past(self.acceptance_date, _("The acceptance date"))
        received = case.corrections_received or case.date_received
        self._check_not_before(self.acceptance_date, received, _("The acceptance date"),
                               _("the date the application or its corrections were received"))
        review = case.case_id._deadline("acceptance_review")
        if review and self.acceptance_date > review.due_date:
            raise UserError(_("The review period ended on %(date)s: the application is deemed accepted on that day "
                              "(ARL Art. 30 para 3).", date=review.due_date))
        chosen = self.procedure if self.procedure != "route" else False
        if chosen and chosen != self.routed_procedure:
            reason = (self.override_reason or "").strip()
            if not reason:
                raise UserError(_("Departing from the routing table needs a reason on record (ARL Art. 53)."))
            case.action_override_routing(chosen, reason)     # refuses a clerk, and simple for complex cases
            case.action_accept(date=self.acceptance_date, procedure=chosen)
        else:
            case.action_accept(date=self.acceptance_date)   # routes and records the rule that decided
        return self._close()


class FuyiReconsiderationCopySuperior(models.TransientModel):
    _name = "fuyi.reconsideration.copy.superior"
    _inherit = "fuyi.reconsideration.step"
    _description = "Copy to the superior department"

    kind = fields.Selection([("decision", "Decision"), ("opinion_letter", "Opinion letter")], string="What was copied",
                            required=True, default="decision")
    opinion_letter_id = fields.Many2one("fuyi.opinion.letter", string="Opinion letter",
                                        domain="[('reconsideration_id', '=', reconsideration_id), "
                                               "('issued_date', '!=', False)]")
    superior_id = fields.Many2one("res.partner", string="Superior department", required=True,
                                  domain=[("party_kind", "=", "agency")],
                                  help="The respondent's next-higher competent department (ARL Art. 79 para 2)")
    sent_date = fields.Date(string="Copied on", required=True, default=fields.Date.context_today)
    channel = fields.Selection(CHANNELS, string="Channel", required=True, default="direct")
    note = fields.Text(string="Note")
    decision_effective_date = fields.Date(related="reconsideration_id.decision_effective_date",
                                          string="Decision effective on")

    def action_confirm(self):
        self.ensure_one()
        case = self.reconsideration_id
        self._check_past(self.sent_date, _("The date of the copy"))
        letter = self.opinion_letter_id if self.kind == "opinion_letter" else self.opinion_letter_id.browse()
        if self.kind == "decision":
            if not case.decision_effective_date:
                raise UserError(_("Only an effective decision is copied (ARL Art. 79 para 2); the decision of case "
                                  "%(case)s takes effect when it is served (Art. 75).", case=case.name))
            self._check_not_before(self.sent_date, case.decision_effective_date, _("The date of the copy"),
                                   _("the day the decision took effect"))
        else:
            if not letter or letter.reconsideration_id != case:
                raise UserError(_("Name the opinion letter of this case that was copied."))
            if not letter.issued_date:
                raise UserError(_("An opinion letter is copied once it has been issued."))
            self._check_not_before(self.sent_date, letter.issued_date, _("The date of the copy"),
                                   _("the day the letter was issued"))
        case.action_copy_to_superior(superior_id=self.superior_id.id, date=self.sent_date, channel=self.channel,
                                     opinion_letter_id=letter.id or False, note=(self.note or "").strip())
        return self._close()


class FuyiReconsideration(models.Model):
    _inherit = "fuyi.reconsideration"

    def action_open_accept(self):
        return self._open_dialog("fuyi_reconsideration_accept_action")

    def action_open_copy_to_superior(self):
        self.ensure_one()
        return self._open_dialog("fuyi_reconsideration_copy_superior_action",
                                 superior_id=self._superior_of_respondent().id or False)


class FuyiOpinionLetter(models.Model):
    _inherit = "fuyi.opinion.letter"

    def action_open_create_document(self):
        """Prepare the letter's 意见书/建议书 and open the draft, ready to be checked and issued."""
        self.ensure_one()
        return self.env["fuyi.reconsideration.step"]._open_document(self.action_create_document())

    def action_open_copy_to_superior(self):
        """Record the copy of this letter to the agency's superior department (ARL Art. 79 para 2)."""
        self.ensure_one()
        case = self.reconsideration_id
        superior = self.recipient_id.superior_department_id or case._superior_of_respondent()
        return case._open_dialog("fuyi_reconsideration_copy_superior_action", kind="opinion_letter",
                                 opinion_letter_id=self.id, superior_id=superior.id or False)
