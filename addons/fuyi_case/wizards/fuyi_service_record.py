import base64
import binascii

from flectra import api, fields, models, _
from flectra.exceptions import UserError


class FuyiServiceRecord(models.TransientModel):
    """Record how a service ended: served on a day (with the proof), or failed with the reason.
    The service date starts the clocks that run from it (e.g. the reply period, ARL Arts. 48, 54)."""

    _name = "fuyi.service.record"
    _description = "Record service"

    @api.model
    def _default_service_id(self):
        context = self.env.context
        if context.get("active_model") == "fuyi.service" and context.get("active_id"):
            return context["active_id"]
        return False

    service_id = fields.Many2one("fuyi.service", string="Service record", required=True, ondelete="cascade",
                                 default=_default_service_id)
    channel = fields.Selection(related="service_id.channel", string="Channel")
    sent_date = fields.Date(related="service_id.sent_date", string="Sent on")
    outcome = fields.Selection([("served", "Served"), ("failed", "Failed")], required=True, default="served")
    served_date = fields.Date(string="Served on", default=fields.Date.context_today)
    proof_attachment_id = fields.Many2one("ir.attachment", string="Proof of service (送达回证)")
    # the signed 送达回证 that came back, scanned: its signing date is the service date (CPL Art. 87)
    proof_file = fields.Binary(string="Signed proof of service (scan)", attachment=False,
                               help="The 送达回证 signed by the recipient; kept on the service record")
    proof_file_name = fields.Char(string="File name")
    failure_reason = fields.Char(string="Why service failed")

    def action_confirm(self):
        self.ensure_one()
        service = self.service_id
        if service.state != "pending":
            raise UserError(_("Only a service that is still pending can be recorded."))
        if self.outcome == "failed":
            if not (self.failure_reason or "").strip():
                raise UserError(_("Say why the document could not be served."))
            service.action_mark_failed(self.failure_reason.strip())
            return {"type": "ir.actions.act_window_close"}
        today = fields.Date.context_today(self)
        if service.channel != "public_notice":   # a public notice is served by law 30 days on
            if not self.served_date:
                raise UserError(_("Enter the day the recipient received the document."))
            if self.served_date > today:
                raise UserError(_("%(label)s cannot be after today (%(today)s): record what has happened.",
                                  label=_("The service date"), today=today))
        proof = self._proof_attachment()
        service.action_mark_served(date=self.served_date, proof_attachment_id=proof.id or False)
        return {"type": "ir.actions.act_window_close"}

    def _proof_attachment(self):
        """The uploaded scan as an attachment of the service record, else the attachment chosen."""
        if not self.proof_file:
            return self.proof_attachment_id
        content = self.proof_file
        if isinstance(content, bytes):
            content = content.decode("ascii", "replace")
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise UserError(_("The scan of the proof of service could not be read.")) from None
        name = (self.proof_file_name or "").strip() or "proof_of_service-signed"
        return self.env["ir.attachment"].create({
            "name": name, "datas": content, "res_model": "fuyi.service", "res_id": self.service_id.id})


class FuyiService(models.Model):
    _inherit = "fuyi.service"

    def action_open_record(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuyi_case.fuyi_service_record_action")
        title = action["name"]
        action.update({"name": _(title), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id], "default_service_id": self.id}})
        return action
