{
    "name": "Administrative Litigation Response (行政应诉)",
    "summary": "Track lawsuits against agencies, defence deadlines and agency-head court appearances",
    "version": "1.1.0",
    "category": "Legal",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["fuyi_case"],
    "data": [
        "security/yingsu_groups.xml",
        "security/ir.model.access.csv",
        "security/yingsu_security.xml",
        "data/yingsu_data.xml",
    ],
    "demo": [],
    "application": True,
    "installable": True,
}
