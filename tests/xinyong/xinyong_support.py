"""Helpers shared by the exchange tests: valid credit codes and a default record waiting in the outbox."""
from rpc_support import unique_name

from flectra.addons.fuyi_case.tools import identifiers


def uscc(first17):
    return first17 + identifiers.uscc_check_char(first17)


def determined_record(admin, number):
    """A default record verified, not rectified and approved: its version waits in the outbox."""
    Partner = admin.env["res.partner"]
    body = Partner.create({"name": unique_name("县交通运输局"), "party_kind": "agency",
                           "uscc": uscc("11410421MB7654321")})
    department = Partner.create({"name": unique_name("县发改委"), "party_kind": "agency",
                                 "uscc": uscc("11410421MB0000001")})
    Records = admin.env["xinyong.default.record"]
    record = Records.browse(Records.create({"date_received": "2026-05-01", "agency_id": body, "title": "拖欠账款",
                                            "determining_department_id": department}))
    record.action_forward_for_verification("2026-05-06")
    record.action_verify(True, "属实", "2026-05-20", "2026-05-07")
    record.action_refuse_rectification("funds")
    record.action_approve("县发改信〔2026〕%d号" % number, "2026-05-25")
    rows = admin.env["xinyong.outbox"].search_read([("record_id", "=", record.id)], ["state", "idempotency_key"])
    assert [row["state"] for row in rows] == ["queued"]
    return record, rows[0]["idempotency_key"]
