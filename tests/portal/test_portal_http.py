"""The public portal over HTTP against a served instance (issue 17, point 5 "Safety").

Each test applies with its own mobile number and applicant; all visitors come from 127.0.0.1,
whose per-address limits conftest.py raises except where a test measures one.
"""
import html
import re
import secrets
import urllib.parse

import pytest

from portal_support import PDF, PNG, PortalVisitor, id_number, mobile

PAGES = ("/fuyi", "/fuyi/apply", "/fuyi/track", "/fuyi/decisions")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
_INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
_OPEN_FAILED = "查询码或短信验证码不正确"


def _decision(portal_server, agency, summary, publish_to="published"):
    """A decided case of ``agency`` taken as far as ``publish_to`` (decided/review/approved/published)."""
    admin = portal_server.odoo()
    applicant = admin.env["res.partner"].create({"name": "公开测试人", "party_kind": "person"})
    Case = admin.env["fuyi.reconsideration"]
    case_id = Case.create({
        "date_received": "2025-09-26", "agency_id": agency, "title": "罚款决定", "request": "撤销",
        "act_known_date": "2025-09-20",
        "party_ids": [(0, 0, {"partner_id": applicant, "role": "applicant", "is_primary": True}),
                      (0, 0, {"partner_id": agency, "role": "respondent"})]})
    case = Case.browse(case_id)
    case.action_accept("2025-10-10")
    case.action_decide("uphold", "2025-11-20", summary, 0)
    steps = (("decided", None), ("review", "action_prepare_publication"), ("approved", "action_approve_publication"),
             ("published", "action_publish"))
    for step, method in steps:
        if method:
            getattr(case, method)()
        if step == publish_to:
            return case_id
    raise ValueError(publish_to)


@pytest.fixture(scope="module")
def decisions(portal_server, agencies):
    market = agencies["market"]
    marker = "门户公开标记%s" % secrets.token_hex(3)
    return {
        "marker": marker,
        "published": _decision(portal_server, market,
                               "申请人公开测试人不服罚款决定。%s已公开。" % marker),
        "decided": _decision(portal_server, market, "%s仅决定。" % marker, "decided"),
        "review": _decision(portal_server, market, "%s待审核。" % marker, "review"),
        "approved": _decision(portal_server, market, "%s已批准未公开。" % marker, "approved"),
    }


# --- pages and headers ---
@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_csp_and_no_inline_script(visitor, path):
    res = visitor.page(path)
    assert len(res.header_all("Content-Security-Policy")) == 1
    csp = res.header("Content-Security-Policy") or ""
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp, csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert res.header("X-Content-Type-Options") == "nosniff"
    assert not _INLINE_SCRIPT.search(res.text), _INLINE_SCRIPT.search(res.text)
    assert not _INLINE_HANDLER.search(res.text), _INLINE_HANDLER.search(res.text)
    assert " style=" not in res.text and "<style" not in res.text
    assert 'lang="zh-CN"' in res.text


def test_apply_page_states_the_limits(visitor):
    text = visitor.page("/fuyi/apply").text
    assert "PDF、JPG、PNG、DOCX" in text
    assert re.search(r"每个文件不超过 \d+(\.\d+)? [MK]B", text)
    assert re.search(r"合计不超过 \d+ 个", text)


def test_static_css_and_js_are_served(visitor):
    for path, kind in (("/fuyi_portal/static/src/css/portal.css", "text/css"),
                       ("/fuyi_portal/static/src/js/portal.js", "javascript")):
        res = visitor.get(path)
        assert res.status == 200 and kind in (res.header("Content-Type") or ""), (path, res.status)


# --- CSRF ---
@pytest.mark.parametrize("path", ["/fuyi/apply", "/fuyi/apply/code", "/fuyi/track/code", "/fuyi/track/open",
                                  "/fuyi/track/close", "/fuyi/status/corrections"])
