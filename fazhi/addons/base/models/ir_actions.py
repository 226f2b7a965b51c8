"""Actions: what a menu, a button or a scheduled job does.

Each kind has its own model and table, as in Flectra (``ir_act_window``, ``ir_act_server``,
``ir_act_report_xml``, ``ir_act_client``, ``ir_act_url``); they share the fields of
``ir.actions.actions`` by ``_inherit``. Window, report, client and URL actions are stored for the
web client; server actions run Python code (``state = 'code'``) through ``safe_eval``.

On Flectra the action tables are PostgreSQL children of ``ir_actions`` and share its ids; here
each kind numbers its own rows, so an action is identified by (model, id) — look it up by xml id
with ``env.ref`` or ``ir.actions.actions._for_xml_id``.
"""
import base64
import datetime
import logging
import time

import dateutil
import pytz

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError, ValidationError, Warning as FlectraWarning

_logger = logging.getLogger(__name__)

#: the action models, by their ``type`` value
ACTION_MODELS = (
    'ir.actions.act_window',
    'ir.actions.server',
    'ir.actions.report',
    'ir.actions.client',
    'ir.actions.act_url',
)

DEFAULT_PYTHON_CODE = """# Available variables:
#  - env: environment on which the action is triggered
#  - model: model of the record on which the action is triggered; is a void recordset
#  - record: record on which the action is triggered; may be void
#  - records: recordset of all records on which the action is triggered in multi-mode; may be void
#  - time, datetime, dateutil, timezone: useful Python libraries
#  - float_compare: utility function to compare floats based on specific precisions
#  - log: log(message, level='info'): logging function to record debug information
#  - UserError: exception class for raising user-facing warning messages
#  - Command: x2many commands namespace (when the server provides it)
# To return an action, assign: action = {...}\n\n\n\n"""

_LOG_LEVELS = {'debug': logging.DEBUG, 'info': logging.INFO, 'warning': logging.WARNING,
               'error': logging.ERROR, 'critical': logging.CRITICAL}


