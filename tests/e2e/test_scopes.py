"""Scopes on every declared endpoint: GET needs `read`, writes need `write`, key management
needs a session, the operator routes take the operator token and nothing an org holds, and the
customer portal a portal token. Generated from the routes the services declare."""

from __future__ import annotations

import re
import uuid

from fluxrate_platform.services import SERVICES
from tests.support.api import signup
from tests.support.platform import RunningPlatform

_PARAM = re.compile(r"{(\w+)(?::[^}]*)?}")


def _concrete(path: str) -> str:
    return _PARAM.sub(lambda _: str(uuid.uuid4()), path)


async def test_every_endpoint_enforces_scopes_and_session_rules(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    read_only = org.session.with_key(await org.api_key("read"))
    write_only = org.session.with_key(await org.api_key("write"))
    failures = []
    for entry in SERVICES.values():
        for spec in entry.spec.routes.specs if entry.spec.routes else []:
            if spec.auth == "none":
                continue
            path = _concrete(spec.path)
            if spec.auth == "portal":  # a portal token only: the org's own keys open nothing
                for caller in (read_only, write_only, org.session, org.session.anonymous()):
                    reply = await caller.request(spec.method, path)
                    if reply.status != 401 or reply.error["code"] != "portal_token_required":
                        failures.append((spec.method, spec.path, reply.status, reply.body))
                continue
            if spec.auth == "operator":
                callers = [(read_only, "invalid_operator_token"), (write_only, "invalid_operator_token")]
            elif spec.auth == "session":
                callers = [(read_only, "session_required"), (write_only, "session_required")]
            elif spec.scope == "write":
                callers = [(read_only, "insufficient_scope")]
            else:
                callers = [(write_only, "insufficient_scope")]
            for caller, code in callers:
                reply = await caller.request(spec.method, path, {})
                expected = 401 if spec.auth == "operator" else 403
                if reply.status != expected or reply.error["code"] != code:
                    failures.append((spec.method, spec.path, reply.status, reply.body))
            anonymous = await org.session.anonymous().request(spec.method, path, {})
            if anonymous.status != 401:
                failures.append((spec.method, spec.path, "anonymous", anonymous.status))
    assert not failures
