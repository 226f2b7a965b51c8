from flectra import fields, models, _


class FuyiService(models.Model):
    """Electronic service through the portal: the applicant's first download is the record of arrival
    that proves it (CPL Art. 90 applied by ARL Art. 88)."""

    _inherit = "fuyi.service"

    portal_attachment_id = fields.Many2one("ir.attachment", string="File served online", readonly=True,
                                           help="The file the applicant downloads on the portal, when the service "
                                                "record names no case document")
    portal_read_on = fields.Datetime(string="Read online on", readonly=True, copy=False)
    portal_read_ip = fields.Char(string="Read from (address)", readonly=True, copy=False,
                                 groups="fuyi_case.fuyi_case_group_clerk,fuyi_case.fuyi_case_group_auditor")

    def _portal_record_read(self, ip):
        """First download: the read receipt, and an electronic service is served that day."""
        self.ensure_one()
        if self.portal_read_on:
            return False
        now = fields.Datetime.now()
        self.write({"portal_read_on": now, "portal_read_ip": ip or False})
        if self.channel == "electronic" and self.state == "pending":
            # never before it was sent, whatever the clerk's time zone was
            self.action_mark_served(date=max(fields.Date.context_today(self), self.sent_date))
        self.case_id.sudo()._portal_post(_("%(doc)s was read online by the applicant on %(when)s from %(ip)s "
                                           "(record of electronic service).",
                                           doc=self.document_name or self.document_id.name or "",
                                           when=fields.Datetime.to_string(now), ip=ip or "-"))
        return True

    def _notification_text(self):
        """An electronic service through the portal is read there: the SMS says so and carries no details."""
        if self.channel == "electronic" and self.env["fuyi.portal.application"].sudo().search_count(
                [("case_id", "=", self.case_id.id)]):
            self = self.with_context(lang="zh_CN")
            if self.kind == "correction_notice":
                return _("Your reconsideration application needs corrections: please log in to the online "
                         "application page to read the correction notice.")
            return _("A document of your reconsideration case was served on you: please log in to the online "
                     "application page to read it.")
        return super()._notification_text()
