"""Contention (issue 11 item 8): twenty clients writing the same row at once all succeed — SQLite
retries as a writer (BEGIN IMMEDIATE), PostgreSQL retries serialization failures with jittered
backoff — and numbers beyond 64 bits are a clear validation error, not an internal error."""
import threading

import pytest
from odoorpc.error import RPCError

from rpc_support import make_user_on, unique_name

CLIENTS = 20


def _all_at_once(clients, work):
    """``work(client, i)`` in one thread per client, released together; (results, errors)."""
    results, errors = {}, []
    barrier = threading.Barrier(len(clients))
    lock = threading.Lock()

    def run(i):
        barrier.wait()
        try:
            value = work(clients[i], i)
        except RPCError as exc:
            with lock:
                errors.append(exc.info)
        except Exception as exc:  # a transport failure is reported as such
            with lock:
                errors.append(repr(exc))
        else:
            with lock:
                results[i] = value
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_twenty_clients_draw_gap_free_numbers_at_once(rpc_server):
    admin = rpc_server.odoo()
    code = unique_name("contention")
    admin.env["ir.sequence"].create({"name": code, "code": code, "implementation": "no_gap", "padding": 3,
                                     "prefix": "N"})
    clients = [rpc_server.odoo() for _ in range(CLIENTS)]
    results, errors = _all_at_once(clients, lambda client, i: client.execute_kw(
        "ir.sequence", "next_by_code", [code]))
    assert errors == []
    assert sorted(results.values()) == ["N%03d" % n for n in range(1, CLIENTS + 1)]   # unique, no gap


def test_twenty_clerks_issue_documents_at_once(rpc_server):
    """The issue's case: every clerk issues a decision document of their own case at the same moment."""
    admin = rpc_server.odoo()
    agency = admin.env["res.partner"].create({"name": unique_name("县交通运输局"), "party_kind": "agency"})
    applicant = admin.env["res.partner"].create({"name": "申请人乙", "party_kind": "person"})
    clerks, documents = [], []
    for i in range(CLIENTS):
        user = make_user_on(rpc_server, groups=("fuyi_case.fuyi_case_group_clerk",), login=unique_name("clerk"))
        client = rpc_server.odoo(login=user["login"], password=user["password"])
        case = client.env["fuyi.reconsideration"].browse(client.env["fuyi.reconsideration"].create({
            "date_received": "2025-09-26", "agency_id": agency, "title": "并发签发 %d" % i, "request": "撤销",
            "act_known_date": "2025-09-20",
            "party_ids": [(0, 0, {"partner_id": applicant, "role": "applicant", "is_primary": True}),
                          (0, 0, {"partner_id": agency, "role": "respondent"})]}))
        case.action_request_correction("1. 身份证明复印件", "2025-10-10")
        document = client.env["fuyi.document"].browse(case.action_create_document("correction_notice"))
        document.action_generate()
        clerks.append(client)
        documents.append(document.id)
    results, errors = _all_at_once(clerks, lambda client, i: client.execute_kw(
        "fuyi.document", "action_issue", [[documents[i]], "2025-10-10"]))
    assert errors == [], errors[:3]
    numbers = [row["number"] for row in admin.execute_kw("fuyi.document", "read", [documents, ["number"]])]
    assert all(numbers) and len(set(numbers)) == CLIENTS


@pytest.mark.parametrize("call", [
    ("res.partner", "read", [[2 ** 63], ["name"]], {}),
    ("res.partner", "search", [[["id", "=", 2 ** 64]]], {}),
    ("res.partner", "search", [[]], {"offset": 2 ** 63}),
    ("res.partner", "search_read", [[]], {"limit": 2 ** 70}),
    ("res.partner", "write", [[2 ** 63 + 5], {"name": "x"}], {}),
], ids=["read-id", "domain-id", "offset", "limit", "write-id"])
def test_integers_beyond_64_bits_are_a_validation_error(rpc_server, call):
    user = make_user_on(rpc_server, groups=("base.group_user",))
    model, method, args, kwargs = call
    res = rpc_server.execute_kw(user["uid"], model, method, args, kwargs, password=user["password"])
    error = res["error"]["data"]
    assert error["name"] == "flectra.exceptions.ValidationError", error
    assert "2^63" in error["message"] and "过大" in error["message"]       # zh_CN, the default language
    res = rpc_server.execute_kw(user["uid"], model, method, args, dict(kwargs, context={"lang": "en_US"}),
                                password=user["password"])
    assert "too large" in res["error"]["data"]["message"]
    assert rpc_server.healthy()


def test_ids_beyond_the_id_column_are_no_internal_error(rpc_server):
    """2**40 fits 64 bits but not PostgreSQL's ``integer`` id column: a clean answer either way."""
    user = make_user_on(rpc_server, groups=("base.group_user",))
    for method, args in (("read", [[2 ** 40], ["name"]]), ("search", [[["id", "=", 2 ** 40]]]),
                         ("write", [[2 ** 40], {"name": "x"}])):
        res = rpc_server.execute_kw(user["uid"], "res.partner", method, args, password=user["password"])
        if "error" in res:
            data = res["error"]["data"]
            assert data["message"] != "Internal server error", data
            assert data["name"].startswith("flectra.exceptions."), data
        else:
            assert res["result"] in ([], False), res
