from email.utils import formataddr

from flectra import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _mail_formatted_address(self):
        """``"Name" <email>`` for this partner, False when it has no e-mail address."""
        if len(self) != 1 or not self.email:
            return False
        return formataddr((self.name or "", self.email))