def test_every_post_form_needs_the_csrf_token(visitor, portal_server, path):
    number = mobile()
    visitor.page("/fuyi/apply")        # the visitor has a nonce cookie, but sends no token
    res = visitor.post_form(path, {"mobile": number, "format": "json", "tracking_code": "FY-AAAA"})
    assert res.status == 400, (path, res.status)
    forged = visitor.post_form(path, {"mobile": number, "csrf_token": "forged.token", "format": "json"})
    assert forged.status == 400
    assert portal_server.sms_bodies(number) == []   # nothing was sent


def test_another_visitors_token_is_refused(portal_server):
    alice, mallory = PortalVisitor(portal_server), PortalVisitor(portal_server)
    token = alice.token()
    mallory.page("/fuyi/apply")
    number = mobile()
    res = mallory.post_form("/fuyi/apply/code", {"csrf_token": token, "mobile": number, "format": "json"})
    assert res.status == 400
    assert portal_server.sms_bodies(number) == []


# --- apply, receipt and follow ---
def test_apply_gives_a_receipt_and_the_case_is_in_acceptance_review(visitor, portal_server, agencies):
    number = mobile()
    code, res = visitor.apply(portal_server, agencies["market"], number)
    assert re.fullmatch(r"FY(-[2-9A-Z]{4}){5}", code), code
    assert "请妥善保存" in res.text and "受理审查" in res.text
    assert re.search(r"前作出是否受理的决定", res.text) and "为什么是这一天" in res.text
    assert res.header("Cache-Control") == "no-store"
    assert any(code in body for body in portal_server.sms_bodies(number))   # the receipt SMS
    admin = portal_server.odoo()
    apps = admin.env["fuyi.portal.application"].search_read([("mobile", "like", number[-4:])],
                                                            ["case_id"], order="id desc", limit=1)
    case = admin.env["fuyi.reconsideration"].search_read([("case_id", "=", apps[0]["case_id"][0])],
                                                         ["state", "channel"]) if apps else []
    assert case and case[0]["state"] == "review" and case[0]["channel"] == "online", case


def test_the_receipt_is_shown_once_and_a_reload_submits_nothing(visitor, portal_server, agencies):
    number = mobile()
    code, _res = visitor.apply(portal_server, agencies["market"], number)
    again = visitor.page("/fuyi/apply/receipt")          # a reload of the receipt page
    assert code not in again.text and "fp-tracking-code" not in again.text and "短信" in again.text
    admin = portal_server.odoo()
    assert admin.env["fuyi.portal.application"].search_count([("mobile", "like", number[-4:])]) == 1
    # the code shown is still the one that works (no second submission replaced it)
    follower = PortalVisitor(portal_server)
    follower.request_track_code(code)
    assert follower.open(code, portal_server.last_code(number)).status == 303


def test_opening_an_application_gives_a_new_session_id(visitor, portal_server, agencies):
    number = mobile()
    code, _res = visitor.apply(portal_server, agencies["market"], number)
    before = visitor.sid
    visitor.request_track_code(code)
    assert visitor.open(code, portal_server.last_code(number)).status == 303
    after = visitor.sid
    assert after and after != before
    planted = PortalVisitor(portal_server)
    planted.sid = before
    res = planted.get("/fuyi/status")
    assert res.status == 303 and res.header("Location").endswith("/fuyi/track")


def test_follow_the_case_with_tracking_code_and_sms_code(visitor, portal_server, agencies):
    number = mobile()
    code, _res = visitor.apply(portal_server, agencies["market"], number)
    follower = PortalVisitor(portal_server)
    res = follower.request_track_code(code)
    assert res.status == 200 and 'name="sms_code"' in res.text
    res = follower.open(code, portal_server.last_code(number))
    assert res.status == 303 and res.header("Location").endswith("/fuyi/status"), res
    status = follower.page("/fuyi/status").text
    assert "受理审查" in status and "县市场监督管理局（门户测试）" in status
    assert "门户申请人" not in status            # the applicant's name is masked
    # 关闭 ends it: the status page sends back to the tracking form
    res = follower.post_form("/fuyi/track/close", {"csrf_token": follower.token()})
    assert res.status == 303
    assert follower.get("/fuyi/status").status == 303


