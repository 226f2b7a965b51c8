{
    "name": "Administrative Reconsideration (行政复议)",
    "summary": "Register, route, hear and decide administrative reconsideration cases; shared case and party model",
    "version": "1.0.0",
    "category": "Legal",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["base", "mail"],
    "data": [
        "security/fuyi_case_groups.xml",
        "security/ir.model.access.csv",
        "security/fuyi_case_security.xml",
        "data/fuyi_case_data.xml",
    ],
    "external_dependencies": {"python": ["chinese_calendar"]},
    "application": True,
    "installable": True,
}
