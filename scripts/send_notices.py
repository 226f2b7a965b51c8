#!/usr/bin/env python3
"""List pending service records (送达, ``fuyi.service`` in state pending) and flush the send queues.

    FAZHI_RPC_DB=... FAZHI_RPC_PASSWORD=... python scripts/send_notices.py [--dry-run]

The list shows what is waiting to be served: with a document (``document_id``, when the server's
``fuyi.service`` has that field) or else every pending record, noted as such. Without
``--dry-run`` the script then asks the server to process its outgoing queues through the public
queue methods that exist there (``mail.mail.process_email_queue``, ``sms.sms.process_sms_queue``);
those only send what is due and mark it sent, so running the script again sends nothing twice.
Exit status: 0, or 1 when a queue call failed.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fazhi_rpc  # noqa: E402

QUEUES = (("mail.mail", "process_email_queue"), ("sms.sms", "process_sms_queue"))
BASE_FIELDS = ("case_id", "kind", "document_name", "recipient_id", "channel", "sent_date")


def name_of(value):
    return value[1] if isinstance(value, (list, tuple)) and len(value) > 1 else (value or "")


def pending_services(client):
    """``(rows, has_document_field)``: the pending service records, oldest first."""
    fields = client.execute_kw("fuyi.service", "fields_get", [], {"attributes": ["type"]})
    has_document = "document_id" in fields
    wanted = [name for name in BASE_FIELDS if name in fields] + (["document_id"] if has_document else [])
    domain = [("state", "=", "pending")]
    if has_document:
        domain.append(("document_id", "!=", False))
    rows = client.execute_kw("fuyi.service", "search_read", [domain],
                             {"fields": wanted, "order": "sent_date asc, id asc"})
    return rows, has_document


def describe(row):
    return "service %s: %s%s to %s by %s (sent %s, case %s)" % (
        row["id"], row.get("kind") or "", (" «%s»" % row["document_name"]) if row.get("document_name") else "",
        name_of(row.get("recipient_id")), row.get("channel") or "", row.get("sent_date") or "",
        name_of(row.get("case_id")))


def main(argv=None):
    parser = argparse.ArgumentParser(description="List pending service records and process the server's send "
                                     "queues (connection from FAZHI_RPC_* environment variables).")
    parser.add_argument("--dry-run", action="store_true", help="only list what would be sent")
    args = parser.parse_args(argv)
    client = fazhi_rpc.connect_or_exit()
    rows, has_document = pending_services(client)
    if not has_document:
        print("note: fuyi.service has no document_id field on this server: listing every pending record")
    print("%d pending service record(s)%s" % (len(rows), " — would be sent:" if args.dry_run and rows else ""))
    for row in rows:
        print("  " + describe(row))
    if args.dry_run:
        return 0
    failed = False
    for model, method in QUEUES:
        if not fazhi_rpc.model_exists(client, model):
            print("%s: not installed, skipped" % model)
            continue
        try:
            client.execute_kw(model, method, [])
        except Exception as exc:  # noqa: BLE001 - report and go on with the next queue
            failed = True
            print("%s.%s failed: %s" % (model, method, fazhi_rpc.rpc_error_message(exc)), file=sys.stderr)
        else:
            print("%s.%s: done" % (model, method))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
