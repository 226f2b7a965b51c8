"""Values on the wire: JSON defaults and an XML-RPC marshaller like Flectra's."""
import datetime
import re
import xmlrpc.client

from markupsafe import Markup

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def json_default(obj):
    if isinstance(obj, datetime.datetime):
        return obj.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(obj, datetime.date):
        return obj.strftime("%Y-%m-%d")
    if isinstance(obj, (bytes, bytearray)):
        return bytes(obj).decode()
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    return str(obj)


class FazhiMarshaller(xmlrpc.client.Marshaller):
    dispatch = dict(xmlrpc.client.Marshaller.dispatch)

    def dump_unicode(self, value, write):
        xmlrpc.client.Marshaller.dump_unicode(self, _CONTROL_CHARS.sub("", value), write)

    def dump_bytes(self, value, write):
        self.dump_unicode(bytes(value).decode(errors="replace"), write)

    def dump_datetime(self, value, write):
        self.dump_unicode(value.strftime("%Y-%m-%d %H:%M:%S"), write)

    def dump_date(self, value, write):
        self.dump_unicode(value.strftime("%Y-%m-%d"), write)

    def dump_frozendict(self, value, write):
        self.dump_struct(dict(value), write)

    dispatch[str] = dump_unicode
    dispatch[Markup] = dump_unicode
    dispatch[bytes] = dump_bytes
    dispatch[datetime.datetime] = dump_datetime
    dispatch[datetime.date] = dump_date


def _register_frozendict():
    from ..orm.api import frozendict
    FazhiMarshaller.dispatch[frozendict] = FazhiMarshaller.dump_frozendict


_register_frozendict()


def dumps_response(result):
    """XML of a methodResponse, or raises TypeError/OverflowError when not encodable."""
    marshaller = FazhiMarshaller("utf-8", allow_none=False)
    body = marshaller.dumps((result,))
    return ("<?xml version='1.0'?>\n<methodResponse>\n%s</methodResponse>\n" % body).encode()


def dumps_fault(code, message):
    fault = xmlrpc.client.Fault(code, _CONTROL_CHARS.sub("", str(message)))
    return xmlrpc.client.dumps(fault, methodresponse=True, allow_none=False, encoding="utf-8").encode()
