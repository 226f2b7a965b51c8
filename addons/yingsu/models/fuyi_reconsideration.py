from flectra import fields, models, _
from flectra.exceptions import UserError

from .yingsu_lawsuit import CHANGING_DECISIONS, UPHOLDING_DECISIONS

#: reconsideration role → lawsuit role; applicants sue, third parties stay third parties
ROLE_MAP = {"applicant": "plaintiff", "third_party": "third_party", "representative": "representative"}


class FuyiReconsideration(models.Model):
    """A reconsideration decision taken to court: the lawsuit inherits the case, nothing is keyed twice."""

    _inherit = "fuyi.reconsideration"

    lawsuit_ids = fields.One2many("yingsu.lawsuit", "reconsideration_id", string="Lawsuits")

    def _county_government(self):
        """The reconsideration organ as a party: the agency named by ``yingsu.county_government_id``, else the
        agency called like the body that signs the decisions (fuyi_case.body_name), created once if missing."""
        Partner = self.env["res.partner"].sudo()
        params = self.env["ir.config_parameter"].sudo()
        configured = params.get_param("yingsu.county_government_id")
        if configured and configured.isdigit() and Partner.browse(int(configured)).exists():
            return Partner.browse(int(configured))
        name = params.get_param("fuyi_case.body_name", "县人民政府")
        government = Partner.search([("name", "=", name), ("party_kind", "=", "agency")], limit=1)
        if not government:
            government = Partner.create({"name": name, "party_kind": "agency", "is_company": True})
        params.set_param("yingsu.county_government_id", str(government.id))
        return government

    def _lawsuit_defendants(self):
        """[(agency, role)] for a suit after this reconsideration (ALL Art. 26 paras 2–3; ALL-I Arts. 22, 133, 134):
        upheld (incl. request rejected), or partly upheld → original agency and the reconsideration organ are
        co-defendants;
        changed → the organ alone; no decision in time → the original agency (suing the original act)."""
        self.ensure_one()
        original = self.party_ids.filtered(lambda p: p.role == "respondent").mapped("partner_id") or self.agency_id
        if self.decision_type in UPHOLDING_DECISIONS:
            return [(agency, "defendant") for agency in original] + [(self._county_government(), "co_defendant")]
        if self.decision_type in CHANGING_DECISIONS:
            return [(self._county_government(), "defendant")]
        return [(agency, "defendant") for agency in original]

    def _prepare_lawsuit_vals(self, values=None):
        self.ensure_one()
        parties = []
        for party in self.party_ids:
            role = ROLE_MAP.get(party.role)
            if role:
                parties.append((0, 0, {"partner_id": party.partner_id.id, "role": role,
                                       "is_primary": party.is_primary, "represented_id": party.represented_id.id}))
        for agency, role in self._lawsuit_defendants():
            parties.append((0, 0, {"partner_id": agency.id, "role": role, "is_primary": role == "defendant"}))
        defendants = [agency for agency, role in self._lawsuit_defendants() if role == "defendant"]
        evidence = [(0, 0, {"name": item.name, "purpose": item.purpose, "source_evidence_id": item.id,
                            "attachment_ids": [(6, 0, item.attachment_ids.ids)]})
                    for item in self.env["fuyi.evidence"].search([("reconsideration_id", "=", self.id),
                                                                  ("submitted_by", "=", "respondent")])]
        vals = {
            "title": self.title, "agency_id": (defendants[0] if defendants else self.agency_id).id,
            "act_description": self.act_description or self.title, "act_date": self.act_date,
            "cause": "reconsideration" if self.decision_type in CHANGING_DECISIONS else "other",
            "reconsideration_id": self.id, "party_ids": parties, "evidence_ids": evidence,
            "dispute_id": self.dispute_id.id, "related_case_ids": [(4, self.case_id.id)],
        }
        vals.update(values or {})
        return vals

    def action_create_lawsuit(self, values=None):
        """The lawsuit against this case's decision, with its parties, act and evidence; returns its id."""
        self.ensure_one()
        if self.state not in ("decided", "rejected"):
            raise UserError(_("Case %(case)s has no decision to sue yet: a lawsuit is created from a decided "
                              "reconsideration case (ALL Art. 45).", case=self.name))
        lawsuit = self.env["yingsu.lawsuit"].create(self._prepare_lawsuit_vals(values))
        lawsuit.message_post(body=_("Created from reconsideration case %(case)s.", case=self.name))
        return lawsuit.id

    def action_open_create_lawsuit(self):
        """The button: the lawsuit created from this case, opened in its form."""
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "yingsu.lawsuit", "view_mode": "form",
                "views": [[False, "form"]], "res_id": self.action_create_lawsuit()}
