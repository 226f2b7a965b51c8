from flectra import api, models

from ..tools.sms_delivery import DEFAULT_TIMEOUT, MAX_ATTEMPTS, HttpSmsGateway


class SmsGateway(models.AbstractModel):
    """Where text messages go: the HTTP gateway configured by system parameters.

    - ``sms.gateway_url``: the gateway's endpoint (http or https); unset = messages wait.
    - ``sms.gateway_token``: sent as ``Authorization: Bearer …``; never logged.
    - ``sms.gateway_timeout``: seconds to connect and to wait for the answer (default 10).
    - ``sms.max_attempts``: transient failures before a message is given up (default 5).

    Another provider plugs in by overriding ``_gateway`` to return an object with
    ``send(to, text, key) -> provider id`` that raises ``SmsGatewayError``.
    """

    _name = "sms.gateway"
    _description = "SMS gateway"

    @api.model
    def _param(self, key, default=None):
        return self.env["ir.config_parameter"].sudo().get_param(key, default)

    @api.model
    def _gateway(self):
        """The configured gateway, or None when no URL is set."""
        url = (self._param("sms.gateway_url") or "").strip()
        if not url:
            return None
        try:
            timeout = float(self._param("sms.gateway_timeout") or DEFAULT_TIMEOUT)
        except ValueError:
            timeout = DEFAULT_TIMEOUT
        return HttpSmsGateway(url, token=self._param("sms.gateway_token") or None, timeout=timeout)

    @api.model
    def _max_attempts(self):
        try:
            return max(1, int(self._param("sms.max_attempts") or MAX_ATTEMPTS))
        except ValueError:
            return MAX_ATTEMPTS
