"""Kafka's default partitioning (murmur2 of the key), computed once per key.

aiokafka's murmur2 is pure Python (~30 µs a key); the hot path asks for the same few
thousand keys over and over, so the answer is cached.
"""

from __future__ import annotations

from aiokafka.partitioner import murmur2


class KeyPartitioner:
    def __init__(self, max_keys: int = 200_000) -> None:
        self._cache: dict[tuple[bytes, int], int] = {}
        self._max_keys = max_keys

    def partition(self, key: bytes, partitions: int) -> int:
        """The partition Kafka's default partitioner would choose for `key`."""
        cached = self._cache.get((key, partitions))
        if cached is None:
            if len(self._cache) >= self._max_keys:
                self._cache.clear()
            cached = self._cache[(key, partitions)] = (murmur2(key) & 0x7FFFFFFF) % partitions
        return cached
