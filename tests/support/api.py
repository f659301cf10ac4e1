"""A thin HTTP client for end-to-end tests: what curl does, with an org's credentials."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""  # the body as sent (a PDF, a page)

    @property
    def error(self) -> dict[str, Any]:
        return self.body["error"]


class Api:
    """Requests as one caller: a session cookie, an API key, or nothing."""

    def __init__(self, base_url: str | Callable[[str, str], str], *, api_key: str | None = None,
                 cookies: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.cookies = dict(cookies or {})

    def with_key(self, api_key: str) -> Api:
        return Api(self.base_url, api_key=api_key)

    def anonymous(self) -> Api:
        return Api(self.base_url)

    async def request(self, method: str, path: str, json: Any = None, *, data: bytes | None = None,
                      params: dict[str, Any] | None = None,
                      headers: dict[str, str] | None = None) -> Reply:
        all_headers = dict(headers or {})
        if self.api_key is not None:
            all_headers.setdefault("X-API-Key", self.api_key)
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        timeout = aiohttp.ClientTimeout(total=30)
        base = self.base_url(method, path) if callable(self.base_url) else self.base_url
        async with aiohttp.ClientSession(timeout=timeout) as http, http.request(
                method, base + path, json=json, data=data, params=params,
                headers=all_headers) as response:
            raw = await response.read()
            is_json = raw and response.content_type in ("application/json", "application/octet-stream")
            body = await response.json(content_type=None) if is_json else None
            for morsel in response.cookies.values():
                if morsel.value:
                    self.cookies[morsel.key] = morsel.value
                else:
                    self.cookies.pop(morsel.key, None)
            return Reply(response.status, body, dict(response.headers), raw)

    async def get(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return await self.request("POST", path, json, **kwargs)

    async def put(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return await self.request("PUT", path, json, **kwargs)

    async def patch(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return await self.request("PATCH", path, json, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Reply:
        return await self.request("DELETE", path, **kwargs)


@dataclass
class Org:
    session: Api
    org_id: str
    email: str

    async def api_key(self, *scopes: str) -> str:
        reply = await self.session.post("/api/v1/api-keys",
                                        {"name": "test", "scopes": list(scopes or ("read", "write"))})
        assert reply.status == 201, reply.body
        return reply.body["key"]


async def signup(base_url: str | Callable[[str, str], str], org_name: str = "Acme") -> Org:
    email = f"owner-{uuid.uuid4().hex[:10]}@example.com"
    api = Api(base_url)
    reply = await api.post("/api/v1/auth/signup",
                           {"email": email, "password": PASSWORD, "org_name": org_name})
    assert reply.status == 201, reply.body
    return Org(api, reply.body["org"]["id"], email)
