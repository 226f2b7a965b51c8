"""Queued work: ``queue.job`` rows run by Celery workers (production) or in-process (embedded).

- ``settings``: broker URL and timings (``--broker`` / ``FAZHI_BROKER_URL``, ``FAZHI_QUEUE_*``).
- ``jobs``: the database half: claim, run and finish a job; the outbox; the cron tick.
- ``progress``: progress of running jobs, committed apart from their work (``queue.job.set_progress``).
- ``publish``: the after-commit hook of ``with_delay`` (broker, or wake the embedded runner).
- ``app``: the Celery app and its three tasks, ``fazhi worker`` / ``fazhi beat``.
- ``runner``: the embedded runner thread of ``fazhi serve`` without a broker.
- ``delivery``: mail and SMS handed over at most once (claim, hand over, record the outcome).
- ``transport``: kombu's Redis transport, surviving a broker outage.

Addons only ever call ``records.with_delay(...).method(...)`` (base addon, ``queue_delay.py``).
Importing this package does not import Celery.
"""
