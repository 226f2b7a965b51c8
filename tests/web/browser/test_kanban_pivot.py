"""The web client's analysis gaps in a real browser: kanban columns of every selection value
(empty ones are drop targets; a write the server refuses puts the card back), the pivot's
expandable row/column headers (group-by menu, collapse, expand/collapse all, flip axes,
measures, keyboard use) and the graph's stacked-bars switch."""
import json

import pytest
from playwright.sync_api import expect

from rpc_support import unique_name
from browser_support import order_view_action

CASES = "/web#action=fuyi_case.fuyi_reconsideration_action"
PIVOT = "/web#view_type=pivot&action=fuyi_case.fuyi_reconsideration_analysis_action"
GRAPH = "/web#action=fuyi_case.fuyi_reconsideration_analysis_action"


def wait_loaded(page):
    page.wait_for_selector(".fz-content > [data-model]:not([data-loading])")


def number(text):
    return int(text.replace(",", "").strip() or 0)


def search(page, text, field="name"):
    box = page.locator(".fz-search-input")
    box.fill(text)
    option = page.locator(".fz-search-option[data-field='%s']" % field)
    option.wait_for()
    option.click()
    page.locator(".fz-facet-field").filter(has_text=text).wait_for()
    wait_loaded(page)


def drag(page, card, target):
    """The HTML5 drag and drop events, with one DataTransfer as a real drag carries."""
    transfer = page.evaluate_handle("() => new DataTransfer()")
    card.dispatch_event("dragstart", {"dataTransfer": transfer})
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})


def column(page, value):
    return page.locator(".fz-kanban-column[data-value='%s']" % json.dumps(value))


# --- kanban ----------------------------------------------------------------------------------
STATE_KANBAN = """<kanban default_group_by="state">
    <field name="name"/><field name="state"/>
    <templates><t t-name="kanban-box"><div><strong><field name="name"/></strong></div></t></templates>
</kanban>"""


@pytest.fixture
def state_kanban_action(admin_rpc):
    yield from order_view_action(admin_rpc, "kanban", STATE_KANBAN, "state.kanban")


def state_values(admin_rpc):
    fields = admin_rpc.execute_kw("test.orm.order", "fields_get", [["state"]], {"attributes": ["selection"]})
    return [key for key, _label in fields["state"]["selection"]]


def test_kanban_shows_every_state_and_takes_drops_on_empty_columns(page, web_server, admin_rpc, state_kanban_action):
    prefix = unique_name("空列")
    first, second = admin_rpc.execute_kw("test.orm.order", "create", [[
        {"name": prefix + "甲", "state": "draft"}, {"name": prefix + "乙", "state": "draft"}]])
    page.goto(web_server.url + "/web#action=%d&view_type=kanban" % state_kanban_action)
    search(page, prefix)
    page.locator(".fz-kanban-card[data-id='%d']" % second).wait_for()
    # a column for every state, in the field's order, though only draft has cards
    values = page.locator(".fz-kanban-column").evaluate_all("cs => cs.map((c) => JSON.parse(c.dataset.value))")
    assert values == state_values(admin_rpc)
    done = column(page, "done")
    expect(done.locator(".fz-kanban-card")).to_have_count(0)
    expect(done.locator(".fz-group-count")).to_have_text("(0)")
    assert done.bounding_box()["height"] >= 100          # an empty column is still a drop area
    # a drop on the empty column writes the state and the card moves there
    drag(page, page.locator(".fz-kanban-card[data-id='%d']" % first), done)
    done.locator(".fz-kanban-card[data-id='%d']" % first).wait_for()
    wait_loaded(page)
    expect(done.locator(".fz-group-count")).to_have_text("(1)")
    expect(column(page, "draft").locator(".fz-kanban-card")).to_have_count(1)
    assert admin_rpc.execute_kw("test.orm.order", "read", [[first], ["state"]])[0]["state"] == "done"
    # it stays there after a reload
    page.reload()
    column(page, "done").locator(".fz-kanban-card").first.wait_for()


