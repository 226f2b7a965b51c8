"""ir.attachment: content-addressed files that follow the transaction and never return wrong data."""
import base64
import hashlib
import os

import pytest

from flectra.exceptions import AccessError, UserError
from flectra.tests import new_test_user

PDF = b'%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32


def _b64(data):
    return base64.b64encode(data).decode()


def _path(att):
    return att._full_path(att.store_fname)


class Boom(Exception):
    pass


def test_create_from_datas_stores_file_by_checksum(env):
    """datas (base64) in → file at <sha[:2]>/<sha>, sha1 checksum, size, raw bytes and datas out."""
    att = env['ir.attachment'].create({'name': 'decision.pdf', 'datas': _b64(PDF)})
    sha = hashlib.sha1(PDF).hexdigest()
    assert att.checksum == sha
    assert att.store_fname == '%s/%s' % (sha[:2], sha)
    assert att.file_size == len(PDF)
    assert att.mimetype == 'application/pdf'
    assert att.type == 'binary'
    with open(_path(att), 'rb') as handle:
        assert handle.read() == PDF
    env.invalidate_all()
    assert att.raw == PDF
    assert base64.b64decode(att.datas) == PDF
    assert att.read(['datas'])[0]['datas'] == _b64(PDF)


def test_create_from_raw_and_mimetype_sniffing(env):
    att = env['ir.attachment'].create({'name': 'scan', 'raw': PNG})
    assert att.mimetype == 'image/png'
    assert base64.b64decode(att.datas) == PNG
    txt = env['ir.attachment'].create({'name': 'note', 'raw': '纯文本'.encode()})
    assert txt.mimetype == 'text/plain'
    given = env['ir.attachment'].create({'name': 'x.bin', 'raw': b'abc', 'mimetype': 'application/x-custom'})
    assert given.mimetype == 'application/x-custom'


def test_identical_content_is_stored_once(env):
    a = env['ir.attachment'].create({'name': 'a.txt', 'raw': b'same content'})
    b = env['ir.attachment'].create({'name': 'b.txt', 'datas': _b64(b'same content')})
    assert a.store_fname == b.store_fname
    c = a.copy()
    assert c.store_fname == a.store_fname and c.raw == b'same content'


def test_empty_content_has_no_file(env):
    att = env['ir.attachment'].create({'name': 'empty.txt', 'raw': b''})
    assert not att.store_fname
    assert att.file_size == 0
    assert not att.datas


def test_url_attachment(env):
    att = env['ir.attachment'].create({'name': 'law', 'type': 'url', 'url': 'https://example.org/law.pdf'})
    assert not att.datas and not att.store_fname
    assert att.mimetype == 'application/pdf'


def test_content_fields_cannot_be_forged(env):
    """store_fname/checksum/file_size always describe the real content."""
    other = env['ir.attachment'].create({'name': 'secret.txt', 'raw': b'secret'})
    att = env['ir.attachment'].create({'name': 'x.txt', 'raw': b'mine', 'store_fname': other.store_fname,
                                       'checksum': other.checksum})
    assert att.store_fname != other.store_fname
    att.write({'store_fname': other.store_fname, 'file_size': 1})
    assert att.raw == b'mine' and att.file_size == 4


def test_write_new_content(env):
    att = env['ir.attachment'].create({'name': 'v1.txt', 'raw': b'version 1'})
    old_path = _path(att)
    att.write({'datas': _b64(b'version 2')})
    assert att.raw == b'version 2'
    assert att.checksum == hashlib.sha1(b'version 2').hexdigest()
    assert att.file_size == 9
    att.datas = _b64(b'version 3')
    assert att.raw == b'version 3'
    att.raw = b'version 4'
    assert base64.b64decode(att.datas) == b'version 4'
    # the replaced files go only once the transaction commits
    assert os.path.exists(old_path)
    env.cr.postcommit.run()
    assert not os.path.exists(old_path)
    assert os.path.exists(_path(att))


def test_corrupted_file_raises_instead_of_returning_wrong_data(env):
    att = env['ir.attachment'].create({'name': 'c.txt', 'raw': b'original content'})
    with open(_path(att), 'wb') as handle:
        handle.write(b'tampered content')
    env.invalidate_all()
    with pytest.raises(UserError, match='corrupted'):
        att.raw
    with pytest.raises(UserError):
        att.datas


def test_missing_file_raises(env):
    att = env['ir.attachment'].create({'name': 'm.txt', 'raw': b'to be lost'})
    os.unlink(_path(att))
    env.invalidate_all()
    with pytest.raises(UserError, match='missing'):
        att.raw


