from flectra import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _login_notices(self):
        """An administrator opening the web client is told which holiday notices are missing.

        The chinesecalendar package is looked at first, so an upgraded package loads its new
        year without anybody entering it.
        """
        notices = list(getattr(super(), "_login_notices", lambda: [])())
        if self.env.user.has_group("base.group_system"):
            # in the reader's language, whatever context the caller built the environment with
            Year = self.env["fuyi.calendar.year"].with_context(lang=self.env.user.lang or "zh_CN")
            Year._load_from_library()
            notices += Year._login_notices()
        return notices
