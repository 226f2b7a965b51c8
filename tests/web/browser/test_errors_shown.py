"""Issue 13 item 1: every failed call is shown to the user, in Chinese, with the server's message
(a business error) or the reference of the logged error (anything else); and a new case's agency
onchange runs without a server error (the server-log watch of conftest.py fails the test if not)."""
import pytest

from rpc_support import unique_name

CASES = "/web#action=fuyi_case.fuyi_reconsideration_action"


def call(page, model, method, args, kwargs=None):
    """Call through the client's own rpc module (as any view does) and let the error propagate."""
    return page.evaluate("""async ([model, method, args, kwargs]) => {
        const rpc = await import('/web/static/src/js/rpc.js');
        await import('/web/static/src/js/ui.js');
        try { await rpc.callKw(model, method, args, kwargs); return null; }
        catch (err) { return err.message; }
    }""", [model, method, args, kwargs or {}])


def test_an_unexpected_server_error_is_shown_with_its_reference(page, web_server, server_log_clean):
    server_log_clean.allow(r"RPC error [0-9a-f]+")
    page.goto(web_server.url + "/web")
    page.wait_for_selector("#fz-app[data-ready='1']")
    assert call(page, "res.partner", "fz_no_such_method", [[]]) is not None
    note = page.locator(".fz-notification-danger").last
    note.wait_for()
    text = note.inner_text()
    assert "服务器错误" in text and "错误编号" in text, text
    reference = text.split("错误编号")[1].split("，")[0].strip()
    with open(web_server.log_path, encoding="utf-8", errors="replace") as log:
        assert ("RPC error %s" % reference) in log.read()


def test_a_business_error_is_shown_with_the_servers_message(page, web_server, admin_rpc):
    page.goto(web_server.url + "/web")
    page.wait_for_selector("#fz-app[data-ready='1']")
    # a party with an invalid citizen ID number: the model's own validation message, in Chinese
    message = call(page, "res.partner", "create", [{"name": unique_name("张"), "party_kind": "person",
                                                    "id_number": "110101199003070000"}])
    assert message
    note = page.locator(".fz-notification-danger").last
    note.wait_for()
    assert message in note.inner_text()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert page.locator(".fz-notification-danger").count() == 1


def test_picking_the_agency_of_a_new_case_logs_no_error(page, web_server, admin_rpc):
    """The onchange of 涉案行政机关 on a department (it has a parent agency) ran the superior-copy
    compute on a NewId: an ERROR in the server log, and the form silently kept stale values."""
    env = admin_rpc.env
    county = env["res.partner"].create({"name": unique_name("县人民政府"), "party_kind": "agency"})
    name = unique_name("县下属局")
    env["res.partner"].create({"name": name, "party_kind": "agency", "parent_agency_id": county})
    page.goto(web_server.url + CASES)
    page.wait_for_selector(".fz-list-view")
    page.click(".fz-btn-create")
    page.wait_for_selector(".fz-form-view .fz-btn-save")
    box = page.locator(".fz-field[data-name='agency_id'] input")
    box.click()
    box.type(name, delay=20)
    with page.expect_response(lambda r: "/onchange" in r.url) as info:
        page.locator(".fz-autocomplete-option").filter(has_text=name).first.click()
    assert "error" not in info.value.json(), info.value.json()
    assert page.locator(".fz-notification-danger").count() == 0
