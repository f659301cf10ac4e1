"""Kafka's default partitioning (murmur2 of the key), computed once per key.

aiokafka's murmur2 is pure Python (~30 µs a key); the hot path asks for the same few
thousand keys over and over, so the answer is cached by what the key is made of (building
the key's bytes for every lookup would cost more than the lookup).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from aiokafka.partitioner import murmur2


class KeyPartitioner:
    def __init__(self, key_of: Callable[..., bytes], max_keys: int = 200_000) -> None:
        self._key_of = key_of
        self._cache: dict[tuple[Hashable, int], int] = {}
        self._max_keys = max_keys

    def partition(self, parts: tuple[Hashable, ...], partitions: int) -> int:
        """The partition Kafka's default partitioner would choose for the key `key_of(*parts)`."""
        cached = self._cache.get((parts, partitions))
        if cached is None:
            if len(self._cache) >= self._max_keys:
                self._cache.clear()
            key = self._key_of(*parts)
            cached = self._cache[(parts, partitions)] = (murmur2(key) & 0x7FFFFFFF) % partitions
        return cached