def test_rewrite_repairs_a_damaged_file(env):
    """Storing content again whose file was damaged writes a good copy."""
    att = env['ir.attachment'].create({'name': 'r.txt', 'raw': b'precious'})
    with open(_path(att), 'wb') as handle:
        handle.write(b'garbage')
    env['ir.attachment'].create({'name': 'r2.txt', 'raw': b'precious'})
    env.invalidate_all()
    assert att.raw == b'precious'


def test_file_of_rolled_back_insert_is_removed(env):
    """A file whose row is rolled back disappears when the transaction ends."""
    holder = {}
    with pytest.raises(Boom):
        with env.cr.savepoint():
            att = env['ir.attachment'].create({'name': 'tmp.txt', 'raw': b'rolled back content'})
            holder['path'] = _path(att)
            raise Boom()
    assert os.path.exists(holder['path'])  # still pinned by this transaction
    env.cr.postrollback.run()
    assert not os.path.exists(holder['path'])


def test_rollback_keeps_a_file_other_rows_use(env):
    keep = env['ir.attachment'].create({'name': 'keep.txt', 'raw': b'shared content'})
    with pytest.raises(Boom):
        with env.cr.savepoint():
            env['ir.attachment'].create({'name': 'dup.txt', 'raw': b'shared content'})
            raise Boom()
    env.cr.postrollback.run()
    assert os.path.exists(_path(keep))
    env.invalidate_all()
    assert keep.raw == b'shared content'


def test_unlink_removes_file_after_commit_only_if_unused(env):
    a = env['ir.attachment'].create({'name': 'a.txt', 'raw': b'unlink me'})
    b = env['ir.attachment'].create({'name': 'b.txt', 'raw': b'unlink me'})
    path = _path(a)
    a.unlink()
    env.cr.postcommit.run()
    assert os.path.exists(path)  # b still uses it
    b.unlink()
    assert os.path.exists(path)  # not before commit
    env.cr.postcommit.run()
    assert not os.path.exists(path)


def test_pin_of_another_transaction_protects_file(env):
    """A file pinned by an unfinished transaction is not collected by someone else's clean-up."""
    att = env['ir.attachment'].create({'name': 'p.txt', 'raw': b'pinned elsewhere'})
    fname, path = att.store_fname, _path(att)
    pin_dir = os.path.join(att._filestore(), '.pins')
    foreign_pin = os.path.join(pin_dir, '%s.%s' % (att.checksum, 'foreigntx'))
    open(foreign_pin, 'wb').close()
    try:
        att.unlink()
        env.cr.postcommit.run()
        assert os.path.exists(path)
    finally:
        os.unlink(foreign_pin)
    env['ir.attachment']._file_gc(fname)
    assert not os.path.exists(path)


def test_markup_uploaded_by_ordinary_user_is_served_as_text(env):
    """HTML/SVG from users who cannot edit views becomes text/plain; office documents stay as they are."""
    user = new_test_user(env, login='att_user', groups='base.group_user')
    Att = env['ir.attachment'].with_user(user)
    html = Att.create({'name': 'x.html', 'raw': b'<html><script>alert(1)</script></html>'})
    assert html.mimetype == 'text/plain'
    svg = Att.create({'name': 'x.svg', 'raw': b'<svg></svg>'})
    assert svg.mimetype == 'text/plain'
    docx = Att.create({'name': 'x.docx', 'raw': b'PK\x03\x04word/'})
    assert docx.mimetype == 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    admin_html = env['ir.attachment'].create({'name': 'y.html', 'raw': b'<html></html>'})
    assert admin_html.mimetype == 'text/html'


def test_attachment_linked_to_record(env):
    partner = env['res.partner'].create({'name': 'Applicant'})
    att = env['ir.attachment'].create({'name': 'id.pdf', 'raw': PDF, 'res_model': 'res.partner',
                                       'res_id': partner.id})
    assert att.res_name == 'Applicant'
    found = env['ir.attachment'].search([('res_model', '=', 'res.partner'), ('res_id', '=', partner.id)])
    assert found == att


@pytest.fixture
def rule_docs(env):
    """test.orm.rule.doc records: the user sees only their own ones (record rules of test_orm_a)."""
    user = new_test_user(env, login='att_rule_user', groups='base.group_user,test_orm_a.group_a_user')
    Doc = env['test.orm.rule.doc']
    own = Doc.create({'name': 'own', 'owner_id': user.id})
    private = Doc.create({'name': 'private', 'owner_id': env.user.id})
    return user, own, private


