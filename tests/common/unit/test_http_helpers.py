from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from fluxrate_common.http.errors import ValidationFailed
from fluxrate_common.http.json import dumps
from fluxrate_common.http.pagination import decode_cursor, encode_cursor, page
from fluxrate_common.http.validation import field_path, parse_model


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantity: Decimal = Field(gt=0)


class Batch(BaseModel):
    events: list[Item]


@pytest.mark.parametrize(("loc", "path"), [
    (("events", 3, "quantity"), "events[3].quantity"),
    (("name",), "name"),
    ((0,), "[0]"),
])
def test_an_error_location_becomes_the_field_path_the_api_names(loc: tuple, path: str) -> None:
    assert field_path(loc) == path


def test_validation_error_names_the_nested_field() -> None:
    with pytest.raises(ValidationFailed) as error:
        parse_model(Batch, {"events": [{"quantity": 1}, {"quantity": 0}]})
    assert error.value.status == 422
    assert error.value.field == "events[1].quantity"


def test_unknown_and_missing_fields_are_named() -> None:
    with pytest.raises(ValidationFailed) as error:
        parse_model(Item, {"quantity": 1, "qty": 2})
    assert error.value.field == "qty" and "not a known field" in error.value.message
    with pytest.raises(ValidationFailed) as error:
        parse_model(Item, {})
    assert error.value.field == "quantity" and "required" in error.value.message


def test_a_non_object_body_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        parse_model(Item, [1, 2])


def test_decimals_serialise_as_exact_strings() -> None:
    assert dumps({"amount": Decimal("0.10")}) == b'{"amount":"0.10"}'
    assert dumps({"amount": Decimal("1E+2")}) == b'{"amount":"100"}'


def test_cursor_round_trip_and_tampering() -> None:
    cursor = encode_cursor("2026-01-01T00:00:00Z", "abc")
    assert decode_cursor(cursor, 2) == ["2026-01-01T00:00:00Z", "abc"]
    with pytest.raises(ValidationFailed) as error:
        decode_cursor("not-a-cursor", 2)
    assert error.value.field == "cursor"


def test_page_uses_the_extra_row_only_to_know_there_is_more() -> None:
    rows = [{"id": i} for i in range(4)]
    result = page(rows, 3, key=lambda row: (row["id"],))
    assert [r["id"] for r in result["data"]] == [0, 1, 2]
    assert decode_cursor(result["next_cursor"], 1) == [2]
    assert page(rows[:2], 3, key=lambda row: (row["id"],))["next_cursor"] is None
