from ...orm.domain import (  # noqa: F401
    AND, OR, normalize_domain, distribute_not, is_leaf, is_operator, TRUE_LEAF, FALSE_LEAF,
    TRUE_DOMAIN, FALSE_DOMAIN, NEGATIVE_TERM_OPERATORS, TERM_OPERATORS, DOMAIN_OPERATORS,
)
