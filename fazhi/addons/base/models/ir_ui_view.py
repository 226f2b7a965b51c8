"""Views: the XML layouts (list, form, search, …) of models, and their inheritance.

A *primary* view is a complete layout; an *extension* view (``inherit_id`` set, mode
``extension``) holds specs that modify its parent::

    <xpath expr="//field[@name='name']" position="after"><field name="code"/></xpath>
    <field name="email" position="attributes"><attribute name="required">1</attribute></field>

``get_combined_arch()`` returns a view with every applicable extension applied. A primary view
may itself inherit another one (``inherit_id`` + mode ``primary``): it starts from its
parent's layout but is used on its own. Views are checked when written: the XML must be well
formed, every spec must find its target, and every ``<field name>`` must exist on the model.
"""
import copy
import logging

from lxml import etree

from flectra import api, fields, models, _
from flectra.exceptions import ValidationError
from fazhi.orm.translate import MODULE_ATTRIBUTE
from fazhi.tools.xml import remove_keep_tail

_logger = logging.getLogger(__name__)

VIEW_TYPES = [
    ('tree', 'Tree'), ('list', 'List'), ('form', 'Form'), ('graph', 'Graph'), ('pivot', 'Pivot'),
    ('calendar', 'Calendar'), ('kanban', 'Kanban'), ('search', 'Search'), ('qweb', 'QWeb'),
]
_VIEW_TYPE_KEYS = {key for key, _label in VIEW_TYPES}


class InheritanceError(ValueError):
    """An inheritance spec cannot be applied (target not found, bad position…)."""


# --- inheritance specs, without any database ---

def _describe(spec):
    attrs = ''.join(' %s="%s"' % (k, v) for k, v in spec.attrib.items() if k != 'position')
    return '<%s%s>' % (spec.tag, attrs)


def locate_node(arch, spec):
    """The first node of ``arch`` targeted by ``spec``, or None.

    ``<xpath expr>`` evaluates the expression; ``<field name>`` matches the first field of that
    name; any other tag matches the first element with that tag and the same attributes
    (``position`` aside).
    """
    if spec.tag == 'xpath':
        expr = spec.get('expr') or ''
        try:
            nodes = arch.xpath(expr)
        except etree.XPathError as exc:
            raise InheritanceError("Invalid expression while parsing xpath %r: %s" % (expr, exc)) from exc
        nodes = [n for n in nodes if isinstance(n, etree._Element)] if isinstance(nodes, list) else []
        return nodes[0] if nodes else None
    if spec.tag == 'field':
        for node in arch.iter('field'):
            if node.get('name') == spec.get('name'):
                return node
        return None
    for node in arch.iter(spec.tag):
        if all(node.get(attr) == value for attr, value in spec.attrib.items()
               if attr not in ('position', MODULE_ATTRIBUTE)):
            return node
    return None


def _spec_content(source, spec):
    """The elements a spec inserts, with ``position="move"`` children taken out of ``source``."""
    content = []
    for child in spec:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions are not inserted
        if child.get('position') == 'move':
            if len(child):
                raise InheritanceError("Invalid specification for moved nodes: %s" % _describe(child))
            target = locate_node(source, child)
            if target is None:
                raise InheritanceError("Element '%s' cannot be located in parent view" % _describe(child))
            remove_keep_tail(target)
            content.append(target)
        else:
            content.append(copy.deepcopy(child))
    return content


def _apply_attributes(node, spec):
    for attribute in spec.iter('attribute'):
        name = attribute.get('name')
        if attribute.get('add') or attribute.get('remove'):
            separator = attribute.get('separator', ',')
            split = (lambda s: s.split()) if separator == ' ' else (lambda s: s.split(separator))
            joiner = ' ' if separator == ' ' else separator
            to_remove = {s.strip() for s in split(attribute.get('remove', ''))}
            kept = [s.strip() for s in split(node.get(name, '')) if s.strip() and s.strip() not in to_remove]
            added = [s.strip() for s in split(attribute.get('add', '')) if s.strip()]
            value = joiner.join(kept + added)
        else:
            value = attribute.text or ''
        if value:
            node.set(name, value)
        elif name in node.attrib:
            del node.attrib[name]


def apply_inheritance_specs(source, specs_root):
    """Apply the specs of an extension arch to ``source``; returns the (possibly new) root.

    Args:
        source: the parent arch (an lxml element; modified in place).
        specs_root: the root element of the inheriting arch: one spec, or ``<data>`` holding several.

    Raises:
        InheritanceError: a spec's target is missing, or a position/mode is invalid.
    """
    queue = [specs_root]
    while queue:
        spec = queue.pop(0)
        if not isinstance(spec.tag, str):
            continue
        if spec.tag == 'data':
            queue.extend(child for child in spec)
            continue
        node = locate_node(source, spec)
        if node is None:
            raise InheritanceError("Element '%s' cannot be located in parent view" % _describe(spec))
        position = spec.get('position', 'inside')
        if position == 'attributes':
            _apply_attributes(node, spec)
        elif position == 'replace':
            source = _replace(source, node, spec)
        elif position == 'inside':
            for child in _spec_content(source, spec):
                node.append(child)
        elif position == 'after':
            anchor = node
            for child in _spec_content(source, spec):
                anchor.addnext(child)
                anchor = child
        elif position == 'before':
            for child in _spec_content(source, spec):
                node.addprevious(child)
        else:
            raise InheritanceError("Invalid position attribute: '%s'" % position)
    return source


