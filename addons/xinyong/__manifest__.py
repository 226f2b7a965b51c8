{
    "name": "Government Integrity (政务诚信)",
    "summary": "Record government default cases, credit repair and exchange with the credit platform",
    "version": "1.1.0",
    "category": "Legal",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["fuyi_case"],
    "external_dependencies": {"python": ["lxml"]},
    "data": [
        "security/xinyong_groups.xml",
        "security/ir.model.access.csv",
        "security/xinyong_security.xml",
        "data/xinyong_data.xml",
    ],
    "application": True,
    "installable": True,
}