@pytest.fixture
def refusing_rule(admin_rpc):
    """A record rule refusing writes to the orders whose name holds a token."""
    token = unique_name("拒改")
    model_id = admin_rpc.execute_kw("ir.model", "search", [[("model", "=", "test.orm.order")]])[0]
    rule_id = admin_rpc.execute_kw("ir.rule", "create", [{
        "name": "browser: refuse " + token, "model_id": model_id, "domain_force": repr([("name", "not like", token)]),
        "perm_read": False, "perm_create": False, "perm_unlink": False, "perm_write": True}])
    yield token
    admin_rpc.execute_kw("ir.rule", "unlink", [[rule_id]])


def test_kanban_refused_write_shows_the_error_and_puts_the_card_back(page, web_server, admin_rpc, state_kanban_action,
                                                                     refusing_rule):
    order = admin_rpc.execute_kw("test.orm.order", "create", [{"name": refusing_rule + "卡片", "state": "draft"}])
    page.goto(web_server.url + "/web#action=%d&view_type=kanban" % state_kanban_action)
    search(page, refusing_rule)
    card = page.locator(".fz-kanban-card[data-id='%d']" % order)
    card.wait_for()
    drag(page, card, column(page, "confirmed"))
    expect(page.locator(".fz-notification-danger")).to_be_visible()
    wait_loaded(page)
    column(page, "draft").locator(".fz-kanban-card[data-id='%d']" % order).wait_for()
    expect(column(page, "confirmed").locator(".fz-kanban-card")).to_have_count(0)
    assert admin_rpc.execute_kw("test.orm.order", "read", [[order], ["state"]])[0]["state"] == "draft"


def test_case_kanban_shows_every_state_that_has_cases_on_screen(page, web_server, seed, admin_rpc):
    """Cards cannot be dragged here (states change by buttons): a column for each state that has
    cases, in the field's order, none for empty states — they pushed 已中止 off the screen."""
    states = admin_rpc.execute_kw("fuyi.reconsideration", "fields_get", [["state"]],
                                  {"attributes": ["selection"], "context": {"lang": "zh_CN"}})["state"]["selection"]
    suspended = seed["make"](0, unique_name("中止案件"))
    admin_rpc.execute_kw("fuyi.reconsideration", "action_accept", [[suspended["id"]]], {"procedure": "ordinary"})
    admin_rpc.execute_kw("fuyi.reconsideration", "action_suspend", [[suspended["id"]], "5"])
    page.goto(web_server.url + CASES.replace("action=", "view_type=kanban&action="))
    page.locator(".fz-kanban-card").first.wait_for()
    wait_loaded(page)
    counts = admin_rpc.execute_kw("fuyi.reconsideration", "read_group",
                                  [[("state", "in", ("review", "correction", "accepted", "suspended"))], ["state"], ["state"]])
    with_cases = {g["state"] for g in counts if g["state_count"]}
    assert "suspended" in with_cases
    values = page.locator(".fz-kanban-column").evaluate_all("cs => cs.map((c) => JSON.parse(c.dataset.value))")
    headers = page.locator(".fz-kanban-header > span:first-child").all_inner_texts()
    assert values == [key for key, _label in states if key in with_cases]
    assert headers == [label for key, label in states if key in with_cases]   # in Chinese
    card = page.locator(".fz-kanban-card").filter(has_text=suspended["name"])
    card.scroll_into_view_if_needed()
    assert column(page, "suspended").locator(".fz-kanban-card").filter(has_text=suspended["name"]).count() == 1
    assert page.locator(".fz-kanban-card[draggable='true']").count() == 0   # records_draggable="0"


# --- pivot ------------------------------------------------------------------------------------
def open_pivot(page, web_server):
    page.goto(web_server.url + PIVOT)
    page.locator(".fz-pivot-table").wait_for()
    wait_loaded(page)


def grand_total(page):
    return number(page.locator(".fz-pivot-total-row td.fz-pivot-total").last.inner_text())


def row_total(row):
    return number(row.locator("td").last.inner_text())