def _reconsideration_of(portal_server, number):
    admin = portal_server.odoo()
    apps = admin.env["fuyi.portal.application"].search_read([("mobile", "=", number)], ["reconsideration_id"],
                                                            order="id desc", limit=1)
    assert apps, "no application for %s" % number
    return admin.env["fuyi.reconsideration"].browse(apps[0]["reconsideration_id"][0])


def _open(portal_server, code, number):
    follower = PortalVisitor(portal_server)
    assert follower.request_track_code(code).status == 200
    res = follower.open(code, portal_server.last_code(number))
    assert res.status == 303, res.text[:300]
    return follower


def test_correction_notice_download_and_upload_over_http(portal_server, agencies):
    """补正: the notice is served on the status page (consent given), downloaded as an attachment;
    wrong content is refused; the corrections restart the review (ARL Art. 31)."""
    number = mobile()
    code, _res = PortalVisitor(portal_server).apply(portal_server, agencies["market"], number)
    case = _reconsideration_of(portal_server, number)
    case.action_request_correction("1. 请补充提交身份证明复印件；\n"
                                   "2. 请写明具体的行政复议请求。")
    follower = _open(portal_server, code, number)
    status = follower.page("/fuyi/status").text
    assert "补正通知" in status and "请补充提交身份证明复印件" in status
    assert 'action="/fuyi/status/corrections"' in status
    links = re.findall(r'href="(/fuyi/status/document/\d+)"', status)
    assert links, "the served notice is listed"
    res = follower.get(links[0])
    assert res.status == 200
    assert (res.header("Content-Disposition") or "").startswith("attachment;")
    assert res.header("X-Content-Type-Options") == "nosniff"
    # someone without the session gets nothing from the same URL
    stranger = PortalVisitor(portal_server)
    assert stranger.get(links[0]).status in (303, 404)
    assert "已查阅" in follower.page("/fuyi/status").text   # the read receipt
    token = follower.token("/fuyi/status")
    fake_pdf = b"<html><script>alert(1)</script>"
    res = follower.post_multipart("/fuyi/status/corrections", {"csrf_token": token, "note": "已补充"},
                                  [("files", "身份证明.pdf", fake_pdf, "application/pdf")])
    assert res.status == 200 and 'class="fp-field-error"' in res.text
    assert case.read(["state"])[0]["state"] == "correction"
    res = follower.post_multipart("/fuyi/status/corrections", {"csrf_token": token, "note": "已补充"},
                                  [("files", "身份证明.pdf", PDF, "application/pdf")])
    assert res.status == 303
    page = follower.page("/fuyi/status").text
    assert "受理审查" in page and "fp-alert-info" in page
    assert case.read(["state"])[0]["state"] == "review"


def test_status_needs_the_session_not_an_id(visitor):
    res = visitor.get("/fuyi/status")
    assert res.status == 303 and res.header("Location").endswith("/fuyi/track")
    for path in ("/fuyi/status?id=1", "/fuyi/status/1", "/fuyi/status/document/1"):
        res = visitor.get(path)
        assert res.status in (303, 404), (path, res.status)
        assert "fp-state" not in res.text


def test_another_applicants_code_with_my_sms_code_gives_nothing(portal_server, agencies):
    mine, theirs = mobile(), mobile()
    me, other = PortalVisitor(portal_server), PortalVisitor(portal_server)
    my_code, _res = me.apply(portal_server, agencies["market"], mine)
    their_code, _res = other.apply(portal_server, agencies["land"], theirs)
    me.request_track_code(my_code)
    my_sms = portal_server.last_code(mine)
    res = me.open(their_code, my_sms)
    assert res.status == 200 and _OPEN_FAILED in html.unescape(res.text)
    assert me.get("/fuyi/status").status == 303           # nothing opened
    assert "县自然资源局" not in res.text


