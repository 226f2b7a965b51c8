"""The web client's menu tree, filtered per user.

A menu is visible when it has no groups or shares one with the user (``base.group_no_one``
counts only in debug mode), and, for a menu with an action, when the user may read the
action's model. A menu without action (a folder) is shown only when it leads to a visible
action menu, so users never see empty folders.
"""
import re

from fazhi.orm.translate import lookup
from flectra import api, fields, models, _
from flectra.exceptions import ValidationError

MENU_ITEM_SEPARATOR = '/'
_NUMBER_PARENS = re.compile(r'\(([0-9]+)\)')
_ACTION_MODELS = [
    ('ir.actions.report', 'ir.actions.report'),
    ('ir.actions.act_window', 'ir.actions.act_window'),
    ('ir.actions.act_url', 'ir.actions.act_url'),
    ('ir.actions.server', 'ir.actions.server'),
    ('ir.actions.client', 'ir.actions.client'),
]
#: how to find the model an action works on, to hide menus of unreadable models
_ACTION_TARGET_MODEL = {
    'ir.actions.act_window': lambda action: action.res_model,
    'ir.actions.report': lambda action: action.model,
    'ir.actions.server': lambda action: action.model_id.model,
}


def _action_field():
    """``action`` is a Reference field where the ORM has one, else a Char holding ``model,id``."""
    if hasattr(fields, 'Reference'):
        return fields.Reference(selection=_ACTION_MODELS, string='Action')
    return fields.Char(string='Action', help="The action opened by this menu, as 'model,id'.")


