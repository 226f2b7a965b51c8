"""Files attached to records, stored once per content in the database's filestore.

A file lives at ``<filestore>/<sha1[:2]>/<sha1>`` (``fazhi.tools.filestore``: keyed by the
database's ``database.uuid``, not its name); rows with
the same content share it. The filestore follows the database's transactions:

- a file is written atomically (temporary file + ``os.replace``) before the row that names it;
- while a transaction may still insert rows naming a file, it holds a *pin* on that file
  (``.pins/<sha1>.<token>``), so no other transaction's clean-up removes it meanwhile;
- when the transaction ends, files it wrote that no row names (rolled back, or inserted in a
  savepoint that rolled back) are removed, and so are the files of attachments it deleted once
  it commits — each time only when no other pin and no committed row still names them.

Reads recompute the SHA-1: a damaged or missing file raises an error instead of returning
wrong content.
"""
import base64
import binascii
import contextlib
import fcntl
import hashlib
import logging
import mimetypes
import os
import re
import secrets
import tempfile
import time
from collections import defaultdict

from flectra import api, fields, models, _
from flectra.exceptions import AccessError, UserError

from fazhi.tools import filestore

_logger = logging.getLogger(__name__)

_FNAME_RE = re.compile(r'^[0-9a-f]{2}/[0-9a-f]{40}$')
_PIN_DIR = '.pins'
_LOCK_FILE = '.lock'
#: rows may not set these directly: they always describe the stored content
_CONTENT_FIELDS = ('store_fname', 'checksum', 'file_size')
_PINS_KEY = 'ir.attachment.pins'


class AttachmentCorrupted(UserError):
    """The stored file of an attachment is missing or does not match its checksum."""


def _sniff_mimetype(data):
    """A mimetype guessed from the first bytes of ``data``, or None."""
    head = data[:1024]
    if head.startswith(b'%PDF-'):
        return 'application/pdf'
    if head.startswith(b'\x89PNG\r\n\x1a\n'):
        return 'image/png'
    if head.startswith(b'\xff\xd8\xff'):
        return 'image/jpeg'
    if head[:6] in (b'GIF87a', b'GIF89a'):
        return 'image/gif'
    if head.startswith(b'RIFF') and head[8:12] == b'WEBP':
        return 'image/webp'
    if head.startswith(b'PK\x03\x04'):
        if b'word/' in data[:4096]:
            return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        if b'xl/' in data[:4096]:
            return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        return 'application/zip'
    if head.startswith(b'\xd0\xcf\x11\xe0'):
        return 'application/msword'
    stripped = head.lstrip()
    if stripped[:5].lower() == b'<?xml':
        return 'image/svg+xml' if b'<svg' in head else 'application/xml'
    if stripped[:4].lower() == b'<svg':
        return 'image/svg+xml'
    if stripped[:14].lower() == b'<!doctype html' or stripped[:5].lower() == b'<html':
        return 'text/html'
    try:
        head.decode('utf-8')
    except UnicodeDecodeError:
        return None
    return 'text/plain' if b'\x00' not in head else None


def _to_bytes(value):
    if not value:
        return b''
    return value.encode('utf-8') if isinstance(value, str) else bytes(value)


def _b64decode(value):
    try:
        return base64.b64decode(_to_bytes(value), validate=False)
    except binascii.Error as exc:
        raise UserError(_("The file content is not valid base64: %s", exc)) from exc


