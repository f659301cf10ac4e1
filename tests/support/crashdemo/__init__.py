"""A minimal service used to prove the outbox -> Kafka -> inbox path under SIGKILL.

The producer appends `counter.incremented` events (version 1, 2, 3… per counter) through the
event store and outbox; the relay and the consumer run as separate processes built from the
shared library's OutboxRelay, ConsumerRunner and InboxApplier. The consumer logs every
application without a uniqueness constraint, so a double apply would be visible, and records
any event that arrives out of order for its counter.
"""

from pydantic import ConfigDict

from fluxrate_common.app import ServiceSpec
from fluxrate_common.events import EventType, Payload, Topic

COUNTERS = Topic("crashdemo", "counter")


class CounterChange(Payload):
    model_config = ConfigDict(extra="allow")  # each proof puts what it needs in it


COUNTER_INCREMENTED = EventType("counter.incremented", COUNTERS, CounterChange,
                                "A test counter went up.", internal=True)
SPEC = ServiceSpec(name="crashdemo", package="tests.support.crashdemo", topics=(COUNTERS,))
CONSUMER = "tally"
