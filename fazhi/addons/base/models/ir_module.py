from flectra import fields, models


class IrModuleCategory(models.Model):
    _name = "ir.module.category"
    _description = "Application"
    _order = "sequence, name, id"

    name = fields.Char(required=True)
    parent_id = fields.Many2one("ir.module.category", string="Parent Application", index=True)
    child_ids = fields.One2many("ir.module.category", "parent_id", string="Child Applications")
    description = fields.Text()
    sequence = fields.Integer()
    visible = fields.Boolean(default=True)
    exclusive = fields.Boolean()


class IrModuleModule(models.Model):
    """One row per addon known to the database, with its installation state."""

    _name = "ir.module.module"
    _description = "Module"
    _order = "application desc, sequence, name"

    name = fields.Char(string="Technical Name", required=True, index=True)
    shortdesc = fields.Char(string="Module Name")
    summary = fields.Char()
    description = fields.Text()
    author = fields.Char()
    website = fields.Char()
    category = fields.Char()
    license = fields.Char(default="LGPL-3")
    application = fields.Boolean()
    sequence = fields.Integer(default=100)
    latest_version = fields.Char(string="Installed Version")
    demo = fields.Boolean(string="Demo Data")
    state = fields.Selection([
        ("uninstallable", "Uninstallable"), ("uninstalled", "Not Installed"), ("installed", "Installed"),
        ("to upgrade", "To be upgraded"), ("to remove", "To be removed"), ("to install", "To be installed"),
    ], default="uninstalled", index=True)

    _sql_constraints = [("name_uniq", "UNIQUE (name)", "The name of the module must be unique!")]
