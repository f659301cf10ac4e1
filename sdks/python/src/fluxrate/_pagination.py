"""List results: iterate them and the SDK follows `next_cursor` page after page, lazily."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, Callable, Generic, Optional, TypeVar

T = TypeVar("T")
PageData = tuple[list[Any], Optional[str]]


class Page(Generic[T]):
    """`for item in client.meters.list(): ...` fetches pages as the loop needs them."""

    def __init__(self, fetch: Callable[[Optional[str]], PageData]) -> None:
        self._fetch = fetch

    def __iter__(self) -> Iterator[T]:
        cursor: Optional[str] = None
        while True:
            items, cursor = self._fetch(cursor)
            yield from items
            if not cursor:
                return

    def to_list(self) -> list[T]:
        return list(self)


class AsyncPage(Generic[T]):
    """`async for item in client.meters.list(): ...`"""

    def __init__(self, fetch: Callable[[Optional[str]], Awaitable[PageData]]) -> None:
        self._fetch = fetch

    async def __aiter__(self) -> AsyncIterator[T]:
        cursor: Optional[str] = None
        while True:
            items, cursor = await self._fetch(cursor)
            for item in items:
                yield item
            if not cursor:
                return

    async def to_list(self) -> list[T]:
        return [item async for item in self]
