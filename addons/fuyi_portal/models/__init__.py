from . import fuyi_reconsideration_published
