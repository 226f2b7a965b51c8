"""Workflow fields change only through their actions (issue 11 items 4 and 5).

State, case number, procedure, decision type, publication state and a document's number are
set by the actions, which check the role and the law's conditions. A plain ``write`` or
``create`` of them (over RPC, or from a form) is refused. The actions mark the current call
as a workflow step with a context variable: it lives in the server thread, so a client cannot
send it the way it can send a context key.
"""
import contextlib
import contextvars

from flectra import api, models, _
from flectra.exceptions import AccessError

_WORKFLOW_STEP = contextvars.ContextVar("fuyi_case_workflow_step", default=False)


@contextlib.contextmanager
def workflow_step():
    """Within: the workflow fields of cases and documents may be written."""
    token = _WORKFLOW_STEP.set(True)
    try:
        yield
    finally:
        _WORKFLOW_STEP.reset(token)


def _in_workflow_step(env):
    return env.su or _WORKFLOW_STEP.get()


def check_workflow_vals(records, vals_list, fnames, create=False):
    """AccessError when ``vals_list`` sets one of ``fnames`` outside a workflow step.

    On create, a field's default value is no change (a new form sends the defaults back).
    """
    if _in_workflow_step(records.env):
        return
    fnames = [fname for fname in fnames if fname in records._fields]
    defaults = records.default_get(fnames) if create else {}
    for vals in vals_list:
        touched = [fname for fname in fnames if fname in vals
                   and not (create and (vals[fname] or False) == (defaults.get(fname) or False))]
        if touched:
            described = records.fields_get(touched, ["string"])
            raise AccessError(_("%(fields)s of %(model)s cannot be set directly: they change only through the "
                                "workflow actions (accept, decide, issue…), which check the role and the legal "
                                "conditions.", fields="、".join(described[f]["string"] for f in touched),
                                model=_(records._description)))


#: fuyi.case: the case number is drawn from the gap-free sequence at registration (一案一号); the case
#: type is set by the procedure's model
CASE_FIELDS = ("name", "case_type")
#: numbers _number_new_case_vals drew in this thread for cases being created
_DRAWN_NUMBERS = contextvars.ContextVar("fuyi_case_drawn_numbers", default=frozenset())
#: fuyi.reconsideration: the procedure's state and the results of its steps
RECONSIDERATION_FIELDS = (
    "state", "procedure", "acceptance_date", "deemed_accepted", "routing_rule", "routing_override_by",
    "decision_type", "decision_article", "decision_date", "publication_state", "publication_reviewer_id",
    "published_date", "hearing_required", "committee_required", "routing_article", "committee_referred",
    "advisory_opinion", "advisory_sitting_id", "decided_on_time", "closed_on",
)
#: fuyi.document: only issuing draws a number and freezes the document
DOCUMENT_FIELDS = ("number", "state", "issued_date", "issued_by", "version", "attachment_id")


