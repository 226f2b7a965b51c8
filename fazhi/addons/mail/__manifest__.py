{
    "name": "Discuss",
    "version": "1.0.0",
    "summary": "Chatter, field tracking (the audit trail) and activities",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["base", "web"],
    "data": ["security/ir.model.access.csv"],
    "installable": True,
}
