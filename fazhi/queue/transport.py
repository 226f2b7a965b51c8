"""The Redis transport the fazhi queue uses: kombu's, surviving a broker blip.

When the broker connection drops, kombu closes it and clears ``Transport.client``; a busy worker
(acks_late) then restores its unacknowledged messages or retries a task through a producer that
asks ``supports_batch_publish``, which reads ``self.client.hostname`` and dies with
"'NoneType' object has no attribute 'hostname'", taking the worker's consumer down. A closed
connection simply does not batch: the publish then fails with a connection error that kombu
retries, and the worker reconnects.
"""
from kombu.transport import TRANSPORT_ALIASES
from kombu.transport import redis as kombu_redis

ALIAS = "fazhi.queue.transport:Transport"


class Transport(kombu_redis.Transport):
    @property
    def supports_batch_publish(self):
        if self.client is None:        # connection closed (broker lost): publish unbatched
            return False
        return super().supports_batch_publish


def install():
    """Make ``redis://`` URLs use this transport in this process (server, worker and beat)."""
    for scheme in ("redis", "rediss"):
        TRANSPORT_ALIASES[scheme] = ALIAS