def test_pivot_row_header_expands_into_states_and_collapses(page, web_server, seed, admin_rpc):
    total = admin_rpc.execute_kw("fuyi.reconsideration", "search_count", [[]])
    open_pivot(page, web_server)
    assert grand_total(page) == total
    agency = page.locator(".fz-pivot-row[data-row='%s']" % seed["agency_name"])
    header = agency.locator("button.fz-pivot-header")
    expect(header).to_have_attribute("aria-expanded", "false")
    header.click()
    menu = page.locator(".fz-pivot-groupby-menu")
    expect(menu).to_be_visible()
    expect(header).to_have_attribute("aria-expanded", "true")
    options = menu.locator("[role='menuitem']").all_inner_texts()
    assert "State" in options or "状态" in options        # the search view's group-bys
    menu.locator("[data-spec='state']").click()
    sub_rows = page.locator(".fz-pivot-row[data-depth='2']")
    sub_rows.first.wait_for()
    wait_loaded(page)
    expect(menu).to_have_count(0)
    # the agency splits into its cases' states, which add up to its total; the grand total holds
    labels = admin_rpc.execute_kw("fuyi.reconsideration", "fields_get", [["state"]],
                                  {"attributes": ["selection"], "context": {"lang": "zh_CN"}})
    state_labels = {label for _key, label in labels["state"]["selection"]}
    assert set(sub_rows.evaluate_all("rs => rs.map((r) => r.dataset.row)")) <= state_labels
    assert sum(row_total(sub_rows.nth(i)) for i in range(sub_rows.count())) == row_total(agency)
    expect(agency.locator("button.fz-pivot-header")).to_have_attribute("aria-expanded", "true")
    assert grand_total(page) == total
    # every sub-row's cells add up across the columns too
    cells = sub_rows.first.locator("td").all_inner_texts()
    assert sum(number(t) for t in cells[:-1]) == number(cells[-1])
    # a click on the expanded header collapses it
    agency.locator("button.fz-pivot-header").click()
    expect(page.locator(".fz-pivot-row[data-depth='2']")).to_have_count(0)
    expect(agency.locator("button.fz-pivot-header")).to_have_attribute("aria-expanded", "false")


def test_pivot_expand_all_collapse_all_and_flip(page, web_server, seed, admin_rpc):
    total = admin_rpc.execute_kw("fuyi.reconsideration", "search_count", [[]])
    mine = admin_rpc.execute_kw("fuyi.reconsideration", "search_count", [[("agency_id", "=", seed["agency"])]])
    open_pivot(page, web_server)
    agencies = page.locator(".fz-pivot-row[data-depth='1']").count()
    # split one agency by state: "expand all" then splits every agency by state
    page.locator(".fz-pivot-row[data-row='%s'] button.fz-pivot-header" % seed["agency_name"]).click()
    page.locator(".fz-pivot-groupby-menu [data-spec='state']").click()
    page.locator(".fz-pivot-row[data-depth='2']").first.wait_for()
    wait_loaded(page)
    before = page.locator(".fz-pivot-row[data-depth='2']").count()
    page.click(".fz-pivot-collapse-all")
    expect(page.locator(".fz-pivot-row")).to_have_count(0)
    expect(page.locator(".fz-pivot-total-row td")).to_have_count(1)       # one cell: everything
    assert grand_total(page) == total
    expect(page.locator(".fz-pivot-total-row button.fz-pivot-header")).to_have_attribute("aria-expanded", "false")
    page.click(".fz-pivot-expand-all")
    expect(page.locator(".fz-pivot-row[data-depth='1']")).to_have_count(agencies)
    page.locator(".fz-pivot-row[data-depth='2']").first.wait_for()
    wait_loaded(page)
    assert page.locator(".fz-pivot-row[data-depth='2']").count() >= max(before, agencies)
    depth1 = page.locator(".fz-pivot-row[data-depth='1']").evaluate_all(
        "rs => rs.map((r) => { const c = r.querySelectorAll('td'); return Number(c[c.length - 1].textContent.replace(/,/g, '')); })")
    assert sum(depth1) == total
    assert grand_total(page) == total
    # flipping: the agencies (split by state) become the columns, the grand total holds
    page.click(".fz-pivot-flip")
    head = page.locator(".fz-pivot-col-header button.fz-pivot-header").filter(has_text=seed["agency_name"])
    expect(head).to_have_attribute("aria-expanded", "true")
    wait_loaded(page)
    assert grand_total(page) == total
    # the agency's column total (its expanded header spans its states; its total is the
    # column total row's cells under it) equals its cases: read it from the flipped table
    total_row = page.locator(".fz-pivot-total-row td").all_inner_texts()
    assert number(total_row[-1]) == total
    page.click(".fz-pivot-flip")
    agency = page.locator(".fz-pivot-row[data-row='%s']" % seed["agency_name"])
    expect(agency.locator("td").last).to_have_text(str(mine))


