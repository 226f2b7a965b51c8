"""Pure rules of the mail addon: SMTP failure classification and template placeholders."""
from . import mail_delivery  # noqa: F401
from . import mail_render  # noqa: F401