class IrActions(models.Model):
    """Fields and helpers common to every kind of action."""

    _name = 'ir.actions.actions'
    _description = 'Actions'
    _table = 'ir_actions'
    _order = 'name'

    name = fields.Char(string='Action Name', required=True, translate=True)
    type = fields.Char(string='Action Type', required=True)
    help = fields.Html(string='Action Description', translate=True, sanitize=False,
                       help='Optional help text for the users with a description of the target view, '
                            'such as its usage and purpose.')
    binding_model_id = fields.Many2one('ir.model', ondelete='cascade',
                                       help="Setting a value makes this action available in the sidebar "
                                            "for the given model.")
    binding_type = fields.Selection([('action', 'Action'), ('report', 'Report')],
                                    required=True, default='action')
    binding_view_types = fields.Char(default='list,form')

    @api.model
    def _get_eval_context(self, action=None):
        """Names available to Python code evaluated for actions (crons, server actions)."""
        from fazhi.tools import safe_eval as safe_eval_module
        from flectra import tools
        context = {
            'uid': self.env.uid,
            'user': self.env.user,
            'time': getattr(safe_eval_module, 'time', time),
            'datetime': getattr(safe_eval_module, 'datetime', datetime),
            'dateutil': getattr(safe_eval_module, 'dateutil', dateutil),
            'timezone': pytz.timezone,
            'float_compare': getattr(tools, 'float_compare', None),
            'b64encode': base64.b64encode,
            'b64decode': base64.b64decode,
        }
        if hasattr(fields, 'Command'):
            context['Command'] = fields.Command
        return context

    @api.model
    def get_bindings(self, model_name):
        """Actions bound to ``model_name`` that the user may see, by binding type.

        Returns:
            ``{'action': [dict, …], 'report': [dict, …]}`` with the fields the web client needs.
        """
        result = {}
        user_groups = self.env.user.groups_id
        for action_model in ACTION_MODELS:
            if action_model not in self.env:
                continue
            Model = self.env[action_model].sudo()
            actions = Model.search([('binding_model_id.model', '=', model_name)])
            for action in actions:
                groups = action.groups_id if 'groups_id' in action._fields else None
                if groups and not (groups & user_groups):
                    continue
                if action_model == 'ir.actions.report' and not self.env[action.model].check_access_rights(
                        'read', raise_exception=False):
                    continue
                values = action.read(['name', 'type', 'binding_type', 'binding_view_types'])[0]
                result.setdefault(action.binding_type, []).append(values)
        return result

    @api.model
    def _for_xml_id(self, full_xml_id):
        """The action with xml id ``module.name`` as a dict of its readable fields.

        Raises:
            ValueError: no such xml id.
            AccessError: the action is restricted to groups the user lacks.
        """
        record = self.env.ref(full_xml_id)
        if record._name not in ACTION_MODELS and record._name != self._name:
            raise ValueError("%s is not an action (model %s)" % (full_xml_id, record._name))
        groups = record.sudo().groups_id if 'groups_id' in record._fields else None
        if groups and not self.env.su and not (groups & self.env.user.groups_id):
            raise AccessError(_("You are not allowed to open this action (%s).", full_xml_id))
        return record.sudo()._get_action_dict()

    @api.model
    def _fz_load_action(self, action_ref):
        """The action for ``/web/action/load``: ``action_ref`` is a window action id, an
        ``'<action model>,<id>'`` reference (as menus give) or an xml id ``module.name``.

        Raises:
            UserError: no such action. AccessError: restricted to groups the user lacks.
        """
        from fazhi.orm.translate import lookup
        record = None
        if isinstance(action_ref, int) and not isinstance(action_ref, bool):
            record = self.env['ir.actions.act_window'].sudo().browse(action_ref).exists()
        elif isinstance(action_ref, str) and ',' in action_ref:
            model, _sep, res_id = action_ref.partition(',')
            if model in ACTION_MODELS and res_id.strip().isdigit():
                record = self.env[model].sudo().browse(int(res_id)).exists()
        elif isinstance(action_ref, str) and '.' in action_ref:
            record = self.env.ref(action_ref, raise_if_not_found=False)
            record = record.sudo() if record is not None and record._name in ACTION_MODELS else None
        if not record:
            raise UserError(_("The action %s does not exist or has been deleted.", action_ref))
        groups = record.groups_id if 'groups_id' in record._fields else None
        if groups and not self.env.su and not (groups & self.env.user.groups_id):
            raise AccessError(_("You are not allowed to open this action."))
        values = record._get_action_dict()
        lang = self.env.lang or self.env.user.lang
        data = self.env['ir.model.data'].sudo().search_read(
            [('model', '=', record._name), ('res_id', '=', record.id)], ['module'], limit=1)
        module = data[0]['module'] if data else None   # its addon's catalogue translates it
        values['name'] = lookup(values.get('name'), lang, module)
        if values.get('help'):
            values['help'] = lookup(values['help'], lang, module)
        if record._name == 'ir.actions.act_window':
            values['views'] = [[vid, 'list' if mode == 'tree' else mode] for vid, mode in values.get('views', [])]
            values['view_mode'] = ','.join('list' if m.strip() == 'tree' else m.strip()
                                           for m in (record.view_mode or '').split(','))
            values['search_view_id'] = [record.search_view_id.id, record.search_view_id.name] \
                if record.search_view_id else False
            values['res_id'] = record.res_id or False
            values['context'] = record.context or '{}'
            values['domain'] = record.domain or False
            values['target'] = record.target or 'current'
        values.pop('groups_id', None)
        values.pop('view_ids', None)
        xmlid = self.env['ir.model.data'].sudo().search(
            [('model', '=', record._name), ('res_id', '=', record.id)], limit=1)
        values['xml_id'] = '%s.%s' % (xmlid.module, xmlid.name) if xmlid else False
        return values

    def _get_readable_fields(self):
        """Fields sent to the web client when it loads the action (override to add some)."""
        return {'binding_model_id', 'binding_type', 'binding_view_types', 'display_name',
                'help', 'id', 'name', 'type', 'xml_id'}

    def _get_action_dict(self):
        self.ensure_one()
        names = [n for n in self._get_readable_fields() if n in self._fields]
        return self.read(names)[0]

    def _check_model_names(self, *names):
        for name in names:
            if name and name not in self.env:
                raise ValidationError(_("Invalid model name %r in action definition.", name))