def _replace(source, node, spec):
    mode = spec.get('mode', 'outer')
    if mode == 'inner':
        for child in list(node):
            node.remove(child)
        node.text = spec.text
        for child in _spec_content(source, spec):
            node.append(child)
        return source
    if mode != 'outer':
        raise InheritanceError("Invalid mode attribute: '%s'" % mode)
    for placeholder in spec.xpath(".//*[text()='$0']"):
        placeholder.text = None
        placeholder.append(copy.deepcopy(node))
    content = _spec_content(source, spec)
    if node.getparent() is None:
        if not content:
            raise InheritanceError("Cannot remove the root element of a view")
        return content[0]
    for child in content:
        node.addprevious(child)
    remove_keep_tail(node)
    return source


def parse_arch(arch):
    """Parse an arch string into an element (comments kept, blank text dropped)."""
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    data = arch.encode('utf-8') if isinstance(arch, str) else arch
    return etree.fromstring(data, parser=parser)


class IrUiView(models.Model):
    """A stored view arch, primary or extending another view."""

    _name = 'ir.ui.view'
    _description = 'View'
    _order = 'priority,name,id'

    name = fields.Char(string='View Name', required=True)
    model = fields.Char(index=True)
    priority = fields.Integer(string='Sequence', default=16, required=True)
    type = fields.Selection(VIEW_TYPES, string='View Type')
    arch = fields.Text(string='View Architecture')
    inherit_id = fields.Many2one('ir.ui.view', string='Inherited View', ondelete='restrict', index=True)
    inherit_children_ids = fields.One2many('ir.ui.view', 'inherit_id', string='Views which inherit from this one')
    mode = fields.Selection([('primary', 'Base view'), ('extension', 'Extension View')],
                            string='View inheritance mode', default='primary', required=True,
                            help="An extension view modifies its parent; a primary view is a complete "
                                 "view of its own, which may start from its parent's layout.")
    active = fields.Boolean(default=True,
                            help="An inactive extension view is not applied to its parent.")
    groups_id = fields.Many2many('res.groups', 'ir_ui_view_group_rel', 'view_id', 'group_id',
                                 string='Groups', help="An extension view restricted to groups is only "
                                                       "applied for their members.")

    _sql_constraints = [
        ('inheritance_mode', "CHECK (mode != 'extension' OR inherit_id IS NOT NULL)",
         "Invalid inheritance mode: if the mode is 'extension', the view must extend an other view"),
    ]

    # --- CRUD ---
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get('inherit_id') and not vals.get('mode'):
                vals['mode'] = 'extension'
            if not vals.get('type'):
                vals['type'] = self._guess_type(vals)
            if not vals.get('name') and vals.get('type'):
                vals['name'] = '%s %s' % (vals.get('model') or 'default', vals['type'])
        return super().create(vals_list)

    @api.model
    def _guess_type(self, vals):
        """The type named by the arch's root tag, else the parent's type."""
        arch = vals.get('arch')
        if arch:
            try:
                root = parse_arch(arch)
            except etree.XMLSyntaxError:
                root = None  # reported by _check_xml
            if root is not None:
                if root.tag in _VIEW_TYPE_KEYS and root.get('position') is None:
                    return root.tag
                if root.tag == 't':
                    return 'qweb'
        if vals.get('inherit_id'):
            return self.browse(vals['inherit_id']).type or False
        return False

    # --- checks ---
    @api.constrains('arch', 'inherit_id', 'model', 'mode', 'active', 'type')
    def _check_xml(self):
        for view in self:
            if not view.arch:
                continue
            try:
                parse_arch(view.arch)
            except etree.XMLSyntaxError as exc:
                raise ValidationError(_("Invalid view %(name)s definition: %(error)s", name=view.name, error=exc))
            root = view._primary_root()
            try:
                arch = root._get_combined_arch()
            except InheritanceError as exc:
                raise ValidationError(_("Invalid view %(name)s definition: %(error)s", name=view.name, error=exc))
            if root.type != 'qweb' and root.model and root.model in self.env:
                root._check_fields(arch, root.model, view)
                if root.type != 'search':
                    root._check_modifiers(arch, root.model, view)

    def _primary_root(self):
        """The primary view this view contributes to (itself when primary)."""
        view = self
        while view.mode == 'extension' and view.inherit_id:
            view = view.inherit_id
        return view

    def _check_fields(self, node, model_name, culprit):
        """Every ``<field name>`` of ``node`` must exist on ``model_name``.

        The content of a ``<field>`` (an embedded sub-view of a relational field) describes the
        comodel and is not checked here.
        """
        model_fields = self.env[model_name]._fields
        for child in node.iterchildren(tag=etree.Element):
            if child.tag == 'field':
                name = child.get('name')
                if name and name not in model_fields:
                    raise ValidationError(_(
                        "Invalid view %(name)s definition: field \"%(field)s\" does not exist in model \"%(model)s\".",
                        name=culprit.name, field=name, model=model_name))
                continue
            self._check_fields(child, model_name, culprit)

    def _check_modifiers(self, arch, model_name, culprit):
        """Every modifier and decoration must translate into the web client's expression
        grammar and name fields of its model; inline sub-views are checked on their comodel."""
        from fazhi.orm.view_modifiers import ExpressionError, names_used, node_decorations, node_modifiers
        model = self.env[model_name]
        for node in model._fz_walk(arch):
            try:
                trees = [node_modifiers(node), node_decorations(node)]
            except ExpressionError as exc:
                attrs = ' '.join('%s="%s"' % (k, v) for k, v in node.attrib.items()
                                 if k in ('invisible', 'readonly', 'required', 'column_invisible', 'attrs',
                                          'states') or k.startswith('decoration-'))
                raise ValidationError(_(
                    "Invalid view %(name)s definition: the expression %(expr)s of <%(tag)s> cannot be "
                    "evaluated by the web client (%(error)s).", name=culprit.name, expr=attrs, tag=node.tag,
                    error=exc))
            for name in sorted(names_used(trees)):
                if name not in model._fields:
                    raise ValidationError(_(
                        "Invalid view %(name)s definition: field \"%(field)s\" used in a modifier does not "
                        "exist in model \"%(model)s\".", name=culprit.name, field=name, model=model_name))
            if node is not arch and node.tag == 'field':
                field = model._fields.get(node.get('name'))
                if field is not None and field.relational and field.comodel_name in self.env:
                    for sub in node.iterchildren(tag=etree.Element):
                        if sub.tag in ('tree', 'list', 'form', 'kanban'):
                            self._check_modifiers(sub, field.comodel_name, culprit)

    # --- combining ---
    def _applicable_children(self, chain_ids):
        """Children of this view to apply, by (priority, id): active extensions visible to the
        user, plus the primary views on the way to the requested view."""
        # the web client reads views as superuser but applies them as the user sees them
        as_user = self.env.context.get('fz_view_as_user')
        user_groups = None if self.env.su and not as_user else self.env.user.sudo().groups_id
        result = []
        for child in self.with_context(active_test=False).inherit_children_ids:
            if child.id in chain_ids:
                result.append(child)
            elif child.mode == 'extension' and child.active:
                if child.groups_id and user_groups is not None and not (child.groups_id & user_groups):
                    continue
                result.append(child)
        return sorted(result, key=lambda v: (v.priority, v.id))

    def _parsed_arch(self):
        """This view's arch; with context ``fz_arch_modules``, each node marked with the addon of
        this view, so that the combined arch is translated node by node by the right catalogue."""
        arch = parse_arch(self.arch or '<data/>')
        if self.env.context.get('fz_arch_modules'):
            data = self.env['ir.model.data'].sudo().search_read(
                [('model', '=', 'ir.ui.view'), ('res_id', '=', self.id)], ['module'], limit=1)
            if data:
                for node in arch.iter():
                    if isinstance(node.tag, str):
                        node.set(MODULE_ATTRIBUTE, data[0]['module'])
        return arch

    def _apply_children(self, source, chain_ids):
        for child in self._applicable_children(chain_ids):
            try:
                source = apply_inheritance_specs(source, child._parsed_arch())
            except InheritanceError as exc:
                raise InheritanceError("%s (in view %s)" % (exc, child.name)) from exc
            source = child._apply_children(source, chain_ids)
        return source

    def _get_combined_arch(self):
        """This view's arch with all applicable inheritance applied, as an lxml element."""
        self.ensure_one()
        chain_ids = set()
        root = self
        while True:
            chain_ids.add(root.id)
            if not root.inherit_id:
                break
            root = root.inherit_id
        return root._apply_children(root._parsed_arch(), chain_ids)

    def get_combined_arch(self):
        """This view's arch with all applicable inheritance applied, as a string."""
        return etree.tostring(self._get_combined_arch(), encoding='unicode')

    @api.model
    def default_view(self, model, view_type):
        """Id of the primary view of ``model`` of type ``view_type`` with the lowest priority, or False."""
        types = [view_type] + ([{'tree': 'list', 'list': 'tree'}[view_type]] if view_type in ('tree', 'list') else [])
        view = self.search([('model', '=', model), ('type', 'in', types), ('mode', '=', 'primary')],
                           order='priority, id', limit=1)
        return view.id or False
