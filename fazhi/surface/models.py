from ..orm.models import BaseModel, AbstractModel, Model, TransientModel, MetaModel  # noqa: F401
from ..orm.models import LOG_ACCESS_COLUMNS, MAGIC_COLUMNS  # noqa: F401
from ..orm.model_search import regex_order  # noqa: F401
from ..orm.api import Environment  # noqa: F401

NO_ACCESS = "."