class IrActionsActWindow(models.Model):
    """Open a model's views (list, form, …) in the web client."""

    _name = 'ir.actions.act_window'
    _description = 'Action Window'
    _table = 'ir_act_window'
    _inherit = 'ir.actions.actions'
    _order = 'name'

    type = fields.Char(string='Action Type', required=True, default='ir.actions.act_window')
    view_id = fields.Many2one('ir.ui.view', string='View Ref.', ondelete='set null')
    domain = fields.Char(string='Domain Value',
                         help="Optional domain filtering the destination data, as a Python expression")
    context = fields.Char(string='Context Value', default='{}', required=True,
                          help="Context dictionary as Python expression, empty by default (Default: {})")
    res_id = fields.Integer(string='Record ID',
                            help="Database ID of record to open in form view, when view_mode is set to 'form' only")
    res_model = fields.Char(string='Destination Model', required=True,
                            help="Model name of the object to open in the view window")
    target = fields.Selection([('current', 'Current Window'), ('new', 'New Window'),
                               ('inline', 'Inline Edit'), ('fullscreen', 'Full Screen'),
                               ('main', 'Main action of Current Window')],
                              default='current', string='Target Window')
    view_mode = fields.Char(required=True, default='tree,form',
                            help="Comma-separated list of allowed view modes, such as 'form', 'tree', 'calendar', etc.")
    usage = fields.Char(string='Action Usage', help="Used to filter menu and home actions from the user form.")
    view_ids = fields.One2many('ir.actions.act_window.view', 'act_window_id', string='No of Views')
    limit = fields.Integer(default=80, help='Default limit for the list view')
    groups_id = fields.Many2many('res.groups', 'ir_act_window_group_rel', 'act_id', 'gid', string='Groups')
    search_view_id = fields.Many2one('ir.ui.view', string='Search View Ref.')
    filter = fields.Boolean()

    @api.constrains('res_model', 'binding_model_id')
    def _check_model(self):
        for action in self:
            action._check_model_names(action.res_model)

    def _get_views(self):
        """``[(view_id or False, mode), …]``: explicit view lines first, then the other modes."""
        self.ensure_one()
        lines = self.view_ids.sorted(lambda line: (line.sequence, line.id))
        views = [(line.view_id.id or False, line.view_mode) for line in lines]
        seen = {mode for _vid, mode in views}
        modes = [m.strip() for m in (self.view_mode or '').split(',') if m.strip()]
        for mode in modes:
            if mode in seen:
                continue
            view = self.view_id if self.view_id and self.view_id.type == mode else None
            views.append((view.id if view else False, mode))
        return views

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {
            'context', 'domain', 'filter', 'groups_id', 'limit', 'res_id', 'res_model',
            'search_view_id', 'target', 'usage', 'view_id', 'view_mode', 'view_ids',
        }

    def _get_action_dict(self):
        values = super()._get_action_dict()
        values['views'] = [list(v) for v in self._get_views()]
        return values


class IrActionsActWindowView(models.Model):
    """One explicit view of a window action, in order."""

    _name = 'ir.actions.act_window.view'
    _description = 'Action Window View'
    _table = 'ir_act_window_view'
    _rec_name = 'view_id'
    _order = 'sequence,id'

    sequence = fields.Integer()
    view_id = fields.Many2one('ir.ui.view', string='View')
    view_mode = fields.Selection([('tree', 'Tree'), ('list', 'List'), ('form', 'Form'), ('graph', 'Graph'),
                                  ('pivot', 'Pivot'), ('calendar', 'Calendar'), ('kanban', 'Kanban'),
                                  ('search', 'Search')], string='View Type', required=True)
    act_window_id = fields.Many2one('ir.actions.act_window', string='Action', ondelete='cascade')
    multi = fields.Boolean(string='On Multiple Doc.',
                           help="If set to true, the action will not be displayed on the right toolbar of a form view.")

    _sql_constraints = [
        ('act_window_view_unique_mode_per_action', 'unique(act_window_id, view_mode)',
         'You can only have one view of each mode per action.'),
    ]


class IrActionsActUrl(models.Model):
    """Open a URL."""

    _name = 'ir.actions.act_url'
    _description = 'Action URL'
    _table = 'ir_act_url'
    _inherit = 'ir.actions.actions'
    _order = 'name'

    type = fields.Char(string='Action Type', required=True, default='ir.actions.act_url')
    url = fields.Text(string='Action URL', required=True)
    target = fields.Selection([('new', 'New Window'), ('self', 'This Window')],
                              string='Action Target', default='new', required=True)

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {'target', 'url'}