def test_pivot_column_header_by_keyboard_and_measures(page, web_server, seed, admin_rpc):
    total = admin_rpc.execute_kw("fuyi.reconsideration", "search_count", [[]])
    open_pivot(page, web_server)
    columns_before = page.locator(".fz-pivot-total-row td").count()
    # the root column header (合计, split by decision type) collapses by keyboard
    root_col = page.locator("thead .fz-pivot-col-header button.fz-pivot-header").first
    expect(root_col).to_have_attribute("aria-expanded", "true")
    root_col.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".fz-pivot-total-row td")).to_have_count(1)
    wait_loaded(page)
    focused = "() => { const e = document.activeElement; return [e.dataset.axis, e.dataset.key, e.getAttribute('aria-expanded')]; }"
    assert page.evaluate(focused) == ["col", "[]", "false"]       # the focus stays on the header
    # then opens its group-by menu: Enter, arrows, Escape, Enter on an option
    root_col = page.locator("thead .fz-pivot-col-header button.fz-pivot-header").first
    root_col.focus()
    page.keyboard.press("Enter")
    menu = page.locator(".fz-pivot-groupby-menu")
    expect(menu).to_be_visible()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "menuitem"
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    assert page.evaluate("() => document.activeElement.classList.contains('fz-pivot-header')")
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    while page.evaluate("() => document.activeElement.dataset.spec") != "state":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("thead .fz-pivot-col-header button.fz-pivot-header").first).to_have_attribute("aria-expanded", "true")
    wait_loaded(page)
    assert page.evaluate(focused) == ["col", "[]", "true"]
    states = page.locator("thead tr.fz-pivot-col-level").nth(1).locator("button.fz-pivot-header").count()
    assert states >= 1
    cells = page.locator(".fz-pivot-total-row td").all_inner_texts()
    assert len(cells) == states + 1 and sum(number(t) for t in cells[:-1]) == number(cells[-1]) == total
    assert columns_before >= 1


ORDER_PIVOT = """<pivot>
    <field name="state" type="row"/><field name="priority" type="col"/><field name="tax_percent" type="measure"/>
</pivot>"""


@pytest.fixture
def order_pivot_action(admin_rpc):
    yield from order_view_action(admin_rpc, "pivot", ORDER_PIVOT, "pivot")


def cell_texts(row):
    return row.locator("td").all_inner_texts()


