{
    "name": "SMS",
    "version": "1.0.0",
    "summary": "Outgoing text messages through a configurable HTTP gateway, retried with backoff",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "fazhi",
    "depends": ["mail"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
    ],
    "installable": True,
}