class IrActionsServer(models.Model):
    """Run Python code (or several other server actions) on a model's records."""

    _name = 'ir.actions.server'
    _description = 'Server Actions'
    _table = 'ir_act_server'
    _inherit = 'ir.actions.actions'
    _order = 'sequence,name'

    type = fields.Char(string='Action Type', required=True, default='ir.actions.server')
    usage = fields.Selection([('ir_actions_server', 'Server Action'), ('ir_cron', 'Scheduled Action')],
                             string='Usage', default='ir_actions_server', required=True)
    state = fields.Selection([('code', 'Execute Python Code'),
                              ('object_create', 'Create a new Record'),
                              ('object_write', 'Update the Record'),
                              ('multi', 'Execute several actions')],
                             string='Action To Do', default='object_write', required=True, copy=True,
                             help="Type of server action. Only 'code' and 'multi' are run by this server.")
    sequence = fields.Integer(default=5, help="When dealing with multiple actions, the execution order is "
                                              "based on the sequence. Low number means high priority.")
    model_id = fields.Many2one('ir.model', string='Model', required=True, ondelete='cascade', index=True,
                               help="Model on which the server action runs.")
    model_name = fields.Char(related='model_id.model', string='Model Name', readonly=True, store=True)
    code = fields.Text(string='Python Code', groups='base.group_system', default=DEFAULT_PYTHON_CODE,
                       help="Write Python code that the action will execute.")
    child_ids = fields.Many2many('ir.actions.server', 'rel_server_actions', 'server_id', 'action_id',
                                 string='Child Actions', help='Child server actions run in sequence, '
                                                              'the last one that returns an action wins.')
    groups_id = fields.Many2many('res.groups', 'ir_act_server_group_rel', 'act_id', 'gid', string='Groups')

    @api.constrains('code')
    def _check_python_code(self):
        for action in self.sudo().filtered('code'):
            message = _test_python_code(action.code.strip())
            if message:
                raise ValidationError(message)

    @api.constrains('child_ids')
    def _check_recursion_children(self):
        for action in self:
            seen, todo = set(), list(action.child_ids)
            while todo:
                child = todo.pop()
                if child.id == action.id:
                    raise ValidationError(_('Recursion found in child server actions'))
                if child.id not in seen:
                    seen.add(child.id)
                    todo.extend(child.child_ids)

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {'groups_id', 'model_name'}

    @api.model
    def _get_eval_context(self, action=None):
        """Adds ``env``, ``model``, ``record(s)`` (from context active_model/active_id(s)),
        ``log``, ``UserError`` and ``Warning`` to the common names."""
        eval_context = super()._get_eval_context(action=action)
        model_name = action.sudo().model_id.model if action else False
        model = self.env[model_name] if model_name else self.env['ir.actions.server'].browse()
        record = records = model.browse()
        ctx = self.env.context
        if model_name and ctx.get('active_model') == model_name:
            if ctx.get('active_id'):
                record = model.browse(ctx['active_id'])
            if ctx.get('active_ids'):
                records = model.browse(ctx['active_ids'])
            elif record:
                records = record
        action_name = action.name if action else ''

        def log(message, level='info'):
            _logger.log(_LOG_LEVELS.get(level, logging.INFO), "server action %r: %s", action_name, message)

        eval_context.update({
            'env': self.env,
            'model': model,
            'record': record,
            'records': records,
            'log': log,
            '_logger': _logger,
            'UserError': UserError,
            'Warning': FlectraWarning,
        })
        return eval_context

    def _get_runner(self):
        """(method, multi) running this action's ``state``: ``_run_action_<state>_multi`` or ``_run_action_<state>``."""
        runner = getattr(type(self), '_run_action_%s_multi' % self.state, None)
        if runner:
            return runner, True
        return getattr(type(self), '_run_action_%s' % self.state, None), False

    def _run_action_code_multi(self, eval_context):
        from fazhi.tools.safe_eval import safe_eval
        safe_eval((self.sudo().code or '').strip(), eval_context, mode='exec', nocopy=True)
        return eval_context.get('action')

    def _run_action_multi(self, eval_context=None):
        result = False
        for child in self.child_ids.sorted(lambda a: (a.sequence, a.id)):
            result = child.run() or result
        return result

    def run(self):
        """Run the actions in ``self`` as the current user; returns the last action dict produced, or False.

        Raises:
            AccessError: the action is restricted to groups the user lacks, or the user may not
                write on the action's model or records.
        """
        result = False
        for action in self.sudo():
            if not self.env.su:
                if action.groups_id:
                    if not (action.groups_id & self.env.user.groups_id):
                        raise AccessError(_("You don't have enough access rights to run this action."))
                else:
                    self.env[action.model_name].check_access_rights('write')
            eval_context = self._get_eval_context(action)
            targets = eval_context['record'] | eval_context['records']
            if targets and not self.env.su:
                targets.check_access_rule('write')
            runner, _multi = action._get_runner()
            if runner is None:
                _logger.warning("Server action %r of type %r is not supported here; ignored.",
                                action.name, action.state)
                continue
            # every supported state has a multi runner: it sees record(s) from eval_context
            result = runner(self.browse(action.id), eval_context=eval_context)
        return result or False


