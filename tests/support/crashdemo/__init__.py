"""A minimal service used to prove the outbox -> Kafka -> inbox path under SIGKILL.

The producer appends `counter.incremented` events (version 1, 2, 3… per counter) through the
event store and outbox; the relay and the consumer run as separate processes built from the
shared library's OutboxRelay, ConsumerRunner and InboxApplier. The consumer logs every
application without a uniqueness constraint, so a double apply would be visible, and records
any event that arrives out of order for its counter.
"""

from fluxrate_common.app import ServiceSpec
from fluxrate_common.events import Topic

COUNTERS = Topic("crashdemo", "counter")
SPEC = ServiceSpec(name="crashdemo", package="tests.support.crashdemo", topics=(COUNTERS,))
CONSUMER = "tally"