class FuyiCaseWorkflow(models.Model):
    _inherit = "fuyi.case"

    @api.model_create_multi
    def create(self, vals_list):
        drawn = _DRAWN_NUMBERS.get()
        _DRAWN_NUMBERS.set(frozenset())
        for vals in vals_list:
            # a number _number_new_case_vals drew for this very case is no direct write
            fnames = ("name",) if vals.get("name") not in drawn else ()
            check_workflow_vals(self, [vals], fnames, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_workflow_vals(self, [vals], CASE_FIELDS)
        return super().write(vals)

    @api.model
    def _number_new_case_vals(self, vals_list):
        given = [bool(vals.get("name")) for vals in vals_list]
        result = super()._number_new_case_vals(vals_list)
        drawn = {vals["name"] for vals, had in zip(vals_list, given) if not had and vals.get("name")}
        _DRAWN_NUMBERS.set(_DRAWN_NUMBERS.get() | drawn)
        return result

    def _assign_number(self):
        with workflow_step():
            return super()._assign_number()


class FuyiReconsiderationWorkflow(models.Model):
    _inherit = "fuyi.reconsideration"

    @api.model_create_multi
    def create(self, vals_list):
        check_workflow_vals(self, vals_list, RECONSIDERATION_FIELDS + ("name",), create=True)
        with workflow_step():   # the values are checked; registration sets the number and state
            return super().create(vals_list)

    def write(self, vals):
        check_workflow_vals(self, [vals], RECONSIDERATION_FIELDS + CASE_FIELDS)
        return super().write(vals)

    # --- the actions: each checks its role and legal conditions, then writes the workflow fields ---
    def action_request_correction(self, *args, **kwargs):
        with workflow_step():
            return super().action_request_correction(*args, **kwargs)

    def action_receive_corrections(self, *args, **kwargs):
        with workflow_step():
            return super().action_receive_corrections(*args, **kwargs)

    def action_abandon(self, *args, **kwargs):
        with workflow_step():
            return super().action_abandon(*args, **kwargs)

    def action_accept(self, *args, **kwargs):
        with workflow_step():
            return super().action_accept(*args, **kwargs)

    def action_reject(self, *args, **kwargs):
        with workflow_step():
            return super().action_reject(*args, **kwargs)

    def action_route(self, *args, **kwargs):
        with workflow_step():
            return super().action_route(*args, **kwargs)

    def action_override_routing(self, *args, **kwargs):
        with workflow_step():
            return super().action_override_routing(*args, **kwargs)

    def action_convert_to_ordinary(self, *args, **kwargs):
        with workflow_step():
            return super().action_convert_to_ordinary(*args, **kwargs)

    def action_decide(self, *args, **kwargs):
        with workflow_step():
            return super().action_decide(*args, **kwargs)

    def action_mediate(self, *args, **kwargs):
        with workflow_step():
            return super().action_mediate(*args, **kwargs)

    def action_withdraw(self, *args, **kwargs):
        with workflow_step():
            return super().action_withdraw(*args, **kwargs)

    def action_suspend(self, *args, **kwargs):
        with workflow_step():
            return super().action_suspend(*args, **kwargs)

    def action_resume(self, *args, **kwargs):
        with workflow_step():
            return super().action_resume(*args, **kwargs)

    def action_terminate(self, *args, **kwargs):
        with workflow_step():
            return super().action_terminate(*args, **kwargs)

    def action_forward(self, *args, **kwargs):
        with workflow_step():
            return super().action_forward(*args, **kwargs)

    def action_record_mediation_signature(self, *args, **kwargs):
        with workflow_step():
            return super().action_record_mediation_signature(*args, **kwargs)

    def action_mediation_failed(self, *args, **kwargs):
        with workflow_step():
            return super().action_mediation_failed(*args, **kwargs)

    def action_refer_to_committee(self, *args, **kwargs):
        with workflow_step():
            return super().action_refer_to_committee(*args, **kwargs)

    def action_prepare_publication(self, *args, **kwargs):
        with workflow_step():
            return super().action_prepare_publication(*args, **kwargs)

    def action_approve_publication(self, *args, **kwargs):
        with workflow_step():
            return super().action_approve_publication(*args, **kwargs)

    def action_publish(self, *args, **kwargs):
        with workflow_step():
            return super().action_publish(*args, **kwargs)


class FuyiCommitteeSittingWorkflow(models.Model):
    _inherit = "fuyi.committee.sitting"

    def action_record_advisory_opinion(self, *args, **kwargs):
        """Writes the case's advisory opinion once every member's opinion is on record (Art. 52)."""
        with workflow_step():
            return super().action_record_advisory_opinion(*args, **kwargs)


class FuyiDocumentWorkflow(models.Model):
    _inherit = "fuyi.document"

    @api.model_create_multi
    def create(self, vals_list):
        check_workflow_vals(self, vals_list, DOCUMENT_FIELDS, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_workflow_vals(self, [vals], DOCUMENT_FIELDS)
        return super().write(vals)

    def action_generate(self, *args, **kwargs):
        with workflow_step():
            return super().action_generate(*args, **kwargs)

    def action_issue(self, *args, **kwargs):
        with workflow_step():
            return super().action_issue(*args, **kwargs)

    def action_cancel(self, *args, **kwargs):
        with workflow_step():
            return super().action_cancel(*args, **kwargs)

    def _generate(self):
        with workflow_step():
            return super()._generate()