def test_a_guessed_code_gives_the_same_answer_as_a_wrong_one(portal_server, agencies):
    number = mobile()
    visitor = PortalVisitor(portal_server)
    code, _res = visitor.apply(portal_server, agencies["market"], number)
    guessed = "FY-%s" % "-".join(secrets.token_hex(2).upper().replace("0", "A").replace("1", "B")
                                 for _ in range(5))

    def strip(text):
        return re.sub(r'value="[^"]*"', "", text)

    known = visitor.request_track_code(code)
    unknown = visitor.request_track_code(guessed)
    assert (known.status, unknown.status) == (200, 200)
    assert strip(known.text) == strip(unknown.text)      # no enumeration of tracking codes
    wrong_sms = visitor.open(code, "000000")
    guessed_open = visitor.open(guessed, "000000")
    assert (wrong_sms.status, guessed_open.status) == (200, 200)
    assert strip(wrong_sms.text) == strip(guessed_open.text)
    assert _OPEN_FAILED in html.unescape(wrong_sms.text)


def test_duplicate_is_recognised_not_registered_twice(portal_server, agencies):
    visitor = PortalVisitor(portal_server)
    number, person = mobile(), id_number()
    first, _res = visitor.apply(portal_server, agencies["market"], number, applicant_id_number=person)
    admin = portal_server.odoo()
    before = admin.env["fuyi.reconsideration"].search_count([])
    # the per-number minute limit: the second code comes a minute later
    portal_server.set_clock(portal_server_offset(portal_server, 61))
    second, res = visitor.apply(portal_server, agencies["market"], number, applicant_id_number=person)
    assert second != first
    assert "未重复登记" in res.text
    assert admin.env["fuyi.reconsideration"].search_count([]) == before


def portal_server_offset(server, seconds):
    """The server clock's offset moved ``seconds`` further (offsets only grow in a session)."""
    with open(server.clock_file) as fp:
        current = float(fp.read() or 0)
    return current + seconds


# --- uploads ---
def test_upload_with_wrong_content_is_refused_with_a_message(visitor, portal_server, agencies):
    number = mobile()
    res = visitor.send_code(number)
    assert res.json["ok"], res.text
    values = visitor.application(agencies["market"], number, sms_code=portal_server.last_code(number))
    exe = b"MZ\x90\x00" + b"\x00" * 200
    res = visitor.submit(values, [("act", "决定书.pdf", exe, "application/pdf")])
    assert res.status == 200
    assert 'class="fp-field-error"' in res.text and "fp-tracking-code" not in res.text
    assert "请重新选择" in res.text                      # the files must be chosen again
    assert "门户申请人" in res.text                      # the typed values are kept
    # the SMS code was not burnt by the form error: the corrected form goes through
    res = visitor.submit(values, [("act", "决定书.png", PNG, "image/png")])
    assert res.status == 303, re.findall(r'fp-field-error"[^>]*>([^<]+)', res.text)
    assert "fp-tracking-code" in visitor.receipt(res).text


def test_form_errors_are_shown_next_to_the_fields(visitor, agencies):
    values = visitor.application(agencies["market"], mobile(), applicant_id_number="110101198001010000",
                                 request="", sms_code="123456")
    res = visitor.submit(values)
    assert res.status == 200
    assert 'id="fp-applicant_id_number-error"' in res.text
    assert 'id="fp-request-error"' in res.text


