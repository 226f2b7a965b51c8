import base64
import binascii

from flectra import fields, models, _
from flectra.exceptions import UserError

from ..tools import litigation


def _attachment(env, content, name, appearance):
    """An uploaded file as an attachment of the appearance (the head has no write access to it)."""
    if not content:
        return env["ir.attachment"]
    if isinstance(content, bytes):
        content = content.decode("ascii", "replace")
    try:
        base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise UserError(_("The uploaded file could not be read.")) from None
    return env["ir.attachment"].sudo().create({"name": (name or "").strip() or "upload", "datas": content,
                                               "res_model": "yingsu.appearance", "res_id": appearance.id})


class YingsuAppearanceDesignate(models.TransientModel):
    """The agency designates who appears: a head (HEAD-2020 Art. 2), or staff with a sealed power of attorney
    (ALL-I Art. 131 para 2). Opened by the head from the notice."""

    _name = "yingsu.appearance.designate"
    _description = "Designate who appears"

    appearance_id = fields.Many2one("yingsu.appearance", string="Court appearance", required=True,
                                    ondelete="cascade", default=lambda self: self.env.context.get("active_id"))
    designee_kind = fields.Selection([("head", "Agency head"), ("staff", "Staff with power of attorney")],
                                     string="Appears as", required=True, default="head")
    designee_id = fields.Many2one("res.partner", string="Appears in court", domain=[("party_kind", "=", "person")])
    staff_name = fields.Char(string="Staff member's name", help="When the staff member is not on record yet")
    position = fields.Char(string="Position")
    authority = fields.Char(string="Authority granted", default="一般代理")
    attorney_file = fields.Binary(string="Sealed power of attorney (scan)", attachment=False)
    attorney_file_name = fields.Char(string="File name")

    def action_confirm(self):
        self.ensure_one()
        appearance = self.appearance_id
        designee = self.designee_id
        if not designee and self.designee_kind == "staff" and (self.staff_name or "").strip():
            designee = self.env["res.partner"].sudo().create({"name": self.staff_name.strip(), "party_kind": "person",
                                                              "function": self.position or False})
        if not designee:
            raise UserError(_("Choose the person who appears."))
        with self.env.cr.savepoint():
            attorney = _attachment(self.env, self.attorney_file, self.attorney_file_name, appearance)
            appearance.action_designate(designee.id, self.designee_kind, position=self.position or "",
                                        authority=self.authority or "", attorney_ids=attorney.ids)
        return {"type": "ir.actions.act_window_close"}


class YingsuAppearanceAbsence(models.TransientModel):
    """The head cannot appear: one of the reasons of HEAD-2020 Art. 8 with proof sealed by the agency or signed
    by its principal head (Art. 9), and whether to ask for a postponement."""

    _name = "yingsu.appearance.absence"
    _description = "Reason for the head's absence"

    appearance_id = fields.Many2one("yingsu.appearance", string="Court appearance", required=True,
                                    ondelete="cascade", default=lambda self: self.env.context.get("active_id"))
    reason = fields.Selection(litigation.ABSENCE_REASONS, string="Reason", required=True)
    reason_text = fields.Text(string="Reason in detail")
    proof_file = fields.Binary(string="Proof (sealed or signed by the principal head)", attachment=False)
    proof_file_name = fields.Char(string="File name")
    postponement = fields.Boolean(string="Ask the court to postpone the hearing")

    def action_confirm(self):
        self.ensure_one()
        appearance = self.appearance_id
        with self.env.cr.savepoint():
            proof = _attachment(self.env, self.proof_file, self.proof_file_name, appearance)
            appearance.action_report_absence(self.reason, self.reason_text or "", proof_ids=proof.ids,
                                             postponement=self.postponement)
        return {"type": "ir.actions.act_window_close"}


class YingsuAppearanceRecord(models.TransientModel):
    """What happened in court, recorded by the litigation staff (HEAD-2020 Arts. 11, 12; ALL-I Arts. 128, 132)."""

    _name = "yingsu.appearance.record"
    _description = "Record the appearance"

    appearance_id = fields.Many2one("yingsu.appearance", string="Court appearance", required=True,
                                    ondelete="cascade", default=lambda self: self.env.context.get("active_id"))
    result = fields.Selection(litigation.APPEARANCE_RESULTS, string="Who appeared", required=True, default="head")
    appeared_id = fields.Many2one("res.partner", string="Person who appeared",
                                  default=lambda self: self._default_appeared())
    statement = fields.Text(string="What the head said on resolving the dispute")

    def _default_appeared(self):
        appearance = self.env["yingsu.appearance"].browse(self.env.context.get("active_id")).exists()
        return appearance.designee_id.id if appearance else False

    def action_confirm(self):
        self.ensure_one()
        self.appearance_id.action_record(self.result, self.appeared_id.id, self.statement or "")
        return {"type": "ir.actions.act_window_close"}


class YingsuAppearance(models.Model):
    _inherit = "yingsu.appearance"

    def _open_wizard(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update({"name": _(action["name"]), "target": "new", "context": {
            "active_model": self._name, "active_id": self.id, "active_ids": [self.id],
            "default_appearance_id": self.id}})
        return action

    def action_open_designate(self):
        return self._open_wizard("yingsu.yingsu_appearance_designate_action")

    def action_open_absence(self):
        return self._open_wizard("yingsu.yingsu_appearance_absence_action")

    def action_open_record(self):
        return self._open_wizard("yingsu.yingsu_appearance_record_action")

    def action_confirm_self(self):
        """The head confirms they appear in person (HEAD-2020 Art. 2)."""
        self.ensure_one()
        partner = self.env.user.partner_id
        if partner not in self._heads():
            raise UserError(_("Only a head of %(agency)s can confirm that they appear in person (HEAD-2020 Art. 2); "
                              "designate who appears instead.", agency=self.agency_id.name))
        return self.action_designate(partner.id, "head", position=partner.function or "")
