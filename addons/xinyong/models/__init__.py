from . import xinyong_promise
from . import xinyong_default_record
from . import xinyong_repair
from . import xinyong_outbox
from . import xinyong_demo
from . import fuyi_document
from . import xinyong_disclosure
from . import xinyong_reconciliation
