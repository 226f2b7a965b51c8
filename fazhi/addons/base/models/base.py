from flectra import models


class Base(models.AbstractModel):
    """The model every other model inherits: extend it to add behaviour everywhere."""

    _name = "base"
    _description = "Base"