def test_attachment_follows_linked_record_access(env, rule_docs):
    """Agency A's clerk cannot read, add or delete files of a record they cannot see (ACL-2)."""
    user, own, private = rule_docs
    Att = env['ir.attachment']
    on_own = Att.create({'name': 'own.txt', 'raw': b'own', 'res_model': own._name, 'res_id': own.id})
    on_private = Att.create({'name': 'private.txt', 'raw': b'private', 'res_model': private._name,
                             'res_id': private.id})
    assert on_own.with_user(user).read(['name'])[0]['name'] == 'own.txt'
    assert on_own.with_user(user).raw == b'own'
    with pytest.raises(AccessError):
        on_private.with_user(user).read(['name'])
    env.invalidate_all()
    with pytest.raises(AccessError):
        on_private.with_user(user).raw
    with pytest.raises(AccessError):
        Att.with_user(user).create({'name': 'x.txt', 'raw': b'x', 'res_model': private._name,
                                    'res_id': private.id})
    with pytest.raises(AccessError):
        on_private.with_user(user).write({'name': 'renamed.txt'})
    with pytest.raises(AccessError):
        on_private.with_user(user).unlink()


def test_unlinked_attachment_belongs_to_its_creator(env, rule_docs):
    user, _own, _private = rule_docs
    other = new_test_user(env, login='att_other', groups='base.group_user')
    mine = env['ir.attachment'].with_user(user).create({'name': 'draft.txt', 'raw': b'draft'})
    assert mine.with_user(user).raw == b'draft'
    with pytest.raises(AccessError):
        mine.with_user(other).read(['name'])
    mine.public = True
    assert mine.with_user(other).read(['name'])
    with pytest.raises(AccessError):
        mine.with_user(other).write({'name': 'stolen.txt'})


def test_search_shows_only_readable_attachments(env, rule_docs):
    user, own, private = rule_docs
    Att = env['ir.attachment']
    on_own = Att.create({'name': 'own.txt', 'raw': b'1', 'res_model': own._name, 'res_id': own.id})
    Att.create({'name': 'private.txt', 'raw': b'2', 'res_model': private._name, 'res_id': private.id})
    domain = [('res_model', '=', own._name)]
    assert Att.with_user(user).search(domain) == on_own
    assert Att.with_user(user).search_count(domain) == 1
    assert len(Att.search(domain)) == 2
    assert Att.with_user(user).search(domain, limit=1) == on_own
    groups = Att.with_user(user).read_group(domain, ['res_model'], ['res_model'])
    assert [g['res_model_count'] for g in groups] == [1]


def test_field_attachments_hidden_from_generic_search(env):
    partner = env['res.partner'].create({'name': 'P'})
    field_att = env['ir.attachment'].create({'name': 'image_1920', 'raw': PNG, 'res_model': 'res.partner',
                                             'res_id': partner.id, 'res_field': 'image_1920'})
    domain = [('res_model', '=', 'res.partner'), ('res_id', '=', partner.id)]
    assert not env['ir.attachment'].search(domain)
    assert env['ir.attachment'].search(domain + [('res_field', '=', 'image_1920')]) == field_att
    assert env['ir.attachment'].search([('id', '=', field_att.id)]) == field_att


def test_gc_collects_orphan_files_and_stale_pins_only(env):
    """Issue 18 item 7: what a killed process leaves (a file no row names, a pin of a dead
    transaction) is collected once older than the grace period; referenced, pinned or recent
    files stay."""
    import hashlib
    import time as _time
    Attachment = env['ir.attachment']
    kept = Attachment.create({'name': 'kept.txt', 'raw': b'kept'})
    root = Attachment._filestore()

    def stray(content, age):
        sha = hashlib.sha1(content).hexdigest()
        path = os.path.join(root, sha[:2], sha)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as fp:
            fp.write(content)
        os.utime(path, (_time.time() - age, _time.time() - age))
        return path, sha

    orphan, _sha = stray(b'orphan of a killed worker', 7200)
    recent, _sha = stray(b'written by a running transaction', 10)
    pinned, pinned_sha = stray(b'pinned by a live transaction', 7200)
    pin_dir = os.path.join(root, '.pins')
    os.makedirs(pin_dir, exist_ok=True)
    live_pin = os.path.join(pin_dir, '%s.livepin' % pinned_sha)
    open(live_pin, 'wb').close()
    dead_pin = os.path.join(pin_dir, '%s.deadpin' % ('ab' * 20))
    open(dead_pin, 'wb').close()
    os.utime(dead_pin, (_time.time() - 7200, _time.time() - 7200))
    kept_path = Attachment._full_path(kept.store_fname)
    os.utime(kept_path, (_time.time() - 7200, _time.time() - 7200))
    try:
        files, pins = Attachment._gc_file_store(grace=3600)
        assert (files, pins) == (1, 1)
        assert not os.path.exists(orphan) and not os.path.exists(dead_pin)
        assert os.path.exists(recent) and os.path.exists(pinned) and os.path.exists(live_pin)
        assert kept.raw == b'kept'
        assert env.ref('base.ir_cron_attachment_gc').code == 'model._gc_file_store()'
    finally:
        for path in (recent, pinned, live_pin):
            if os.path.exists(path):
                os.unlink(path)
