from flectra import api, fields, models


class IrModelData(models.Model):
    """External identifiers (xml ids): ``module.name`` -> a record of a model."""

    _name = "ir.model.data"
    _description = "Model Data"
    _order = "module, model, name"
    _rec_name = "complete_name"

    name = fields.Char(string="External Identifier", required=True)
    complete_name = fields.Char(compute="_compute_complete_name")
    model = fields.Char(string="Model Name", required=True)
    module = fields.Char(default="", required=True)
    res_id = fields.Integer(string="Record ID", index=True)
    noupdate = fields.Boolean(string="Non Updatable", default=False)

    _sql_constraints = [("name_nospaces", "CHECK(name NOT LIKE '% %')", "External IDs cannot contain spaces"),
                        ("module_name_uniq", "unique(module, name)", "External IDs must be unique per module")]

    @api.depends("module", "name")
    def _compute_complete_name(self):
        for rec in self:
            rec.complete_name = "%s.%s" % (rec.module, rec.name)

    @staticmethod
    def _split(xmlid):
        if "." not in xmlid:
            raise ValueError("External ID %r must be of the form module.name" % xmlid)
        return xmlid.split(".", 1)

    @api.model
    def _xmlid_lookup_safe(self, xmlid):
        # has_group and env.ref look up the same few xml ids in every request: the answers are
        # kept in the registry's security cache, whose database token every change of
        # ir.model.data replaces (_bump_xmlid_cache), in this process and, once committed, in all
        module, name = self._split(xmlid)
        shared = self.env.registry.security_cache(self.env.cr)
        key = ("ir.model.data", module, name)
        if key in shared:
            return shared[key]
        self.env.cr.execute("SELECT model, res_id, noupdate FROM ir_model_data WHERE module = %s AND name = %s",
                            [module, name])
        row = self.env.cr.fetchone()
        found = shared[key] = (row[0], row[1], bool(row[2])) if row else None
        return found

    def _bump_xmlid_cache(self):
        """Forget the cached xml-id lookups (a new cache token, seen by every process)."""
        from fazhi.orm.registry import bump_cache_signal
        bump_cache_signal(self.env.cr)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._bump_xmlid_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self._bump_xmlid_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self._bump_xmlid_cache()
        return result

    @api.model
    def _xmlid_lookup(self, xmlid):
        """``(model, res_id, noupdate)`` of ``xmlid``; ValueError when it does not exist."""
        found = self._xmlid_lookup_safe(xmlid)
        if not found:
            raise ValueError("External ID not found in the system: %s" % xmlid)
        return found

    @api.model
    def _xmlid_to_res_model_res_id(self, xmlid, raise_if_not_found=False):
        found = self._xmlid_lookup_safe(xmlid) if "." in xmlid else None
        if not found:
            if raise_if_not_found:
                raise ValueError("External ID not found in the system: %s" % xmlid)
            return (False, False)
        return found[0], found[1]

    @api.model
    def xmlid_to_res_model_res_id(self, xmlid, raise_if_not_found=False):
        return self._xmlid_to_res_model_res_id(xmlid, raise_if_not_found)

    @api.model
    def _xmlid_to_res_id(self, xmlid, raise_if_not_found=False):
        return self._xmlid_to_res_model_res_id(xmlid, raise_if_not_found)[1]

    xmlid_to_res_id = _xmlid_to_res_id

    @api.model
    def xmlid_to_object(self, xmlid, raise_if_not_found=False):
        return self.env.ref(xmlid, raise_if_not_found=raise_if_not_found)

    @api.model
    def check_object_reference(self, module, xml_id, raise_on_access_error=False):
        model, res_id = self._xmlid_to_res_model_res_id("%s.%s" % (module, xml_id), raise_if_not_found=True)
        record = self.env[model].browse(res_id)
        if not record.check_access_rights("read", raise_exception=False):
            if raise_on_access_error:
                record.check_access_rights("read")
            return model, False
        return model, res_id

    @api.model
    def _register_xmlid(self, xmlid, model, res_id, noupdate):
        module, name = self._split(xmlid)
        self.env.cr.execute("SELECT id FROM ir_model_data WHERE module = %s AND name = %s", [module, name])
        row = self.env.cr.fetchone()
        if row:
            self.env.cr.execute("UPDATE ir_model_data SET model = %s, res_id = %s, noupdate = %s WHERE id = %s",
                                [model, res_id, bool(noupdate), row[0]])
            self.env.cache.drop_ids([row[0]])
            self._bump_xmlid_cache()
        else:
            self.sudo().create({"module": module, "name": name, "model": model, "res_id": res_id,
                                "noupdate": bool(noupdate)})

    @api.model
    def _forget_xmlid(self, xmlid):
        module, name = self._split(xmlid)
        self.sudo().search([("module", "=", module), ("name", "=", name)]).unlink()

    @api.model
    def _update_xmlids(self, data_list, update=False):
        for data in data_list:
            record = data["record"]
            self._register_xmlid(data["xml_id"], record._name, record.id, data.get("noupdate", False))
