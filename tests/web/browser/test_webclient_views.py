"""The web client in a real browser, second round: bound actions of the list's action menu,
binary fields (file input with its file name field), buttons of embedded x2many lines and of
the line dialog, dialogs closing on navigation, the graph and pivot views, kanban drag and
drop, the clickable statusbar and "search more" of the many2one autocompletion."""
import re

import pytest
from playwright.sync_api import expect

from rpc_support import unique_name
from browser_support import order_view_action

CASES = "/web#action=fuyi_case.fuyi_reconsideration_action"
ANALYSIS = "/web#action=fuyi_case.fuyi_reconsideration_analysis_action"
ROW = ".fz-list-table tbody tr.fz-row"


def wait_loaded(page):
    page.wait_for_selector(".fz-content > [data-model]:not([data-loading])")


def search(page, text, field="title"):
    box = page.locator(".fz-search-input")
    box.fill(text)
    option = page.locator(".fz-search-option[data-field='%s']" % field)
    option.wait_for()
    option.click()
    page.locator(".fz-facet-field").filter(has_text=text).wait_for()
    wait_loaded(page)


def download_bytes(page, locator):
    with page.expect_download() as info:
        locator.click()
    return open(info.value.path(), "rb").read()


# --- 1. bound actions ----------------------------------------------------------------------
def test_bound_action_generates_documents_for_the_selected_cases(page, web_server, seed, admin_rpc):
    title = unique_name("批量文书")
    cases = [seed["make"](0, title) for _ in range(2)]
    for case in cases:
        admin_rpc.execute_kw("fuyi.reconsideration", "action_accept", [[case["id"]]])
    page.goto(web_server.url + CASES)
    page.wait_for_selector(".fz-list-view .fz-list-table")
    wait_loaded(page)
    search(page, title)
    expect(page.locator(ROW)).to_have_count(2)
    page.locator(".fz-select-all").check()
    page.locator(".fz-btn-toolbar").filter(has_text="批量生成文书").click()
    dialog = page.locator(".fz-dialog")
    count = dialog.locator(".fz-field[data-name='case_count']")
    expect(count).to_have_text("2")                       # active_ids reached the wizard's defaults
    for case in cases:
        expect(dialog.locator(".fz-field[data-name='reconsideration_ids']")).to_contain_text(case["name"])
    dialog.locator(".fz-field[data-name='doc_type'] select").select_option("acceptance_notice")
    dialog.locator(".fz-dialog-footer button[data-name='action_confirm']").click()
    progress = page.locator(".fz-job-progress")
    progress.wait_for()
    page.locator(".fz-progress[data-state='done']").wait_for(timeout=60000)
    data = download_bytes(page, page.locator(".fz-job-download"))
    assert data[:2] == b"PK"                              # the .zip of the batch


# --- 2. binary fields ----------------------------------------------------------------------
def test_case_import_dialog_uploads_a_csv_in_dry_run(page, web_server, seed, admin_rpc):
    applicant = unique_name("导入申请人")
    csv = "申请日期,申请人,被申请人\n2026-01-05,%s,%s\n" % (applicant, seed["agency_name"])
    page.goto(web_server.url + "/web#action=fuyi_case.fuyi_statistics_report_action")
    page.wait_for_selector(".fz-form-view[data-model='fuyi.statistics.report']")
    page.locator(".fz-menu-item[data-xmlid='fuyi_case.fuyi_case_import_menu']").click()
    dialog = page.locator(".fz-dialog")
    file_input = dialog.locator(".fz-field[data-name='file'] input[type=file]")
    file_input.wait_for()
    assert dialog.locator(".fz-field[data-name='dry_run'] input").is_checked()   # dry run by default
    file_input.set_input_files(files=[{"name": "cases.csv", "mimeType": "text/csv", "buffer": csv.encode("utf-8")}])
    # the file name went to the filename="file_name" field, and the value can be downloaded back
    link = dialog.locator(".fz-field[data-name='file'] .fz-binary-download")
    expect(link).to_have_text("cases.csv")
    assert download_bytes(page, link) == csv.encode("utf-8")
    dialog.locator(".fz-dialog-footer button[data-name='action_confirm']").click()
    page.locator(".fz-progress[data-state='done']").wait_for(timeout=60000)
    report = download_bytes(page, page.locator(".fz-job-download"))
    assert report
    assert admin_rpc.execute_kw("res.partner", "search_count", [[("name", "=", applicant)]]) == 0   # nothing imported