# --- published decisions ---
def test_only_published_decisions_are_reachable(visitor, decisions):
    res = visitor.page("/fuyi/decisions/%d" % decisions["published"])
    assert decisions["marker"] in res.text and "公开测试人" not in res.text
    for state in ("decided", "review", "approved"):
        for path in ("/fuyi/decisions/%d", "/fuyi/decisions/%d/docx"):
            res = visitor.get(path % decisions[state])
            assert res.status == 404, (state, path, res.status)
            assert decisions["marker"] not in res.text
    for path in ("/fuyi/decisions/987654321", "/fuyi/decisions/987654321/docx", "/fuyi/decisions/-1",
                 "/fuyi/decisions/abc"):
        assert visitor.get(path).status == 404, path
    listing = visitor.page("/fuyi/decisions?text=%s" % urllib.parse.quote(decisions["marker"])).text
    linked = {int(n) for n in re.findall(r'href="/fuyi/decisions/(\d+)"', listing)}
    assert linked == {decisions["published"]}
    everything = visitor.page("/fuyi/decisions").text
    for state in ("decided", "review", "approved"):
        assert 'href="/fuyi/decisions/%d"' % decisions[state] not in everything


def test_search_by_agency_and_type(visitor, decisions, agencies):
    hit = visitor.page("/fuyi/decisions?agency_id=%d&decision_type=uphold" % agencies["market"]).text
    assert 'href="/fuyi/decisions/%d"' % decisions["published"] in hit
    miss = visitor.page("/fuyi/decisions?agency_id=%d" % agencies["land"]).text
    assert 'href="/fuyi/decisions/%d"' % decisions["published"] not in miss
    assert visitor.page("/fuyi/decisions?year=abc&agency_id=x&page=-3").status == 200


def test_docx_download_is_an_attachment_with_nosniff(visitor, decisions):
    res = visitor.get("/fuyi/decisions/%d/docx" % decisions["published"])
    assert res.status == 200
    assert (res.header("Content-Disposition") or "").startswith("attachment;")
    assert res.header("X-Content-Type-Options") == "nosniff"
    assert "wordprocessingml" in (res.header("Content-Type") or "")
    assert res.body[:2] == b"PK"


# --- flood limits ---
def test_sms_codes_per_number_are_limited(visitor, portal_server):
    number = mobile()
    assert visitor.send_code(number).json["ok"]
    second = visitor.send_code(number)
    assert second.status == 200 and not second.json["ok"] and second.json["message"]
    assert len(portal_server.sms_bodies(number)) == 1
    # the plain form post (no script) shows the refusal next to the mobile field
    res = visitor.post_form("/fuyi/apply/code", {"csrf_token": visitor.token(), "mobile": number})
    assert res.status == 200 and 'id="fp-mobile-error"' in res.text
    admin = portal_server.odoo()
    assert admin.env["fuyi.portal.abuse"].search_count([("kind", "=", "sms_flood")]) >= 1


