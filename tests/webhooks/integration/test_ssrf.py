"""Deliveries never reach inside the network: with private targets not allowed (production),
an endpoint naming a private, loopback or link-local address is refused (422 naming `url`), a
name that resolves to one gets no request (the attempt says why), redirects are not followed,
answers are read only so far, and a hanging answer ends at the timeout."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from fluxrate_webhooks.sender import Sender
from tests.support import webhooks
from tests.support.api import signup
from tests.support.processes import eventually
from tests.support.receiver import Receiver
from tests.support.services import start_services
from tests.support.stack import ServerStack

PRIVATE = ["http://127.0.0.1:{port}/hook", "http://[::1]:{port}/hook", "http://10.0.0.8/hook",
           "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]:{port}/",
           "http://192.168.1.10:8080/", "http://0.0.0.0:{port}/", "http://[fe80::1]/"]


async def test_private_targets_are_refused_by_the_service(stack: ServerStack, tmp_path) -> None:
    environment = await stack.new_environment(**{**webhooks.FAST,
                                                 "FLUXRATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS": "false"})
    services = await start_services(environment, ["identity", "webhooks"], tmp_path)
    receiver = await Receiver().start()
    try:
        org = await signup(services.url_for)
        for url in PRIVATE:
            reply = await org.session.post("/api/v1/webhook-endpoints", {
                "url": url.format(port=receiver.port), "event_types": ["*"]})
            assert reply.status == 422 and reply.error["field"] == "url", (url, reply.body)
        # A name is checked when it resolves: localhost is a loopback address.
        named = await webhooks.endpoint(org, f"http://localhost:{receiver.port}/hook")
        path = f"/api/v1/webhook-endpoints/{named['id']}"
        moved = await org.session.patch(path, {"url": f"http://127.0.0.1:{receiver.port}/hook"})
        assert moved.status == 422 and moved.error["field"] == "url"
        assert (await org.session.post(f"{path}/test")).status == 202

        async def refused_attempt() -> dict | None:
            data = (await org.session.get(f"{path}/deliveries")).body["data"]
            attempts = data[0]["attempts"] if data else []
            return attempts[0] if attempts else None

        attempt = await eventually(refused_attempt, timeout=60)
        assert attempt["status_code"] is None and "refused" in attempt["error"]
        assert "127.0.0.1" in attempt["error"] or "::1" in attempt["error"]
        assert receiver.received == []
    finally:
        await receiver.stop()
        services.stop()


@pytest.fixture
async def sender():
    sending = Sender(timeout=1.0, max_response_bytes=2048, allow_private=True)
    await sending.start()
    yield sending
    await sending.close()


async def test_a_redirect_is_an_answer_not_a_place_to_go(sender: Sender) -> None:
    target = await Receiver().start()

    async def redirect(_: int, __: bytes) -> int:
        raise web.HTTPFound(target.url)

    redirecting = await Receiver(redirect).start()
    try:
        outcome = await sender.send(redirecting.url, {"webhook-id": "msg_1"}, b"{}")
        assert outcome.status_code == 302 and not outcome.succeeded
        assert target.received == []
    finally:
        await redirecting.stop()
        await target.stop()


async def test_a_huge_answer_is_read_only_so_far(sender: Sender) -> None:
    app = web.Application()

    async def flood(_: web.Request) -> web.StreamResponse:
        return web.Response(body=b"x" * (20 * 1024 * 1024))

    app.router.add_post("/hook", flood)
    runner = web.AppRunner(app)
    await runner.setup()
    port = Receiver().port
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        outcome = await sender.send(f"http://127.0.0.1:{port}/hook", {}, b"{}")
        assert outcome.succeeded and len(outcome.excerpt) == 1000 and set(outcome.excerpt) == {"x"}
    finally:
        await runner.cleanup()


async def test_an_answer_after_the_timeout_is_a_failure(sender: Sender) -> None:
    async def late(_: int, __: bytes) -> int:
        await asyncio.sleep(3)
        return 200

    receiver = await Receiver(late).start()
    try:
        outcome = await sender.send(receiver.url, {}, b"{}")
        assert not outcome.succeeded and outcome.error == "timed out after 1 s"
    finally:
        await receiver.stop()


async def test_a_name_resolving_to_loopback_is_refused_before_connecting() -> None:
    receiver = await Receiver().start()
    strict = Sender(timeout=1.0, max_response_bytes=2048, allow_private=False)
    await strict.start()
    try:
        for url in (f"http://localhost:{receiver.port}/hook", receiver.url):
            outcome = await strict.send(url, {}, b"{}")
            assert not outcome.succeeded and outcome.error.startswith("refused"), outcome
        assert receiver.received == []
    finally:
        await strict.close()
        await receiver.stop()