# --- 3. buttons of x2many lines ------------------------------------------------------------
@pytest.fixture
def statistics_line_buttons(admin_rpc):
    """A test-only extension of the statistics form: a button in the figures' inline list."""
    parent = admin_rpc.execute_kw("ir.model.data", "search_read", [[("module", "=", "fuyi_case"),
                                                                   ("name", "=", "fuyi_statistics_report_view_form")], ["res_id"]])
    view_id = admin_rpc.execute_kw("ir.ui.view", "create", [{
        "name": unique_name("browser.statistics.line.buttons"), "model": "fuyi.statistics.report",
        "inherit_id": parent[0]["res_id"], "type": "form", "priority": 99,
        "arch": """<data><xpath expr="//field[@name='line_ids']/tree" position="inside">
                       <button name="action_open_cases" type="object" string="Cases"/>
                   </xpath></data>"""}])
    yield view_id
    admin_rpc.execute_kw("ir.ui.view", "unlink", [[view_id]])


def test_buttons_of_embedded_lines_run_on_the_line(page, web_server, seed, statistics_line_buttons):
    page.goto(web_server.url + "/web#action=fuyi_case.fuyi_statistics_report_action")
    page.wait_for_selector(".fz-form-view[data-model='fuyi.statistics.report'] .fz-btn-save")
    compute = page.locator("button.fz-object-button[data-name='action_compute']")
    compute.click()                                       # saves the new report first
    expect(compute).to_be_enabled()                       # the button ran and the form reloaded
    lines = page.locator(".fz-field[data-name='line_ids'] tbody tr.fz-row")
    lines.first.wait_for()
    received = lines.filter(has_text="收案").first
    expected = int(re.search(r"\d+", received.locator("td").nth(2).inner_text().replace(",", "")).group())
    received.locator(".fz-line-button[data-name='action_open_cases']").click()
    page.wait_for_selector(".fz-list-view[data-model='fuyi.reconsideration']")
    wait_loaded(page)
    expect(page.locator(".fz-breadcrumb")).to_have_count(2)
    if expected <= 80:
        expect(page.locator(ROW)).to_have_count(expected)
    # back to the report: the same button in the line's dialog (the line's own form)
    page.locator(".fz-breadcrumb-link").first.click()
    lines.first.wait_for()
    lines.first.click()
    dialog = page.locator(".fz-dialog")
    dialog.locator("button.fz-object-button[data-name='action_open_cases']").click()
    page.wait_for_selector(".fz-list-view[data-model='fuyi.reconsideration']")
    expect(page.locator(".fz-dialog")).to_have_count(0)


# --- 4. dialogs and navigation -------------------------------------------------------------
def test_dialog_closes_when_the_user_navigates(page, web_server, seed, admin_rpc):
    case = seed["make"](0, unique_name("导航案件"))
    admin_rpc.execute_kw("fuyi.reconsideration", "action_accept", [[case["id"]]])
    page.goto(web_server.url + CASES)
    page.wait_for_selector(".fz-list-view .fz-list-table")
    wait_loaded(page)
    search(page, case["title"])
    page.locator(ROW).first.click()
    page.wait_for_url(re.compile(r"view_type=form"))
    page.wait_for_selector(".fz-form-view[data-model='fuyi.reconsideration'] .fz-sheet")
    page.click("button.fz-object-button[data-name='action_open_create_document']")
    page.locator(".fz-dialog select").wait_for()
    page.go_back()                                        # the browser's back button
    page.wait_for_selector(".fz-list-view[data-model='fuyi.reconsideration']")
    expect(page.locator(".fz-dialog")).to_have_count(0)
    # a hash change (a link, a typed URL) does the same
    page.locator(ROW).first.click()
    page.wait_for_selector(".fz-form-view .fz-sheet")
    page.goto(web_server.url + "/web#model=fuyi.reconsideration&view_type=form&id=%d" % case["id"])
    page.wait_for_selector("button.fz-object-button[data-name='action_open_create_document']")
    page.click("button.fz-object-button[data-name='action_open_create_document']")
    page.locator(".fz-dialog select").wait_for()
    page.evaluate("() => { window.location.hash = '#action=fuyi_case.fuyi_hearing_action'; }")
    page.wait_for_selector(".fz-content [data-model='fuyi.hearing']")
    expect(page.locator(".fz-dialog")).to_have_count(0)


