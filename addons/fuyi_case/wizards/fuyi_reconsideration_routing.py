"""Dialogs of the routing (繁简分流): a lead's override (ARL Art. 53) and conversion (Art. 55)."""
from flectra import fields, models, _
from flectra.exceptions import UserError


class FuyiReconsiderationOverrideRouting(models.TransientModel):
    _name = "fuyi.reconsideration.override.routing"
    _inherit = "fuyi.reconsideration.step"
    _description = "Override the routing"

    procedure = fields.Selection([("ordinary", "Ordinary"), ("simple", "Simple")], required=True)
    reason = fields.Text(required=True)
    routing_rule = fields.Selection(related="reconsideration_id.routing_rule", string="Rule applied")
    routing_article_display = fields.Char(related="reconsideration_id.routing_article_display", string="Article")

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(_("Overriding the routing needs a reason on record (ARL Art. 53)."))
        self.reconsideration_id.action_override_routing(self.procedure, self.reason.strip())
        return self._close()


class FuyiReconsiderationConvertOrdinary(models.TransientModel):
    _name = "fuyi.reconsideration.convert.ordinary"
    _inherit = "fuyi.reconsideration.step"
    _description = "Convert to the ordinary procedure"

    reason = fields.Text(required=True, help="Why the simple procedure is not suitable (ARL Art. 55)")

    def action_confirm(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise UserError(_("Say why the simple procedure is not suitable for this case (ARL Art. 55)."))
        self.reconsideration_id.action_convert_to_ordinary(self.reason.strip())
        return self._close()