class IrUiMenu(models.Model):
    """One entry of the menu tree."""

    _name = 'ir.ui.menu'
    _description = 'Menu'
    _order = 'sequence, id'  #: as displayed

    name = fields.Char(string='Menu', required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    child_id = fields.One2many('ir.ui.menu', 'parent_id', string='Child IDs')
    parent_id = fields.Many2one('ir.ui.menu', string='Parent Menu', index=True, ondelete='restrict')
    groups_id = fields.Many2many('res.groups', 'ir_ui_menu_group_rel', 'menu_id', 'gid', string='Groups',
                                 help="When set, only members of these groups see the menu; otherwise "
                                      "visibility follows read access to the action's model.")
    complete_name = fields.Char(string='Full Path', compute='_compute_complete_name', recursive=True)
    web_icon = fields.Char(string='Web Icon File')
    action = _action_field()

    @api.depends('name', 'parent_id.complete_name')
    def _compute_complete_name(self):
        for menu in self:
            menu.complete_name = menu._get_full_name()

    def _get_full_name(self, level=6):
        """``Parent/Child`` path of the menu, cut to ``level`` ancestors."""
        if level <= 0:
            return '...'
        if self.parent_id:
            return self.parent_id._get_full_name(level - 1) + MENU_ITEM_SEPARATOR + (self.name or '')
        return self.name

    @api.constrains('parent_id')
    def _check_parent_id(self):
        for menu in self:
            seen = {menu.id}
            parent = menu.parent_id
            while parent:
                if parent.id in seen:
                    raise ValidationError(_('Error! You cannot create recursive menus.'))
                seen.add(parent.id)
                parent = parent.parent_id

    @api.constrains('action')
    def _check_action(self):
        for menu in self:
            if menu.action:
                menu._action_record(raise_if_invalid=True)

    # --- CRUD ---
    def unlink(self):
        # promote the children to top level instead of deleting whole subtrees blindly
        children = self.with_context(active_test=False).search([('parent_id', 'in', self.ids)]) - self
        children.write({'parent_id': False})
        return super().unlink()

    def copy(self, default=None):
        record = super().copy(default=default)
        match = _NUMBER_PARENS.search(record.name)
        if match:
            record.name = _NUMBER_PARENS.sub('(%d)' % (int(match.group(1)) + 1), record.name)
        else:
            record.name = record.name + '(1)'
        return record

    # --- actions ---
    def _action_record(self, raise_if_invalid=False):
        """The action record of this menu, or None (no action, deleted, or not an action)."""
        self.ensure_one()
        value = self.action
        if not value:
            return None
        if isinstance(value, str):
            model, _sep, res_id = value.partition(',')
        else:
            model, res_id = value._name, str(value.id)
        if model not in dict(_ACTION_MODELS) or not res_id.strip().isdigit():
            if raise_if_invalid:
                raise ValidationError(_("Invalid action %(action)r on menu %(menu)s: expected 'model,id' "
                                        "with an action model.", action=value, menu=self.name))
            return None
        if model not in self.env:
            return None
        return self.env[model].sudo().browse(int(res_id)).exists() or None

    # --- visibility ---
    @api.model
    def _visible_menu_ids(self, debug=False):
        """Ids of the active menus the current user may see (see module docstring)."""
        menus = self.sudo().search([])
        groups = self.env.user.groups_id
        if not debug:
            no_one = self.env.ref('base.group_no_one', raise_if_not_found=False)
            if no_one:
                groups = groups - no_one
        menus = menus.filtered(lambda m: not m.groups_id or (m.groups_id & groups))
        actions = {menu.id: menu._action_record() for menu in menus}
        folder_ids = {menu.id for menu in menus if not actions[menu.id]}
        visible = set()
        for menu in menus:
            action = actions[menu.id]
            if not action:
                continue
            get_model = _ACTION_TARGET_MODEL.get(action._name)
            model = get_model(action) if get_model else False
            if model and (model not in self.env or
                          not self.env[model].check_access_rights('read', raise_exception=False)):
                continue
            visible.add(menu.id)
            parent = menu.parent_id
            while parent and parent.id in folder_ids and parent.id not in visible:
                visible.add(parent.id)
                parent = parent.parent_id
        return visible

    def _filter_visible_menus(self):
        """The menus of ``self`` the current user may see."""
        visible = self._visible_menu_ids()
        return self.filtered(lambda menu: menu.id in visible)

    @api.model
    def get_user_roots(self):
        """Top-level menus visible to the current user."""
        return self.search([('parent_id', '=', False)])._filter_visible_menus()

    @api.model
    def load_menus(self, debug=False):
        """The visible menu tree for the web client.

        Returns:
            ``{'id': False, 'name': 'root', 'parent_id': [-1, ''], 'children': [node, …],
            'all_menu_ids': [ids]}``; a node has ``id``, ``name``, ``sequence``, ``parent_id``
            (``[id, name]`` or False), ``action`` (``'model,id'`` or False), ``web_icon``,
            ``xmlid`` and ``children``, sorted by sequence. A visible menu under a hidden one
            is left out with its parent.
        """
        visible_ids = self._visible_menu_ids(debug)
        menus = self.sudo().browse(sorted(visible_ids))
        xmlids = self._menu_xmlids(menus)
        nodes = {}
        for menu in menus:
            action = menu._action_record()
            nodes[menu.id] = {
                'id': menu.id,
                'name': lookup(menu.name, self.env.lang, xmlids.get(menu.id, '').partition('.')[0] or None),
                'sequence': menu.sequence,
                'parent_id': [menu.parent_id.id, menu.parent_id.complete_name] if menu.parent_id else False,
                'action': '%s,%d' % (action._name, action.id) if action else False,
                'web_icon': menu.web_icon or False,
                'xmlid': xmlids.get(menu.id, ''),
                'children': [],
            }
        roots = []
        for menu in menus:
            node = nodes[menu.id]
            if not menu.parent_id:
                roots.append(node)
            elif menu.parent_id.id in nodes:
                nodes[menu.parent_id.id]['children'].append(node)

        def sort_key(node):
            return (node['sequence'], node['id'])

        attached = []

        def walk(node_list):
            node_list.sort(key=sort_key)
            for node in node_list:
                attached.append(node['id'])
                walk(node['children'])

        walk(roots)
        return {'id': False, 'name': 'root', 'parent_id': [-1, ''], 'children': roots,
                'all_menu_ids': attached, 'xmlid': ''}

    @api.model
    def _menu_xmlids(self, menus):
        if not menus:
            return {}
        data = self.env['ir.model.data'].sudo().search([('model', '=', 'ir.ui.menu'), ('res_id', 'in', menus.ids)])
        return {d.res_id: '%s.%s' % (d.module, d.name) for d in data}