# --- 5. graph and pivot --------------------------------------------------------------------
def test_graph_view_of_the_cases(page, web_server, seed, admin_rpc):
    total = admin_rpc.execute_kw("fuyi.reconsideration", "search_count", [[]])
    page.goto(web_server.url + ANALYSIS)
    chart = page.locator(".fz-graph-view svg.fz-graph-svg")
    chart.wait_for()
    wait_loaded(page)
    assert page.locator(".fz-menu-item.fz-active").inner_text() == "统计分析"
    bars = page.locator(".fz-graph-bar")
    values = bars.evaluate_all("els => els.map((e) => Number(e.getAttribute('data-value')))")
    assert sum(values) == total                           # every case in one bar segment
    legend = page.locator(".fz-graph-legend-item").all_inner_texts()
    assert "受理审查" in legend                             # the series are the states, by their labels
    # the same data as a line chart and a pie
    page.locator(".fz-graph-modes button[data-mode='line']").click()
    page.wait_for_selector(".fz-graph-line", state="attached")   # a flat line has no height to be "visible"
    page.locator(".fz-graph-modes button[data-mode='pie']").click()
    slices = page.locator(".fz-graph-slice")
    slices.first.wait_for()
    assert sum(slices.evaluate_all("els => els.map((e) => Number(e.getAttribute('data-value')))")) == total
    # a bar opens the list of its cases
    page.locator(".fz-graph-modes button[data-mode='bar']").click()
    bar = page.locator(".fz-graph-bar[data-series='受理审查']").last
    count = int(bar.get_attribute("data-value"))
    bar.click()
    page.wait_for_selector(".fz-list-view[data-model='fuyi.reconsideration']")
    wait_loaded(page)
    expect(page.locator(ROW)).to_have_count(min(count, 80))
    assert all(t.strip() == "受理审查" for t in page.locator(ROW + " td[data-name='state']").all_inner_texts())


def test_pivot_view_of_the_cases(page, web_server, seed, admin_rpc):
    total = admin_rpc.execute_kw("fuyi.reconsideration", "search_count", [[]])
    mine = admin_rpc.execute_kw("fuyi.reconsideration", "search_count", [[("agency_id", "=", seed["agency"])]])
    page.goto(web_server.url + ANALYSIS)
    page.wait_for_selector(".fz-graph-view")
    page.click(".fz-view-switcher button[data-view-type='pivot']")
    table = page.locator(".fz-pivot-table")
    table.wait_for()
    wait_loaded(page)
    assert "view_type=pivot" in page.url
    grand = page.locator(".fz-pivot-total-row td.fz-pivot-total").last
    assert int(grand.inner_text().replace(",", "")) == total
    row = page.locator(".fz-pivot-row[data-row='%s']" % seed["agency_name"])
    assert int(row.locator("td.fz-pivot-total").last.inner_text().replace(",", "")) == mine
    # row totals add up to the grand total, column totals too
    row_totals = page.locator(".fz-pivot-row").evaluate_all(
        "rows => rows.map((r) => { const c = r.querySelectorAll('td'); return Number(c[c.length - 1].textContent.replace(/,/g, '')); })")
    assert sum(row_totals) == total
    col_totals = page.locator(".fz-pivot-total-row td").all_inner_texts()
    assert sum(int(t.replace(",", "") or 0) for t in col_totals[:-1]) == total
    # flipping the axes keeps the grand total; a cell opens its cases
    page.click(".fz-pivot-flip")
    expect(page.locator(".fz-pivot-total-row td.fz-pivot-total").last).to_have_text(str(total))
    page.click(".fz-pivot-flip")
    row.locator("td.fz-pivot-total").last.click()
    page.wait_for_selector(".fz-list-view[data-model='fuyi.reconsideration']")
    wait_loaded(page)
    # the agency's cases (read now: a job of an earlier test may still be changing cases)
    rows = page.locator(ROW)
    rows.first.wait_for()
    ids = admin_rpc.execute_kw("fuyi.reconsideration", "search", [[("agency_id", "=", seed["agency"])]])
    expect(rows).to_have_count(min(len(ids), 80))
    shown = {int(i) for i in rows.evaluate_all("rs => rs.map((r) => r.dataset.id)")}
    assert shown <= set(ids)


# --- kanban drag and drop ------------------------------------------------------------------
ORDER_KANBAN = """<kanban default_group_by="priority">
    <field name="name"/><field name="priority"/>
    <templates><t t-name="kanban-box"><div><strong><field name="name"/></strong></div></t></templates>
</kanban>"""


@pytest.fixture
def order_kanban_action(admin_rpc):
    yield from order_view_action(admin_rpc, "kanban", ORDER_KANBAN, "kanban")


