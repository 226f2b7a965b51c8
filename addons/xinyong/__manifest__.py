{
    "name": "Government Integrity (政务诚信)",
    "summary": "Record government default cases, credit repair and exchange with the credit platform",
    "version": "1.0.0",
    "category": "Legal",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["fuyi_case"],
    "data": [
        "security/xinyong_groups.xml",
    ],
    "application": True,
    "installable": True,
}