class IrAttachment(models.Model):
    """A file (or URL) optionally linked to a record through ``res_model``/``res_id``."""

    _name = 'ir.attachment'
    _description = 'Attachment'
    _order = 'id desc'

    name = fields.Char('Name', required=True)
    description = fields.Text('Description')
    res_name = fields.Char('Resource Name', compute='_compute_res_name')
    res_model = fields.Char('Resource Model', readonly=True)
    res_field = fields.Char('Resource Field', readonly=True)
    res_id = fields.Many2oneReference('Resource ID', model_field='res_model', readonly=True)
    company_id = fields.Many2one('res.company', string='Company',
                                 default=lambda self: self.env.company)
    type = fields.Selection([('url', 'URL'), ('binary', 'File')], string='Type', required=True,
                            default='binary',
                            help="You can either upload a file from your computer or copy/paste an internet "
                                 "link to your file.")
    url = fields.Char('Url', index=True, size=1024)
    public = fields.Boolean('Is public document')
    datas = fields.Binary(string='File Content (base64)', compute='_compute_datas', inverse='_inverse_datas')
    raw = fields.Binary(string='File Content (raw)', compute='_compute_raw', inverse='_inverse_raw')
    store_fname = fields.Char('Stored Filename', index=True, readonly=True)
    file_size = fields.Integer('File Size', readonly=True)
    checksum = fields.Char('Checksum/SHA1', size=40, index=True, readonly=True)
    mimetype = fields.Char('Mime Type', readonly=True)

    # --- computes ---
    @api.depends('res_model', 'res_id')
    def _compute_res_name(self):
        for att in self:
            name = False
            if att.res_model and att.res_id and att.res_model in self.env:
                record = self.env[att.res_model].sudo().browse(att.res_id).exists()
                name = record.display_name if record else False
            att.res_name = name

    @api.depends('store_fname')
    def _compute_datas(self):
        for att in self:
            raw = att.raw
            att.datas = base64.b64encode(raw) if raw else False

    @api.depends('store_fname')
    def _compute_raw(self):
        self.check('read')
        for att in self:
            if att.type == 'binary' and att.store_fname:
                att.raw = att._file_read(att.store_fname, att.checksum)
            else:
                att.raw = False

    def _inverse_datas(self):
        self._set_content(lambda att: _b64decode(att.datas))

    def _inverse_raw(self):
        self._set_content(lambda att: _to_bytes(att.raw))

    def _set_content(self, getter):
        for att in self:
            data = getter(att)
            old_fname = att.store_fname
            vals = att._content_values(data)
            vals['mimetype'] = att._guess_mimetype({'name': att.name, 'url': att.url}, data)
            super(IrAttachment, att.sudo()).write(vals)
            if old_fname and old_fname != vals['store_fname']:
                self._file_delete(old_fname)

    # --- access: an attachment follows the record it is attached to ---
    def check(self, mode, values=None):
        """Check that the user may ``mode`` (read/write/create/unlink) these attachments.

        An attachment linked to a record (``res_model``/``res_id``) is readable by whoever may
        read that record, and writable/creatable/deletable by whoever may write it. An unlinked
        attachment belongs to its creator (and Settings users); ``public`` ones are readable by all.
        ``values`` are the values of a create/write, whose target record is checked too.

        Raises:
            AccessError: the user lacks that access.
        """
        if self.env.su:
            return
        targets = defaultdict(set)
        is_system = self.env.is_system()
        ids = [i for i in self.ids if isinstance(i, int)]
        if ids:
            self.env.cr.execute('SELECT res_model, res_id, create_uid, public FROM ir_attachment WHERE id IN (%s)'
                                % ', '.join(['%s'] * len(ids)), ids)
            for res_model, res_id, create_uid, public in self.env.cr.fetchall():
                if public and mode == 'read':
                    continue
                if res_model and res_id:
                    targets[res_model].add(res_id)
                elif create_uid != self.env.uid and not is_system:
                    raise AccessError(_("Sorry, you are not allowed to access this document."))
        if values and values.get('res_model') and values.get('res_id'):
            targets[values['res_model']].add(values['res_id'])
        access = 'write' if mode in ('create', 'unlink') else mode
        for res_model, res_ids in targets.items():
            if res_model not in self.env:
                if not is_system:
                    raise AccessError(_("Sorry, you are not allowed to access this document."))
                continue
            records = self.env[res_model].browse(sorted(res_ids)).exists()
            records.check_access_rights(access)
            records.check_access_rule(access)

    def read(self, fields=None, load='_classic_read'):
        self.check('read')
        return super().read(fields=fields, load=load)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Searches skip attachments of binary fields (unless the domain names ``res_field`` or
        ``id``) and, for ordinary users, attachments they could not read."""
        domain = list(domain or [])
        if not any(isinstance(term, (list, tuple)) and term and term[0] in ('id', 'res_field') for term in domain):
            domain = [('res_field', '=', False)] + domain
        if self.env.su:
            return super()._search(domain, offset=offset, limit=limit, order=order)
        self.check_access_rights('read')
        # candidates as superuser, then the user's own search over the readable ones, so the
        # model's ACL and record rules still apply to the result
        candidates = self.sudo().search(domain, order=order).with_env(self.env)
        allowed = candidates._filter_readable()
        return super()._search([('id', 'in', allowed.ids)], offset=offset, limit=limit, order=order)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Groups count only the attachments :meth:`_search` would return."""
        if not self.env.su:
            domain = [('id', 'in', self.search(domain or []).ids)] + list(domain or [])
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)

    def _filter_readable(self):
        """The attachments of ``self`` the user may read (see :meth:`check`), in order."""
        if self.env.su or not self:
            return self
        is_system = self.env.is_system()
        allowed, linked = set(), defaultdict(list)
        ids = list(self.ids)
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            self.env.cr.execute('SELECT id, res_model, res_id, create_uid, public FROM ir_attachment '
                                'WHERE id IN (%s)' % ', '.join(['%s'] * len(chunk)), chunk)
            for att_id, res_model, res_id, create_uid, public in self.env.cr.fetchall():
                if public:
                    allowed.add(att_id)
                elif res_model and res_id:
                    linked[res_model].append((att_id, res_id))
                elif create_uid == self.env.uid or is_system:
                    allowed.add(att_id)
        for res_model, pairs in linked.items():
            if res_model not in self.env:
                if is_system:
                    allowed.update(att_id for att_id, _rid in pairs)
                continue
            Model = self.env[res_model].with_context(active_test=False)
            if not Model.check_access_rights('read', raise_exception=False):
                continue
            visible = set(Model.search([('id', 'in', sorted({rid for _aid, rid in pairs}))]).ids)
            allowed.update(att_id for att_id, rid in pairs if rid in visible)
        return self.browse([i for i in self.ids if i in allowed])

    # --- CRUD ---
    @api.model_create_multi
    def create(self, vals_list):
        prepared = []
        for vals in vals_list:
            self.browse().check('create', values=vals)
            vals = {k: v for k, v in vals.items() if k not in _CONTENT_FIELDS}
            data = self._pop_content(vals)
            if data is not None:
                vals.update(self._content_values(data))
            vals['mimetype'] = self._guess_mimetype(vals, data)
            prepared.append(vals)
        return super().create(prepared)

    def write(self, vals):
        self.check('write', values=vals)
        vals = {k: v for k, v in vals.items() if k not in _CONTENT_FIELDS}
        data = self._pop_content(vals)
        if 'mimetype' in vals:
            vals['mimetype'] = self._guess_mimetype(vals, data)
        if data is None:
            return super().write(vals)
        for att in self:
            old_fname = att.store_fname
            att_vals = dict(vals, **att._content_values(data))
            if 'mimetype' not in vals:
                att_vals['mimetype'] = att._guess_mimetype(
                    {'name': vals.get('name', att.name), 'url': vals.get('url', att.url)}, data)
            super(IrAttachment, att).write(att_vals)
            if old_fname and old_fname != att_vals['store_fname']:
                self._file_delete(old_fname)
        return True

    def copy(self, default=None):
        default = dict(default or {})
        if not {'datas', 'raw'} & set(default):
            default['raw'] = self.raw
        return super().copy(default)

    def unlink(self):
        self.check('unlink')
        fnames = set(self.sudo().mapped('store_fname')) - {False, None, ''}
        res = super().unlink()
        for fname in fnames:
            self._file_delete(fname)
        return res

    # --- content helpers ---
    @api.model
    def _pop_content(self, vals):
        """Take ``raw``/``datas`` out of ``vals``; returns the bytes, or None when neither is given."""
        if 'raw' in vals:
            vals.pop('datas', None)
            return _to_bytes(vals.pop('raw'))
        if 'datas' in vals:
            return _b64decode(vals.pop('datas'))
        return None

    @api.model
    def _compute_checksum(self, data):
        return hashlib.sha1(data or b'').hexdigest()

    @api.model
    def _content_values(self, data):
        """Stored columns for ``data``: the file is written (and pinned) here; empty data has no file."""
        checksum = self._compute_checksum(data)
        return {
            'file_size': len(data),
            'checksum': checksum,
            'store_fname': self._file_write(data, checksum) if data else False,
        }

    @api.model
    def _guess_mimetype(self, vals, data=None):
        """The given mimetype, else one guessed from name, url or content; markup turned to text
        for users who may not edit views (so an upload cannot serve script to others)."""
        mimetype = vals.get('mimetype')
        if not mimetype and vals.get('name'):
            mimetype = mimetypes.guess_type(vals['name'])[0]
        if not mimetype and vals.get('url'):
            mimetype = mimetypes.guess_type(vals['url'].split('?')[0])[0]
        if (not mimetype or mimetype == 'application/octet-stream') and data:
            mimetype = _sniff_mimetype(data) or mimetype
        mimetype = mimetype or 'application/octet-stream'
        xml_like = 'ht' in mimetype or ('xml' in mimetype and 'openxmlformats' not in mimetype) or 'svg' in mimetype
        if xml_like and (self.env.context.get('attachments_mime_plainxml')
                         or not self.env['ir.ui.view'].check_access_rights('write', raise_exception=False)):
            mimetype = 'text/plain'
        return mimetype

    # --- filestore ---
    @api.model
    def _filestore(self):
        """``<data_dir>/filestore/<database.uuid>``: keyed by the database's identity, not its name."""
        return filestore.path(self.env.cr)

    @api.model
    def _full_path(self, fname):
        if not _FNAME_RE.match(fname or ''):
            raise AttachmentCorrupted(_("Invalid stored file name %r.", fname))
        return os.path.join(self._filestore(), fname)

    @contextlib.contextmanager
    def _filestore_lock(self):
        """Serialise file creation, pinning and deletion across threads and processes."""
        root = self._filestore()
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, _LOCK_FILE), 'a+b') as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield root
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @api.model
    def _file_read(self, fname, checksum=None):
        """The bytes of stored file ``fname``, verified against its SHA-1.

        Raises:
            AttachmentCorrupted: the file is missing or its content does not match.
        """
        full_path = self._full_path(fname)
        try:
            with open(full_path, 'rb') as handle:
                data = handle.read()
        except FileNotFoundError:
            _logger.error("Attachment file %s is missing from the filestore", full_path)
            raise AttachmentCorrupted(_("The file of this attachment (%s) is missing from the filestore.", fname))
        expected = checksum or fname.rsplit('/', 1)[-1]
        if hashlib.sha1(data).hexdigest() != expected:
            _logger.error("Attachment file %s does not match its checksum %s", full_path, expected)
            raise AttachmentCorrupted(
                _("The file of this attachment (%s) is corrupted: its checksum does not match.", fname))
        return data

    @api.model
    def _file_write(self, data, checksum):
        """Store ``data`` under its checksum (deduplicated) and pin it for this transaction.

        Returns:
            the store_fname, ``<sha[:2]>/<sha>``.
        """
        fname = '%s/%s' % (checksum[:2], checksum)
        full_path = self._full_path(fname)
        with self._filestore_lock():
            if not self._file_intact(full_path, checksum):
                os.makedirs(os.path.dirname(full_path), exist_ok=True)
                fd, tmp_path = tempfile.mkstemp(dir=os.path.dirname(full_path), prefix='.tmp-')
                try:
                    with os.fdopen(fd, 'wb') as handle:
                        handle.write(data)
                        handle.flush()
                        os.fsync(handle.fileno())
                    os.replace(tmp_path, full_path)
                except BaseException:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(tmp_path)
                    raise
                _fsync_dir(os.path.dirname(full_path))
            self._pin(fname)
        return fname

    @staticmethod
    def _file_intact(full_path, checksum):
        try:
            with open(full_path, 'rb') as handle:
                return hashlib.sha1(handle.read()).hexdigest() == checksum
        except FileNotFoundError:
            return False

    def _pin(self, fname):
        """Keep ``fname`` from being collected until this transaction ends (lock held by caller)."""
        cr = self.env.cr
        pins = cr.postrollback.data.setdefault(_PINS_KEY, {})
        if fname in pins:
            return
        pin_dir = os.path.join(self._filestore(), _PIN_DIR)
        os.makedirs(pin_dir, exist_ok=True)
        pin_path = os.path.join(pin_dir, '%s.%s' % (fname.rsplit('/', 1)[-1], secrets.token_hex(8)))
        with open(pin_path, 'wb'):
            pass
        pins[fname] = pin_path
        Attachment = self.sudo()

        def unpin_and_collect():
            # also after commit: a row inserted in a rolled-back savepoint left the file unused
            with contextlib.suppress(FileNotFoundError):
                os.unlink(pin_path)
            Attachment._file_gc(fname)

        cr.postcommit.add(unpin_and_collect)
        cr.postrollback.add(unpin_and_collect)

    @api.model
    def _file_delete(self, fname):
        """Remove ``fname`` after commit if nothing references it any more."""
        Attachment = self.sudo()
        self.env.cr.postcommit.add(lambda: Attachment._file_gc(fname))

    @api.model
    def _file_gc(self, fname):
        """Delete stored file ``fname`` unless a pin or a committed row still references it.

        Runs outside any transaction (post-commit / post-rollback), so only raw SQL is used.
        """
        if not _FNAME_RE.match(fname or ''):
            return
        sha = fname.rsplit('/', 1)[-1]
        cr = self.env.cr
        with self._filestore_lock() as root:
            pin_dir = os.path.join(root, _PIN_DIR)
            if os.path.isdir(pin_dir) and any(p.startswith(sha + '.') for p in os.listdir(pin_dir)):
                return
            cr.execute('SELECT 1 FROM ir_attachment WHERE store_fname = %s LIMIT 1', [fname])
            if cr.fetchone():
                return
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(root, fname))
                _logger.debug("filestore: removed unreferenced file %s", fname)


