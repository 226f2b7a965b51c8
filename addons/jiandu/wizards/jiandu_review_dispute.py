from flectra import fields, models


class JianduReviewDispute(models.TransientModel):
    """Mark a reviewed file disputed and give it a second reviewer, whose review decides."""

    _name = "jiandu.review.dispute"
    _description = "Dispute a review"

    review_id = fields.Many2one("jiandu.review", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
    second_reviewer_id = fields.Many2one("res.users", string="Second reviewer")

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review.action_dispute(self.reason)
        if self.second_reviewer_id:
            review.campaign_id.action_assign_second_reviewer(review.file_id.id, self.second_reviewer_id.id)
        return {"type": "ir.actions.act_window_close"}
