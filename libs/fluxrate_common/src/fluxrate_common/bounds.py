"""What every edge accepts, defined once: whatever passes here can always be stored, published
and priced, so no record accepted from one tenant can later stop a stage for the others.

The numeric domain (why these numbers):

- a usage quantity (or the value a meter reads) is at most 10^15 with at most 12 decimals: a
  petabyte in bytes, a quadrillion calls, in one event;
- a price (unit price, flat fee, fixed charge) is at most 10^9 with at most 12 decimals;
- a limit (a feature's limit, a tier's `up_to`) is at most 10^18 with at most 12 decimals;
- so a period's usage (at most ~10^9 events a customer and meter: 10^24) times a price is
  below 10^33 with at most 24 decimals: 57 significant digits, computed in `EXACT` (100
  digits, every inexact or overflowing operation an error rather than a silent rounding) and
  stored in PostgreSQL `numeric`, which holds 131,072 digits before the point. Amounts are
  rounded once per line to the currency's minor unit.

Text is stored in PostgreSQL, which refuses NUL, and encoded as UTF-8, which refuses lone
surrogates; JSON bags (metadata, properties) travel on Kafka inside one message, so they are
small, shallow, and their integers fit the 64 bits every JSON library handles.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from typing import Annotated, Any

import orjson
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

MAX_QUANTITY = Decimal(10**15)
MAX_PRICE = Decimal(10**9)
MAX_LIMIT = Decimal(10**18)
MAX_MONEY = Decimal(10**36)
SCALE = 12  # decimals at most, in every number above

EXACT = Context(prec=100, traps=[InvalidOperation, DivisionByZero, Overflow])
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)

MAX_BAG_BYTES = 8 * 1024
MAX_BAG_DEPTH = 5
MAX_BAG_KEYS = 100
INT64 = (-(2**63), 2**63 - 1)


def exact() -> Any:
    """`with exact():` sums and products of bounded numbers never round silently."""
    return localcontext(EXACT)


def _decimal(maximum: Decimal, *, positive: bool = False) -> Any:
    lower = {"gt": 0} if positive else {"ge": 0}
    return Field(**lower, le=maximum, decimal_places=SCALE, allow_inf_nan=False)


Quantity = Annotated[Decimal, _decimal(MAX_QUANTITY, positive=True)]
MeterValue = Annotated[Decimal, _decimal(MAX_QUANTITY)]
Price = Annotated[Decimal, _decimal(MAX_PRICE)]
Limit = Annotated[Decimal, _decimal(MAX_LIMIT)]
TierBound = Annotated[Decimal, _decimal(MAX_LIMIT, positive=True)]
Money = Annotated[Decimal, _decimal(MAX_MONEY)]
Int64 = Annotated[int, Field(ge=INT64[0], le=INT64[1])]


def _not_a_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


# Units in one package of a package-priced charge: a whole count, within a limit's range.
PackageSize = Annotated[int, BeforeValidator(_not_a_boolean), Field(gt=0, le=int(MAX_LIMIT))]


def unstorable_reason(text: str) -> str | None:
    if "\x00" in text:
        return "must not contain NUL characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode (a lone surrogate is not)"
    return None


def _storable(text: str) -> str:
    reason = unstorable_reason(text)
    if reason is not None:
        raise ValueError(reason)
    return text


def Text(max_length: int, min_length: int = 0) -> Any:
    """A string of at most `max_length` characters that PostgreSQL and UTF-8 can hold."""
    return Annotated[str, Field(min_length=min_length, max_length=max_length),
                     AfterValidator(_storable)]


def _in_range(moment: datetime) -> datetime:
    if moment.tzinfo is not UTC and moment.utcoffset() == _NO_OFFSET:
        # The same instant under the standard UTC tzinfo (JSON spells it the same): comparing
        # it with the server's clock then takes datetime's fast path, not a call per operand.
        moment = moment.replace(tzinfo=UTC)
    if not EARLIEST <= moment < LATEST:
        raise ValueError(f"must be between {EARLIEST.year} and {LATEST.year - 1}")
    return moment


_NO_OFFSET = timedelta(0)


def _iso_text_in_c(value: Any) -> Any:
    """ISO 8601 text parsed by the standard library, in C, with its own UTC: several times
    cheaper on the ingest hot path than pydantic's datetime, which pays a Python call to
    compare or to swap its tzinfo. Anything it does not read is left to pydantic (and its
    error message)."""
    if type(value) is str:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return value


def _day_as_midnight(value: Any) -> Any:
    """A plain date (`2026-01-31`) means midnight UTC of that day."""
    if isinstance(value, str) and len(value) == 10:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value


Moment = Annotated[AwareDatetime, BeforeValidator(_iso_text_in_c), AfterValidator(_in_range)]
MomentOrDay = Annotated[AwareDatetime, BeforeValidator(_day_as_midnight), AfterValidator(_in_range)]


def bag_problem(bag: dict[str, Any]) -> str | None:
    """Why a JSON bag cannot be kept (too big, too deep, unstorable), or None."""
    if len(bag) > MAX_BAG_KEYS:
        return f"at most {MAX_BAG_KEYS} keys"
    problem = _node_problem(bag, 1)
    if problem is not None:
        return problem
    if len(orjson.dumps(bag, default=str)) > MAX_BAG_BYTES:
        return f"at most {MAX_BAG_BYTES} bytes of JSON"
    return None


def _node_problem(node: Any, depth: int) -> str | None:
    if depth > MAX_BAG_DEPTH:
        return f"at most {MAX_BAG_DEPTH} levels deep"
    if isinstance(node, dict):
        for key, value in node.items():
            problem = (unstorable_reason(key) and f"key {key!r}: {unstorable_reason(key)}"
                       ) or _node_problem(value, depth + 1)
            if problem:
                return problem
    elif isinstance(node, list):
        for value in node:
            if problem := _node_problem(value, depth + 1):
                return problem
    elif isinstance(node, str):
        return unstorable_reason(node)
    elif isinstance(node, int) and not isinstance(node, bool) and not INT64[0] <= node <= INT64[1]:
        return "integers must fit in 64 bits"
    elif isinstance(node, Decimal) and not node.is_finite():
        return "numbers must be finite"
    return None


def _bag(bag: dict[str, Any]) -> dict[str, Any]:
    problem = bag_problem(bag)
    if problem is not None:
        raise ValueError(problem)
    return bag


Bag = Annotated[dict[str, Any], AfterValidator(_bag)]

# A JSON body can only carry an unstorable string as an escape (\u0000, a lone \ud800) and an
# integer too wide for 64 bits as a long digit run: a scan of the raw bytes in C finds the
# bodies worth walking, so the hot path pays nothing for the check.
SUSPICIOUS_JSON = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])|\d{19}")


def first_unstorable(node: Any, path: str = "") -> tuple[str, str] | None:
    """(field path, reason) of the first string or integer in a parsed JSON document that
    cannot be stored, or None."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            reason = unstorable_reason(key)
            if reason is not None:
                return where, f"key {reason}"
            if found := first_unstorable(value, where):
                return found
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if found := first_unstorable(value, f"{path}[{index}]"):
                return found
    elif isinstance(node, str):
        reason = unstorable_reason(node)
        return (path, reason) if reason else None
    elif isinstance(node, int) and not isinstance(node, bool) and not INT64[0] <= node <= INT64[1]:
        return path, "integers must fit in 64 bits"
    return None