def _at_once(count, request):
    """``request(i)`` from ``count`` threads released together; their responses in order."""
    import threading
    answers, start = [None] * count, threading.Barrier(count)

    def run(i):
        start.wait()
        answers[i] = request(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(a is not None and a.status == 200 for a in answers), [a and a.status for a in answers]
    return answers


def test_a_parallel_flood_is_held_to_the_limit(portal_server, portal_limit):
    """Eight tracking-code requests at once for one code (limit: two an hour): two are answered,
    six refused."""
    portal_limit("fuyi_portal.track_per_code_hour", 2)
    code = "FY-" + "-".join("".join(secrets.choice("23456789ABCDEFGHJKMNPQRSTUVWXYZ") for _ in range(4))
                            for _ in range(5))
    visitors = [PortalVisitor(portal_server) for _ in range(8)]
    tokens = [v.token("/fuyi/track") for v in visitors]
    answers = _at_once(len(visitors), lambda i: visitors[i].post_form(
        "/fuyi/track/code", {"csrf_token": tokens[i], "tracking_code": code}))
    refused = sum(1 for a in answers if "fp-alert-error" in a.text)
    assert (len(answers) - refused, refused) == (2, 6), [a.text[-600:] for a in answers[:1]]


def test_a_parallel_flood_of_sms_requests_sends_one_code(portal_server):
    """Eight code requests at once for one number (limit: one a minute): one SMS leaves. Counting
    and recording are serialised (fuyi.portal.lock); without that, six of eight went through here."""
    number = mobile()
    visitors = [PortalVisitor(portal_server) for _ in range(8)]
    tokens = [v.token() for v in visitors]
    answers = _at_once(len(visitors), lambda i: visitors[i].post_form(
        "/fuyi/apply/code", {"csrf_token": tokens[i], "mobile": number, "format": "json"}))
    assert sum(1 for a in answers if a.json["ok"]) == 1, [a.json for a in answers]
    assert len(portal_server.sms_bodies(number)) == 1


def test_sms_codes_per_address_are_limited(visitor, portal_server, portal_limit):
    portal_server.set_clock(portal_server_offset(portal_server, 2 * 3600))   # a fresh hour for this address
    portal_limit("fuyi_portal.sms_per_address_hour", 3)
    numbers = [mobile() for _ in range(4)]
    answers = [visitor.send_code(number).json for number in numbers]
    assert [a["ok"] for a in answers] == [True, True, True, False], answers
    assert portal_server.sms_bodies(numbers[3]) == []
    admin = portal_server.odoo()
    events = admin.env["fuyi.portal.abuse"].search_read([("kind", "=", "sms_flood"), ("ip_address", "=", "127.0.0.1")],
                                                        ["key_masked", "count"])
    assert events, "the refusal is visible to the admin"


def test_submissions_per_address_are_limited(visitor, portal_server, agencies, portal_limit):
    portal_server.set_clock(portal_server_offset(portal_server, 2 * 86400))   # a fresh day for this address
    portal_limit("fuyi_portal.submit_per_address_hour", 2)
    for _ in range(2):
        visitor.apply(portal_server, agencies["market"])
    number = mobile()
    assert visitor.send_code(number).json["ok"]
    values = visitor.application(agencies["market"], number, sms_code=portal_server.last_code(number))
    res = visitor.submit(values)
    assert res.status == 200 and "fp-tracking-code" not in res.text
    assert "过于频繁" in html.unescape(res.text)
    admin = portal_server.odoo()
    assert admin.env["fuyi.portal.abuse"].search_count([("kind", "=", "submit_flood")]) >= 1


def test_public_user_has_no_rpc_access(portal_server):
    """The portal's visitors run as the public user; RPC gives them nothing."""
    visitor = PortalVisitor(portal_server)
    visitor.page("/fuyi")
    res = visitor.json("/web/dataset/call_kw/fuyi.reconsideration/search_read",
                       {"model": "fuyi.reconsideration", "method": "search_read", "args": [[]], "kwargs": {}})
    assert "error" in res and "result" not in res


def test_failed_openings_per_address_block_the_address(portal_server, agencies, portal_limit):
    """After the allowed failures even the right codes open nothing for an hour (same answer), and the
    admin sees the block."""
    number = mobile()
    visitor = PortalVisitor(portal_server)
    code, _res = visitor.apply(portal_server, agencies["land"], number)
    portal_server.set_clock(portal_server_offset(portal_server, 2 * 3600))   # a fresh hour for this address
    portal_limit("fuyi_portal.open_failures_per_address_hour", 3)
    for _ in range(3):
        res = visitor.open(code, "000000")
        assert res.status == 200 and _OPEN_FAILED in html.unescape(res.text)
    visitor.request_track_code(code)
    res = visitor.open(code, portal_server.last_code(number))
    assert res.status == 200 and _OPEN_FAILED in html.unescape(res.text)
    assert visitor.get("/fuyi/status").status == 303
    admin = portal_server.odoo()
    assert admin.env["fuyi.portal.abuse"].search_count([("kind", "=", "open_flood"), ("ip_address", "=", "127.0.0.1")])
    # an hour later the address may try again, and the right codes open the application
    portal_server.set_clock(portal_server_offset(portal_server, 3700))
    portal_limit("fuyi_portal.open_failures_per_address_hour", 10000)
    visitor.request_track_code(code)
    res = visitor.open(code, portal_server.last_code(number))
    assert res.status == 303
