{
    "name": "Online Applications and Published Decisions (行政复议网上申请与决定公开)",
    "summary": "A public portal: apply for reconsideration online, follow the case, upload corrections, "
               "read published decisions",
    "version": "1.0.0",
    "category": "Legal",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["fuyi_case"],
    "data": [
        "security/ir.model.access.csv",
        "security/fuyi_portal_rules.xml",
        "data/fuyi_portal_data.xml",
        "views/fuyi_portal_views.xml",
    ],
    "installable": True,
    "application": False,
}
