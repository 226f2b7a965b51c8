{
    "name": "Base",
    "version": "1.0.0",
    "summary": "Users, groups, partners, companies and the technical models every addon relies on",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": [],
    "data": [
        "security/base_groups.xml",
        "data/res_lang_data.xml",
        "data/base_data.xml",
        "security/ir.model.access.csv",
        "security/ir.model.access-misc.csv",
        "security/ir.model.access-queue.csv",
        "security/base_security.xml",
    ],
    "installable": True,
}
