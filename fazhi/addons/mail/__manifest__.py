{
    "name": "Discuss",
    "version": "1.0.0",
    "summary": "Chatter, field tracking (the audit trail), activities and outgoing e-mail",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["base", "web"],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_message_subtype_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/mail_mail_views.xml",
    ],
    "installable": True,
}
