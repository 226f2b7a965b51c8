import secrets

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, ValidationError

from ..tools import identifiers

PARTY_KINDS = [("person", "Natural person"), ("organisation", "Organisation"), ("agency", "Administrative agency")]


class ResPartner(models.Model):
    """Parties: people (公民身份号码), organisations (统一社会信用代码) and agencies (行政机关).

    The full ID number is readable only by case workers; everyone else sees the masked form.
    Exact-match search goes through a keyed digest, so it never needs the clear value.
    """

    _inherit = "res.partner"

    party_kind = fields.Selection(PARTY_KINDS, string="Party kind", default="person", index=True)
    id_number = fields.Char(string="ID number", groups="fuyi_case.fuyi_case_group_clerk", copy=False,
                            help="公民身份号码 (GB 11643), 18 characters")
    id_number_masked = fields.Char(string="ID number (masked)", compute="_compute_id_number_masked", store=True)
    uscc = fields.Char(string="Unified social credit code", copy=False, index=True,
                       help="统一社会信用代码 (GB 32100), 18 characters")
    identifier_digest = fields.Char(compute="_compute_identifier_digest", store=True, copy=False, index=True,
                                    help="Keyed hash of the identifier, for exact-match search")
    identifier_search = fields.Char(string="Identifier", compute="_compute_identifier_search",
                                    search="_search_identifier_search")
    agency_head_id = fields.Many2one("res.partner", string="Agency head", domain=[("party_kind", "=", "person")],
                                     help="负责人 of the agency")
    agency_deputy_ids = fields.Many2many("res.partner", "fuyi_partner_agency_deputy_rel", "agency_id", "deputy_id",
                                         string="Deputy heads")
    agency_liaison_user_ids = fields.Many2many("res.users", "fuyi_partner_agency_liaison_rel", "agency_id", "user_id",
                                               string="Liaison users")
    parent_agency_id = fields.Many2one("res.partner", string="Parent agency", domain=[("party_kind", "=", "agency")])
    authorized_organization = fields.Boolean(
        string="Authorised by law, regulation or rule",
        help="法律、法规、规章授权的组织: acts in its own name and may be the respondent (ARL Art. 19)")
    authorization_basis = fields.Char(string="Authorising law, regulation or rule",
                                      help="The law, regulation or rule that grants the power, e.g. 《中华人民共和国消防法》")

    @api.depends("id_number")
    def _compute_id_number_masked(self):
        for partner in self:
            number = partner.sudo().id_number
            partner.id_number_masked = identifiers.mask_id_number(number) if number else False

    @api.depends("id_number", "uscc")
    def _compute_identifier_digest(self):
        key = None   # the secret is read once per batch, not once per partner
        for partner in self:
            value = partner.sudo().id_number or partner.uscc
            if value:
                key = key or self._identifier_key()
                partner.identifier_digest = identifiers.identifier_digest(value, key)
            else:
                partner.identifier_digest = False

    def _compute_identifier_search(self):
        for partner in self:
            partner.identifier_search = partner.id_number_masked or partner.uscc or False

    def _search_identifier_search(self, operator, value):
        """Exact match on an ID number or credit code, through the digest (no clear value needed)."""
        if operator not in ("=", "in"):
            raise ValidationError(_("Identifiers can only be searched by exact value."))
        values = value if isinstance(value, (list, tuple)) else [value]
        digests = []
        for text in values:
            if text:
                digests.append(self._identifier_digest(identifiers.normalize(text)))
        return [("identifier_digest", "in", digests)]

    @api.model
    def _identifier_key(self):
        """The database's secret for identifier digests (created once)."""
        params = self.env["ir.config_parameter"].sudo()
        key = params.get_param("fuyi_case.identifier_key")
        if not key:
            key = secrets.token_hex(32)
            params.set_param("fuyi_case.identifier_key", key)
        return key.encode()

    @api.model
    def _identifier_digest(self, normalized):
        return identifiers.identifier_digest(normalized, self._identifier_key())

    @api.model
    def _normalize_identity_vals(self, vals):
        """Validate and normalise identifiers at the boundary; a bad one is refused with the rule."""
        vals = dict(vals)
        checks = (("id_number", identifiers.validate_id_number, _("ID number")),
                  ("uscc", identifiers.validate_uscc, _("Unified social credit code")))
        for fname, validate, label in checks:
            if vals.get(fname):
                try:
                    vals[fname] = validate(vals[fname])
                except identifiers.IdentifierError as exc:
                    raise ValidationError(_("Invalid %(field)s %(value)r: %(reason)s",
                                            field=label, value=vals[fname], reason=_(str(exc)))) from None
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        if any(_liaison_ids(vals.get("agency_liaison_user_ids"), set()) for vals in vals_list):
            self._check_liaison_assignment()
        return super().create([self._normalize_identity_vals(vals) for vals in vals_list])

    def write(self, vals):
        # a form sends the list back unchanged: only an actual change needs an administrator
        if "agency_liaison_user_ids" in vals and any(
                _liaison_ids(vals["agency_liaison_user_ids"], set(p.agency_liaison_user_ids.ids)) !=
                set(p.agency_liaison_user_ids.ids) for p in self.sudo()):
            self._check_liaison_assignment()
        self._check_case_partner_change()
        return super().write(self._normalize_identity_vals(vals))

    def unlink(self):
        self._check_case_partner_change()
        return super().unlink()

    # --- who may change what: the liaison record rules rest on these partners (issue 11 item 1) ---
    @api.model
    def _check_liaison_assignment(self):
        """Liaisons are appointed by an administrator: a liaison adding themselves to another
        agency would see its cases."""
        if self.env.su or self.env.user.has_group("fuyi_case.fuyi_case_group_manager") \
                or self.env.user.has_group("base.group_system"):
            return
        raise AccessError(_("Only a reconsideration administrator can appoint the liaison users of an agency."))

    @api.model
    def _case_partner_editors(self):
        """Groups whose members may change agencies and parties (other procedures' addons add theirs)."""
        return ["fuyi_case.fuyi_case_group_clerk"]

    def _check_case_partner_change(self):
        """Agencies and the parties of cases are case data: only case workers change them."""
        if self.env.su or not self or any(self.env.user.has_group(group) for group in self._case_partner_editors()):
            return
        own = self.env.user.partner_id
        others = self.sudo().filtered(lambda p: p.id != own.id)
        if not others:
            return
        if others.filtered(lambda p: p.party_kind == "agency") or self.env["fuyi.case.party"].sudo().search_count(
                [("partner_id", "in", others.ids)], limit=1) or self.env["fuyi.case"].sudo().search_count(
                [("agency_id", "in", others.ids)], limit=1):
            raise AccessError(_("Agencies and the parties of cases can only be changed by reconsideration clerks."))

    @api.constrains("party_kind", "id_number", "uscc")
    def _check_identifier_kind(self):
        for partner in self.sudo():
            if partner.id_number and partner.party_kind != "person":
                raise ValidationError(_("Only a natural person has a citizen ID number."))

    def _fuyi_case_domain(self):
        """Every case, of any type, where this partner is a party or the agency concerned."""
        self.ensure_one()
        return ["|", ("party_ids.partner_id", "=", self.id), ("agency_id", "=", self.id)]




def _liaison_ids(commands, current):
    """The user ids a many2many value leaves, starting from ``current`` (None for a new record: a
    command creating a user counts as a change)."""
    result = set(current)
    for command in commands or ():
        if isinstance(command, int):
            result.add(command)
            continue
        code = command[0]
        if code == 6:
            result = set(command[2] or ())
        elif code == 5:
            result = set()
        elif code == 4:
            result.add(command[1])
        elif code in (3, 2):
            result.discard(command[1])
        else:   # 0/1: creating or editing a user through the partner: always an appointment
            result.add(("new", id(command)))
    return result
