from __future__ import annotations

import pytest

from fluxrate_common.errors import ValidationFailed
from fluxrate_identity.domain.passwords import check_password


@pytest.mark.parametrize(("password", "code"), [
    ("short", "password_too_short"),
    ("x" * 257, "password_too_long"),
    ("Password123", "password_too_common"),
    ("abababababab", "password_too_common"),
    ("my-janedoe-secret", "password_contains_email"),
])
def test_weak_passwords_name_the_rule(password: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        check_password(password, "janedoe@example.com")
    assert error.value.code == code and error.value.field == "password"


@pytest.mark.parametrize("password", ["correct horse battery", "Tr0ub4dor&3xyz", "ñandú-en-la-pampa"])
def test_good_passwords_pass(password: str) -> None:
    check_password(password, "janedoe@example.com")