def test_pivot_measures_and_nested_cells(page, web_server, admin_rpc, order_pivot_action):
    prefix = unique_name("透视")
    admin_rpc.execute_kw("test.orm.order", "create", [[
        {"name": prefix + "1", "state": "draft", "priority": "0", "tax_percent": 5},
        {"name": prefix + "2", "state": "draft", "priority": "1", "tax_percent": 7},
        {"name": prefix + "3", "state": "done", "priority": "1", "tax_percent": 11}]])
    page.goto(web_server.url + "/web#action=%d&view_type=pivot" % order_pivot_action)
    page.locator(".fz-pivot-table").wait_for()
    search(page, prefix)
    expect(page.locator(".fz-pivot-row")).to_have_count(2)             # draft, done
    # the view's measure, under the priorities (Normal, Urgent) and the total
    total_row = page.locator(".fz-pivot-total-row")
    expect(page.locator(".fz-pivot-measure-header")).to_have_count(3)
    assert cell_texts(total_row) == ["5", "18", "23"]
    states = dict(admin_rpc.execute_kw("test.orm.order", "fields_get", [["state"]], {
        "attributes": ["selection"], "context": {"lang": "zh_CN"}})["state"]["selection"])
    draft = page.locator(".fz-pivot-row[data-row='%s']" % states["draft"])
    assert cell_texts(draft) == ["5", "7", "12"]
    # the count as a second measure
    boxes = page.locator(".fz-pivot-measures input[type='checkbox']")
    assert boxes.evaluate_all("bs => bs.map((b) => b.value)")[:2] == ["__count", "tax_percent"]
    expect(boxes.nth(1)).to_be_checked()
    boxes.first.check()
    expect(page.locator(".fz-pivot-measure-header")).to_have_count(6)
    wait_loaded(page)
    assert cell_texts(total_row) == ["1", "5", "2", "18", "3", "23"]
    boxes.first.uncheck()
    expect(page.locator(".fz-pivot-measure-header")).to_have_count(3)
    wait_loaded(page)
    # the last measure cannot be unchecked
    boxes.nth(1).click()
    expect(boxes.nth(1)).to_be_checked()
    # the draft row split by priority (a field of the view; its own field is not offered): a
    # sub-row of one priority has nothing under the other priority's column
    draft.locator("button.fz-pivot-header").click()
    menu = page.locator(".fz-pivot-groupby-menu")
    expect(menu).to_be_visible()
    assert menu.locator("[data-spec='state']").count() == 0
    menu.locator("[data-spec='priority']").click()
    sub_rows = page.locator(".fz-pivot-row[data-depth='2']")
    expect(sub_rows).to_have_count(2)
    wait_loaded(page)
    assert [cell_texts(sub_rows.nth(i)) for i in range(2)] == [["5", "", "5"], ["", "7", "7"]]
    assert cell_texts(total_row) == ["5", "18", "23"]
    # a click on a cell opens its orders
    sub_rows.nth(1).locator("td").nth(1).click()
    page.wait_for_selector(".fz-list-view[data-model='test.orm.order']")
    wait_loaded(page)
    expect(page.locator(".fz-list-table tbody tr.fz-row")).to_have_count(1)
    expect(page.locator(".fz-list-table tbody tr.fz-row")).to_contain_text(prefix + "2")


# --- graph ------------------------------------------------------------------------------------
def test_graph_stacked_and_side_by_side_bars(page, web_server, seed):
    page.goto(web_server.url + GRAPH)
    page.locator(".fz-graph-view svg.fz-graph-svg").wait_for()
    wait_loaded(page)
    toggle = page.locator(".fz-graph-stacked")
    expect(toggle).to_have_attribute("aria-pressed", "true")   # the view's stacked="1"

    def share_x():
        xs = page.locator(".fz-graph-bar").evaluate_all(
            "bs => bs.map((b) => [b.getAttribute('data-category'), b.getAttribute('x')])")
        by_category = {}
        for category, x in xs:
            by_category.setdefault(category, set()).add(x)
        return by_category
    stacked = share_x()
    assert all(len(x) == 1 for x in stacked.values())          # one column per category
    toggle.click()
    expect(page.locator(".fz-graph-stacked")).to_have_attribute("aria-pressed", "false")
    side = share_x()
    assert sum(len(x) for x in side.values()) == page.locator(".fz-graph-bar").count()   # each series its own bar
    # the switch is for bars only
    page.locator(".fz-graph-modes button[data-mode='line']").click()
    expect(page.locator(".fz-graph-stacked")).to_have_count(0)
    page.locator(".fz-graph-modes button[data-mode='bar']").click()
    expect(page.locator(".fz-graph-stacked")).to_have_attribute("aria-pressed", "false")
