"""The platform's data items as XML (validated against the shipped XSD) and JSON; no ORM."""
import functools
import json
import os

from lxml import etree

from . import integrity

NAMESPACE = "urn:fazhi:xinyong:default-record:1"
XSD_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data",
                        "xinyong_default_record.xsd")
#: data item → XML element, in the schema's order
ELEMENTS = (
    ("record_id", "RecordId"), ("version", "Version"), ("idempotency_key", "IdempotencyKey"),
    ("entity_name", "EntityName"), ("entity_uscc", "EntityUscc"), ("counterparty_name", "CounterpartyName"),
    ("counterparty_uscc", "CounterpartyUscc"), ("agreement_reference", "AgreementReference"), ("field", "Field"),
    ("default_type", "DefaultType"), ("amount", "Amount"), ("determining_department", "DeterminingDepartment"),
    ("determining_department_uscc", "DeterminingDepartmentUscc"), ("determination_number", "DeterminationNumber"),
    ("determination_date", "DeterminationDate"), ("rectification_deadline", "RectificationDeadline"),
    ("status", "Status"), ("published", "Published"), ("publication_start", "PublicationStart"),
    ("publication_end", "PublicationEnd"), ("repair_date", "RepairDate"),
)


class ExportError(ValueError):
    """The record does not fit the platform's schema; ``errors`` lists why."""

    def __init__(self, errors, codes=None):
        super().__init__("; ".join(errors))
        self.errors = errors
        self.codes = codes or []


@functools.lru_cache(maxsize=1)
def schema():
    return etree.XMLSchema(etree.parse(XSD_PATH))


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "%.2f" % value
    return str(value)


def to_xml(items, key):
    """The record as UTF-8 XML bytes, validated against the XSD (ExportError when it does not fit)."""
    root = etree.Element("{%s}DefaultRecord" % NAMESPACE, nsmap={None: NAMESPACE})
    values = dict(items, idempotency_key=key)
    for name, element in ELEMENTS:
        value = values.get(name)
        if value is None or value == "" or (value is False and name != "published"):
            continue
        etree.SubElement(root, "{%s}%s" % (NAMESPACE, element)).text = _text(value)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    validate_xml(xml)
    return xml


def validate_xml(xml):
    document = etree.fromstring(xml)
    xsd = schema()
    if not xsd.validate(document):
        raise ExportError(["line %s: %s" % (error.line, error.message) for error in xsd.error_log])
    return True


def to_json(items, key):
    """The record as the JSON the platform's JSON endpoint takes (keys sorted: stable bytes)."""
    return json.dumps(dict(items, idempotency_key=key), ensure_ascii=False, sort_keys=True)


def gate(items, key):
    """Data-quality gate then schema: (json, xml) ready to send, or ExportError with every reason."""
    found = integrity.quality_errors(items)
    if found:
        raise ExportError([message for _code, message in found], [code for code, _message in found])
    return to_json(items, key), to_xml(items, key).decode("utf-8")