def test_kanban_drag_writes_the_group_by_field(page, web_server, admin_rpc, order_kanban_action):
    prefix = unique_name("看板")
    normal, urgent = admin_rpc.execute_kw("test.orm.order", "create", [[
        {"name": prefix + "甲", "priority": "0"}, {"name": prefix + "乙", "priority": "1"}]])
    page.goto(web_server.url + "/web#action=%d&view_type=kanban" % order_kanban_action)
    search(page, prefix, field="name")
    card = page.locator(".fz-kanban-card[data-id='%d']" % normal)
    card.wait_for()
    assert card.get_attribute("draggable") == "true"
    target = page.locator(".fz-kanban-column").filter(has=page.locator(".fz-kanban-card[data-id='%d']" % urgent))
    # the HTML5 drag and drop events, with one DataTransfer as a real drag carries
    transfer = page.evaluate_handle("() => new DataTransfer()")
    card.dispatch_event("dragstart", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})
    target.locator(".fz-kanban-card[data-id='%d']" % normal).wait_for()
    assert admin_rpc.execute_kw("test.orm.order", "read", [[normal], ["priority"]])[0]["priority"] == "1"


def test_case_kanban_cards_are_not_draggable(page, web_server, seed):
    page.goto(web_server.url + CASES.replace("action=", "view_type=kanban&action="))
    card = page.locator(".fz-kanban-card").first
    card.wait_for()
    assert card.get_attribute("draggable") is None        # records_draggable="0": states change through buttons


# --- 6. clickable statusbar and "search more" ----------------------------------------------
ORDER_FORM = """<form>
    <header><field name="state" widget="statusbar" options="{'clickable': '1'}"/></header>
    <sheet><group><field name="name"/><field name="partner_id"/></group></sheet>
</form>"""


@pytest.fixture
def order_form_action(admin_rpc):
    yield from order_view_action(admin_rpc, "form", ORDER_FORM, "status")


def test_clickable_statusbar_and_search_more(page, web_server, admin_rpc, order_form_action):
    partner_name = unique_name("更多联系人")
    partner_id = admin_rpc.execute_kw("res.partner", "create", [{"name": partner_name}])
    order_id = admin_rpc.execute_kw("test.orm.order", "create", [{"name": unique_name("状态订单")}])
    page.goto(web_server.url + "/web#action=%d&view_type=form&id=%d" % (order_form_action, order_id))
    page.wait_for_selector(".fz-form-view[data-model='test.orm.order'] .fz-btn-edit")
    # a click on a state saves it at once in a read-only form
    page.locator(".fz-status[data-value='confirmed'] .fz-status-button").click()
    page.locator(".fz-status-current[data-value='confirmed']").wait_for()
    assert admin_rpc.execute_kw("test.orm.order", "read", [[order_id], ["state"]])[0]["state"] == "confirmed"
    # "search more" in the many2one: a dialog with a searchable list
    page.click(".fz-btn-edit")
    partner = page.locator(".fz-field[data-name='partner_id'] input")
    partner.click()
    page.locator(".fz-autocomplete-more").click()
    dialog = page.locator(".fz-dialog")
    dialog.locator(".fz-search-more-input").fill(partner_name)
    dialog.locator("tr.fz-row[data-id='%d']" % partner_id).click()
    expect(page.locator(".fz-dialog")).to_have_count(0)
    expect(partner).to_have_value(partner_name)
    page.click(".fz-btn-save")
    page.wait_for_selector(".fz-btn-edit")
    assert admin_rpc.execute_kw("test.orm.order", "read", [[order_id], ["partner_id"]])[0]["partner_id"][0] == partner_id


def test_domains_combine_with_their_implicit_and(page, web_server):
    """OR-ing group domains (pivot cells, filters of one group) keeps each domain's implicit '&'."""
    page.goto(web_server.url + "/web")
    page.wait_for_selector("#fz-app[data-ready='1']")
    result = page.evaluate("""async () => {
        const s = await import('/web/static/src/js/search.js');
        return [s.orDomains([[['a', '=', 1], ['b', '=', 2]], [['c', '=', 3]]]),
                s.andDomains([['|', ['a', '=', 1], ['b', '=', 2]], [['c', '=', 3], ['d', '=', 4]]])];
    }""")
    assert result[0] == ["|", "&", ["a", "=", 1], ["b", "=", 2], ["c", "=", 3]]
    assert result[1] == ["&", "|", ["a", "=", 1], ["b", "=", 2], "&", ["c", "=", 3], ["d", "=", 4]]
