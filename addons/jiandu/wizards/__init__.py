from . import jiandu_rectification_step
from . import jiandu_review_dispute
