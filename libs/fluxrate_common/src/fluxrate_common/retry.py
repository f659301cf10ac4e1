"""Failures worth retrying as they are: a dependency (the broker, another service) briefly
away. A consumer retries a batch that raised one instead of dead-lettering its records."""

from __future__ import annotations


class TransientError(Exception):
    pass
