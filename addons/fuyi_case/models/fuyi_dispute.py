from flectra import fields, models


class FuyiDispute(models.Model):
    """One dispute followed across procedures: reconsideration, lawsuit, enforcement, credit."""

    _name = "fuyi.dispute"
    _description = "Dispute"

    name = fields.Char(required=True)
    case_ids = fields.One2many("fuyi.case", "dispute_id", string="Cases")
    note = fields.Text()