def _test_python_code(code):
    """An error message when ``code`` does not compile (or is refused by safe_eval), else None."""
    from fazhi.tools import safe_eval as safe_eval_module
    tester = getattr(safe_eval_module, 'test_python_expr', None)
    if tester is not None:
        return tester(expr=code, mode='exec') or None
    try:
        compile(code, '<server action>', 'exec')
    except SyntaxError as exc:
        return _("Invalid Python code: %(error)s (line %(line)s)", error=exc.msg, line=exc.lineno)
    return None


class IrActionsReport(models.Model):
    """A printable document of a model; stored for the web client and report engines."""

    _name = 'ir.actions.report'
    _description = 'Report Action'
    _table = 'ir_act_report_xml'
    _inherit = 'ir.actions.actions'
    _order = 'name'

    type = fields.Char(string='Action Type', required=True, default='ir.actions.report')
    binding_type = fields.Selection([('action', 'Action'), ('report', 'Report')],
                                    required=True, default='report')
    model = fields.Char(required=True, string='Model Name')
    report_type = fields.Selection([('qweb-html', 'HTML'), ('qweb-pdf', 'PDF'), ('qweb-text', 'Text')],
                                   required=True, default='qweb-pdf')
    report_name = fields.Char(string='Template Name', required=True)
    report_file = fields.Char(string='Report File')
    print_report_name = fields.Char('Printed Report Name',
                                    help="Python expression that defines the report name (object = the record).")
    multi = fields.Boolean(string='On Multiple Doc.')
    attachment_use = fields.Boolean(string='Reload from Attachment')
    attachment = fields.Char(string='Save as Attachment Prefix')
    groups_id = fields.Many2many('res.groups', 'res_groups_report_rel', 'uid', 'gid', string='Groups')

    @api.constrains('model')
    def _check_model(self):
        for action in self:
            action._check_model_names(action.model)

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {
            'report_name', 'report_type', 'report_file', 'model', 'print_report_name', 'groups_id'}


class IrActionsClient(models.Model):
    """A client-side action (``tag``) of the web client; ``params`` is stored as a Python literal."""

    _name = 'ir.actions.client'
    _description = 'Client Action'
    _table = 'ir_act_client'
    _inherit = 'ir.actions.actions'
    _order = 'name'

    type = fields.Char(string='Action Type', required=True, default='ir.actions.client')
    tag = fields.Char(string='Client action tag', required=True,
                      help="An arbitrary string, interpreted by the client according to its own needs and wishes.")
    target = fields.Selection([('current', 'Current Window'), ('new', 'New Window'),
                               ('fullscreen', 'Full Screen'), ('main', 'Main action of Current Window')],
                              default='current', string='Target Window')
    res_model = fields.Char(string='Destination Model')
    context = fields.Char(string='Context Value', default='{}', required=True)
    params = fields.Text(string='Supplementary arguments', help="Arguments sent to the client along with the view tag")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if isinstance(vals.get('params'), (dict, list, tuple)):
                vals['params'] = repr(vals['params'])
        return super().create(vals_list)

    def write(self, vals):
        if isinstance(vals.get('params'), (dict, list, tuple)):
            vals = dict(vals, params=repr(vals['params']))
        return super().write(vals)

    def _get_readable_fields(self):
        return super()._get_readable_fields() | {'context', 'params', 'res_model', 'tag', 'target'}
