import base64
import logging

from markupsafe import Markup, escape

from flectra import _, api, fields, models

_logger = logging.getLogger(__name__)

TRACKING_DATA = "mail.tracking"        #: precommit.data key: {model: {id: {field: initial value}}}
TRACKING_HOOK = "mail.tracking.hook"   #: precommit.data key: the finalize hook is registered
DEFAULT_TRACKING_SEQUENCE = 100


class MailThread(models.AbstractModel):
    """Chatter for a model: messages, followers and the audit trail of tracked fields.

    Tracking: ``write`` records the values of the tracked fields (``tracking=True`` or an int
    sequence) before the change, in ``cr.precommit.data``; a pre-commit hook compares them with
    the final values and logs one message per changed record holding ``mail.tracking.value`` rows.
    Context keys: ``tracking_disable`` (no chatter at all), ``mail_notrack`` (no tracking),
    ``mail_create_nolog`` (no creation note), ``mail_create_nosubscribe`` (creator not subscribed).
    """

    _name = "mail.thread"
    _description = "Email Thread"
    #: access to the document that posting a message on it needs (Flectra's attribute)
    _mail_post_access = "write"

    message_ids = fields.One2many("mail.message", "res_id", string="Messages", compute="_compute_message_ids")
    message_follower_ids = fields.One2many("mail.followers", "res_id", string="Followers",
                                           compute="_compute_message_follower_ids")
    message_partner_ids = fields.Many2many("res.partner", string="Followers (Partners)",
                                           compute="_compute_message_partner_ids",
                                           search="_search_message_partner_ids")
    message_is_follower = fields.Boolean(string="Is Follower", compute="_compute_message_is_follower",
                                         search="_search_message_is_follower")

    # --- computes -----------------------------------------------------------------------------
    def _thread_domain(self, model_field="model"):
        return [(model_field, "=", self._name), ("res_id", "in", [rid for rid in self.ids if rid])]

    def _compute_message_ids(self):
        messages = self.env["mail.message"].sudo().search(
            self._thread_domain() + [("message_type", "!=", "user_notification")])
        by_record = {}
        for message in messages:
            by_record.setdefault(message.res_id, []).append(message.id)
        for record in self:
            record.message_ids = self.env["mail.message"].browse(by_record.get(record.id, []))

    def _followers(self):
        return self.env["mail.followers"].sudo().search(self._thread_domain("res_model"))

    def _compute_message_follower_ids(self):
        followers = self._followers()
        for record in self:
            record.message_follower_ids = followers.filtered(lambda f: f.res_id == record.id).with_env(self.env)

    def _compute_message_partner_ids(self):
        followers = self._followers()
        for record in self:
            mine = followers.filtered(lambda f: f.res_id == record.id)
            record.message_partner_ids = mine.mapped("partner_id").with_env(self.env)

    def _compute_message_is_follower(self):
        partner = self.env.user.partner_id
        followed = set(self._followers().filtered(lambda f: f.partner_id == partner).mapped("res_id"))
        for record in self:
            record.message_is_follower = record.id in followed

    def _search_message_partner_ids(self, operator, value):
        domain = [("res_model", "=", self._name), ("partner_id", operator, value)]
        res_ids = self.env["mail.followers"].sudo().search(domain).mapped("res_id")
        return [("id", "in", res_ids)]

    def _search_message_is_follower(self, operator, value):
        res_ids = self.env["mail.followers"].sudo().search([
            ("res_model", "=", self._name), ("partner_id", "=", self.env.user.partner_id.id)]).mapped("res_id")
        positive = (operator == "=" and value) or (operator == "!=" and not value)
        return [("id", "in" if positive else "not in", res_ids)]

    # --- CRUD ---------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self.env.context.get("tracking_disable"):
            return records
        records._track_discard()
        if not self.env.context.get("mail_create_nosubscribe"):
            records.message_subscribe(partner_ids=self.env.user.partner_id.ids)
        records._message_auto_subscribe_created(vals_list)
        if not self.env.context.get("mail_create_nolog"):
            records._message_log_batch([Markup("<p>%s</p>") % record._creation_message() for record in records])
        return records

    def write(self, vals):
        if self.env.context.get("tracking_disable"):
            return super().write(vals)
        self._track_prepare()
        result = super().write(vals)
        for record in self:
            record._message_auto_subscribe(vals)
        return result

    def unlink(self):
        """Deleting a document deletes its chatter: messages and followers."""
        if self:
            self.env["mail.message"].sudo().search(self._thread_domain()).unlink()
            self._followers().unlink()
        return super().unlink()

    def _creation_message(self):
        """Text of the note logged when a record is created. Override to say more."""
        return _("%(document)s created", document=_(self._description))

    def _message_auto_subscribe(self, vals):
        """Subscribe the user assigned through ``user_id`` (as Flectra does for the responsible)."""
        field = self._fields.get("user_id")
        if field is None or field.type != "many2one" or field.comodel_name != "res.users" or not vals.get("user_id"):
            return
        user = self.env["res.users"].sudo().browse(field.convert_to_cache(vals["user_id"], self))
        if user.partner_id:
            self.message_subscribe(partner_ids=user.partner_id.ids)

    def _message_auto_subscribe_created(self, vals_list):
        """``_message_auto_subscribe`` of new records (``vals_list`` in their order), one
        subscription per assigned user rather than one per record."""
        field = self._fields.get("user_id")
        if field is None or field.type != "many2one" or field.comodel_name != "res.users":
            return
        by_user = {}
        for record, vals in zip(self, vals_list):
            if vals.get("user_id"):
                by_user.setdefault(field.convert_to_cache(vals["user_id"], self), []).append(record.id)
        for user_id, record_ids in by_user.items():
            user = self.env["res.users"].sudo().browse(user_id)
            if user.partner_id:
                self.browse(record_ids).message_subscribe(partner_ids=user.partner_id.ids)

    # --- tracking -----------------------------------------------------------------------------
    @api.model
    def _track_sequence(self, field):
        """Display order of a tracked field: its ``tracking`` int, 100 for ``tracking=True``."""
        tracking = field.tracking
        return DEFAULT_TRACKING_SEQUENCE if tracking is True else int(tracking)

    @api.model
    def _track_get_fields(self):
        """Names of the tracked fields, in tracking order (sequence, then name)."""
        tracked = [(self._track_sequence(f), name) for name, f in self._fields.items() if f.tracking]
        return [name for _sequence, name in sorted(tracked)]

    def _track_prepare(self):
        """Remember the tracked values of these records (first capture wins) for ``_track_finalize``."""
        context = self.env.context
        if not self or context.get("tracking_disable") or context.get("mail_notrack"):
            return
        fnames = self._track_get_fields()
        if not fnames:
            return
        data = self.env.cr.precommit.data
        initial = data.setdefault(TRACKING_DATA, {}).setdefault(self._name, {})
        for record in self.sudo():
            if isinstance(record.id, int) and record.id not in initial:
                initial[record.id] = {fname: record[fname] for fname in fnames}
        if not data.get(TRACKING_HOOK):
            data[TRACKING_HOOK] = True
            thread = self.env["mail.thread"]
            self.env.cr.precommit.add(thread._track_finalize_all)

    def _track_discard(self):
        """Forget captured values of these records: creation is logged, not tracked."""
        initial = self.env.cr.precommit.data.get(TRACKING_DATA, {}).get(self._name, {})
        for rid in self.ids:
            initial.pop(rid, None)

    @api.model
    def _track_finalize_all(self):
        """Pre-commit hook: log the tracking messages of every model written in the transaction."""
        data = self.env.cr.precommit.data
        data.pop(TRACKING_HOOK, None)
        for model_name, initial in data.pop(TRACKING_DATA, {}).items():
            records = self.env[model_name].sudo().browse(list(initial)).exists()
            records._track_finalize(initial)

    def _track_finalize(self, initial_values):
        fnames = self._track_get_fields()
        for record in self:
            initial = initial_values[record.id]
            changes, tracking_vals = record._mail_track(fnames, initial)
            if not tracking_vals:
                continue
            subtype = record._track_subtype({fname: initial[fname] for fname in changes})
            record._message_log(tracking_value_ids=[(0, 0, vals) for vals in tracking_vals],
                                subtype_id=subtype.id if subtype else None)

    def _mail_track(self, fnames, initial):
        """``(changed field names, tracking value dicts)`` of this record against ``initial``."""
        self.ensure_one()
        Tracking = self.env["mail.tracking.value"]
        changes, tracking_vals = [], []
        for fname in fnames:
            if fname not in initial:
                continue
            old, new = initial[fname], self[fname]
            if old == new or not (old or new):
                continue
            changes.append(fname)
            tracking_vals.append(Tracking._prepare_tracking_vals(self, fname, old, new))
        return changes, tracking_vals

    def _track_subtype(self, init_values):
        """Subtype of the tracking message, given the initial values of the changed fields.

        Override to return another ``mail.message.subtype`` record; False means ``mail.mt_note``.
        """
        return False

    def _recompute_now(self, field, records, **kwargs):
        # tracked stored computes change outside write(): capture them before the recompute
        if not self.env.context.get("tracking_disable") and any(
                f.tracking for f in self.pool.compute_group(field) if f.store):
            records._track_prepare()
        return super()._recompute_now(field, records, **kwargs)

    # --- posting ------------------------------------------------------------------------------
    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, *, body="", subject=None, message_type="notification", subtype_xmlid=None,
                     partner_ids=None, author_id=None, attachments=None, attachment_ids=None, **kwargs):
        """Post a message on this record and notify its recipients by e-mail; returns the message.

        Needs ``_mail_post_access`` (write) access to the record; the author is the caller's
        partner (``author_id`` is taken only from a superuser caller).

        A ``str`` body is text and gets escaped; pass ``markupsafe.Markup`` (or ``body_is_html=True``)
        for HTML. Recipients are ``partner_ids`` plus the followers of the message's subtype
        (default ``mail.mt_note``), never the author.
        """
        self.ensure_one()
        for forbidden in ("model", "res_id"):
            if forbidden in kwargs:
                raise ValueError("message_post does not accept %r: post on the record itself" % forbidden)
        self.check_access_rights(self._mail_post_access)
        self.check_access_rule(self._mail_post_access)
        if not self.env.su:
            author_id = None    # the caller's partner: nobody posts in another's name (sudo may)
        if kwargs.pop("body_is_html", False) and not isinstance(body, Markup):
            body = Markup(body)
        values = self._prepare_message_values(body, subject, message_type, subtype_xmlid, author_id, kwargs)
        values["partner_ids"] = [(6, 0, list(partner_ids or []))]
        values["attachment_ids"] = [(6, 0, self._process_attachments(attachments, attachment_ids))]
        message = self.env["mail.message"].sudo().create(values)
        self._notify_by_email(message)
        return message.with_env(self.env)

    def _message_log(self, *, body="", subject=None, message_type="notification", subtype_xmlid=None,
                     subtype_id=None, author_id=None, tracking_value_ids=None):
        """Log a message without notifying anybody (creation notes, tracking); returns it."""
        self.ensure_one()
        extra = {"subtype_id": subtype_id} if subtype_id else {}
        values = self._prepare_message_values(body, subject, message_type, subtype_xmlid or "mail.mt_note",
                                              author_id, extra)
        if tracking_value_ids:
            values["tracking_value_ids"] = tracking_value_ids
        return self.env["mail.message"].sudo().create(values)

    def _message_log_batch(self, bodies, subtype_xmlid="mail.mt_note", message_type="notification"):
        """``_message_log`` of one body per record (in the records' order), created in one call."""
        if not self:
            return self.env["mail.message"]
        # subtype, author and address are the same for every record: prepared once
        template = self[0]._prepare_message_values("", None, message_type, subtype_xmlid, None, {})
        values_list = []
        for record, body in zip(self, bodies):
            if body and not isinstance(body, Markup):
                body = Markup("<p>%s</p>") % escape(body)
            values_list.append(dict(template, body=body or "", res_id=record.id, record_name=record.display_name))
        return self.env["mail.message"].sudo().create(values_list)

    def _prepare_message_values(self, body, subject, message_type, subtype_xmlid, author_id, extra):
        if body and not isinstance(body, Markup):
            body = Markup("<p>%s</p>") % escape(body)
        values = {"body": body or "", "subject": subject or False, "message_type": message_type,
                  "model": self._name, "res_id": self.id, "record_name": self.display_name}
        message_fields = self.env["mail.message"]._fields
        values.update({key: value for key, value in extra.items() if key in message_fields})
        unknown = sorted(key for key in extra if key not in message_fields)
        if unknown:
            _logger.debug("message_post on %s ignores unknown parameters %s", self._name, unknown)
        if not values.get("subtype_id"):
            values["subtype_id"] = self.env.ref(subtype_xmlid or "mail.mt_note").id
        author = self.env["res.partner"].sudo().browse(author_id) if author_id else self.env.user.partner_id
        values["author_id"] = author.id
        values.setdefault("email_from", author._mail_formatted_address())
        return values

    def _process_attachments(self, attachments, attachment_ids):
        """Ids of the message attachments: ``attachments`` (name, content) pairs are created on the record."""
        ids = list(attachment_ids or [])
        Attachment = self.env["ir.attachment"].sudo()
        for item in attachments or []:
            name, content = item[0], item[1]
            if isinstance(content, str):
                content = content.encode()
            ids.append(Attachment.create({"name": name, "res_model": self._name, "res_id": self.id,
                                          "datas": base64.b64encode(content)}).id)
        return ids

    def _notify_recipients(self, message):
        """Partners to e-mail about ``message``: its partners and the subtype's followers, minus the author."""
        partners = message.partner_ids
        if message.subtype_id:
            followers = self.env["mail.followers"].sudo().search(
                self._thread_domain("res_model") + [("subtype_ids", "in", message.subtype_id.ids)])
            partners |= followers.mapped("partner_id")
        return (partners - message.author_id).filtered("email")

    def _notify_by_email(self, message):
        """Queue one ``mail.mail`` per recipient with an e-mail address (sent by the mail queue)."""
        partners = self._notify_recipients(message)
        if not partners:
            return self.env["mail.mail"]
        return self.env["mail.mail"].sudo().create([{
            "mail_message_id": message.id, "body_html": message.body, "recipient_ids": [(6, 0, partner.ids)],
            "auto_delete": True,
        } for partner in partners])

    # --- followers ----------------------------------------------------------------------------
    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Make partners follow these records (default subtypes unless ``subtype_ids``); returns True."""
        partner_ids = [pid for pid in (partner_ids or []) if pid]
        if not self or not partner_ids:
            return True
        self._check_follower_access(partner_ids)
        Followers = self.env["mail.followers"].sudo()
        subtypes = (self.env["mail.message.subtype"].sudo().browse(subtype_ids) if subtype_ids is not None
                    else self.env["mail.message.subtype"]._default_subtypes(self._name))
        existing = {(f.res_id, f.partner_id.id): f for f in Followers.search(
            self._thread_domain("res_model") + [("partner_id", "in", partner_ids)])}
        to_create = []
        for record in self:
            for partner_id in dict.fromkeys(partner_ids):
                follower = existing.get((record.id, partner_id))
                if follower is None:
                    to_create.append({"res_model": self._name, "res_id": record.id, "partner_id": partner_id,
                                      "subtype_ids": [(6, 0, subtypes.ids)]})
                elif subtype_ids is not None:
                    follower.subtype_ids = [(6, 0, subtypes.ids)]
        if to_create:
            Followers.create(to_create)
        return True

    def message_unsubscribe(self, partner_ids=None):
        """Stop partners following these records; returns True."""
        partner_ids = [pid for pid in (partner_ids or []) if pid]
        if not self or not partner_ids:
            return True
        self._check_follower_access(partner_ids)
        self.env["mail.followers"].sudo().search(
            self._thread_domain("res_model") + [("partner_id", "in", partner_ids)]).unlink()
        return True

    def _check_follower_access(self, partner_ids):
        """Following oneself needs read access to the records; moving others needs write access."""
        mode = "read" if set(partner_ids) <= set(self.env.user.partner_id.ids) else "write"
        self.check_access_rights(mode)
        self.check_access_rule(mode)