GC_GRACE = 86400   #: seconds: files and pins younger than this are never collected


class IrAttachmentGc(models.Model):
    _inherit = 'ir.attachment'

    @api.model
    def _gc_file_store(self, grace=None):
        """Collect what crashes leave in the filestore (a daily cron): stored files no attachment
        names, and pins of transactions long gone (a killed worker never runs its clean-up).

        They hold party data and would go into every backup. Only what is older than ``grace``
        seconds (parameter ``ir_attachment.gc_grace``, default a day) is touched: a running
        transaction's files are pinned, and its pins are younger than that. Each file is
        removed by ``_file_gc``, which checks pins and committed rows again under the lock.

        Returns ``(files removed, stale pins removed)``.
        """
        if grace is None:
            grace = float(self.env['ir.config_parameter'].sudo().get_param('ir_attachment.gc_grace') or GC_GRACE)
        root = self._filestore()
        if not os.path.isdir(root):
            return 0, 0
        cut = time.time() - grace
        pins = 0
        pin_dir = os.path.join(root, _PIN_DIR)
        if os.path.isdir(pin_dir):
            for entry in os.scandir(pin_dir):
                with contextlib.suppress(FileNotFoundError):
                    if entry.stat().st_mtime < cut:
                        os.unlink(entry.path)
                        pins += 1
        old = []
        for sub in os.scandir(root):
            if not sub.is_dir() or sub.name.startswith('.') or len(sub.name) != 2:
                continue
            for entry in os.scandir(sub.path):
                fname = '%s/%s' % (sub.name, entry.name)
                with contextlib.suppress(FileNotFoundError):
                    if _FNAME_RE.match(fname) and entry.stat().st_mtime < cut:
                        old.append(fname)
        referenced = set()
        cr = self.env.cr
        for start in range(0, len(old), 500):
            chunk = old[start:start + 500]
            cr.execute('SELECT store_fname FROM ir_attachment WHERE store_fname IN (%s)'
                       % ', '.join(['%s'] * len(chunk)), chunk)
            referenced.update(row[0] for row in cr.fetchall())
        files = 0
        for fname in old:
            if fname in referenced:
                continue
            self.sudo()._file_gc(fname)
            if not os.path.exists(os.path.join(root, fname)):
                files += 1
        if files or pins:
            _logger.info("filestore of %s: collected %s orphan file(s) and %s stale pin(s)",
                         cr.dbname, files, pins)
        return files, pins


def _fsync_dir(path):
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        _logger.debug("fsync of directory %s not supported", path)
    finally:
        os.close(fd)
