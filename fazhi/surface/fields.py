from ..orm.fields import (  # noqa: F401
    Field, Boolean, Integer, Float, Monetary, Char, Text, Html, Date, Datetime, Selection,
    Binary, Image, Json, Id,
)
from ..orm.relational import Many2one, One2many, Many2many, Reference, Many2oneReference, Command  # noqa: F401

Properties = Json
