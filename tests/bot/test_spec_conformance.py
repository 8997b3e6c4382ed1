"""Every request body the bot sends, checked against the platforms' published specifications.

The specs live in ../shared/specs (outside the repository); without them these tests skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from bot.sandbox.fake_line import FakeLineApi
from bot.sandbox.fake_telegram import FakeTelegramApi
from tests.bot.conftest import Running, line_body, line_event

SPECS = Path(__file__).parents[2].parent / "shared" / "specs"
pytestmark = pytest.mark.skipif(not SPECS.is_dir(), reason=f"platform specs not found at {SPECS}")

LINE_REQUESTS = {"/v2/bot/message/reply": "ReplyMessageRequest", "/v2/bot/message/push": "PushMessageRequest"}


def _discriminator(validator: Any, discriminator: dict[str, Any], instance: Any, schema: Any) -> Iterator[Any]:
    # OpenAPI 3 picks the concrete schema by a property; jsonschema does not know the keyword.
    if not isinstance(instance, dict):
        return
    if id(instance) in _CHOSEN:  # the concrete schema's allOf leads back to the base: checked already
        return
    target = discriminator.get("mapping", {}).get(instance.get(discriminator["propertyName"]))
    if target is None:
        yield ValidationError(f"unknown {discriminator['propertyName']} {instance.get('type')!r}")
        return
    _CHOSEN.add(id(instance))
    try:
        yield from validator.descend(instance, {"$ref": target})
    finally:
        _CHOSEN.discard(id(instance))


_CHOSEN: set[int] = set()


def line_validator(name: str) -> Any:
    import yaml

    spec = yaml.safe_load((SPECS / "line-messaging-api.yml").read_text())
    registry: Registry[Any] = Registry().with_resource("urn:line", Resource.from_contents(spec, DRAFT4))
    openapi = validators.extend(Draft4Validator, {"discriminator": _discriminator})
    return openapi({"$ref": f"urn:line#/components/schemas/{name}"}, registry=registry)


_TELEGRAM_TYPES: dict[str, type | tuple[type, ...]] = {
    "Integer": int,
    "String": str,
    "Boolean": bool,
    "Float": (int, float),
}


def telegram_problems(method: str, body: dict[str, Any]) -> list[str]:
    spec = json.loads((SPECS / "telegram-bot-api.json").read_text())
    methods = {name.lower(): value for name, value in spec["methods"].items()}
    fields = {f["name"]: f for f in methods[method.lower()].get("fields", [])}
    problems = [f"{method}: unknown field {key}" for key in body if key not in fields]
    problems += [f"{method}: missing {n}" for n, f in fields.items() if f["required"] and n not in body]
    for key, value in body.items():
        if key not in fields:
            continue
        allowed = fields[key]["types"]
        ok = any(
            isinstance(value, _TELEGRAM_TYPES[t]) if t in _TELEGRAM_TYPES else isinstance(value, dict | list)
            for t in allowed
        )
        if not ok:
            problems.append(f"{method}: {key} is {type(value).__name__}, spec says {allowed}")
    return problems


async def test_every_line_request_matches_the_messaging_api(
    running: Running, fake_line: tuple[FakeLineApi, str]
) -> None:
    fake = fake_line[0]
    user = fake.add_user("Mai")
    texts = ["hello", "buttons 5", "buttons 30", "long 11000", "push me"]
    for number, text in enumerate(texts):
        token = fake.issue_reply_token(user) if text != "push me" else None
        extra = {"replyToken": token} if token else {}
        message = {"type": "text", "id": str(number), "text": text}
        await running.post_line(line_body(line_event("message", user, f"ev-{number}", message=message, **extra)))
        await running.drain()

    checked = 0
    for request in fake.requests:
        name = LINE_REQUESTS.get(request.path)
        if name is None:
            continue
        errors = [e.message for e in line_validator(name).iter_errors(request.body)]
        assert errors == [], f"{request.path}: {errors}"
        assert request.status == 200
        checked += 1
    assert {r.path for r in fake.requests} == set(LINE_REQUESTS)
    assert checked == 5


async def test_every_telegram_request_matches_the_bot_api(
    running: Running, fake_telegram: tuple[FakeTelegramApi, str]
) -> None:
    fake = fake_telegram[0]
    chat = 777
    for text in ("hello", "buttons 3", "long 5000"):
        await running.post_telegram(fake.text_update(chat, text))
        await running.drain()
    shown = fake.delivered[chat][1]
    await running.post_telegram(fake.callback_update(chat, shown["message_id"], "opt:0"))
    await running.process()  # processing reads the tap and answers it
    await running.state.channels["telegram"].stop()  # waits for the callback answer
    await running.state.channels["telegram"].start()

    methods = set()
    for request in fake.requests:
        method = request.path.rsplit("/", 1)[-1]
        methods.add(method)
        assert telegram_problems(method, request.body or {}) == []
    assert {"sendMessage", "answerCallbackQuery"} <= methods


def test_the_line_check_catches_what_line_would_refuse() -> None:
    validator = line_validator("PushMessageRequest")
    items = [{"type": "action", "action": {"type": "postback", "label": "x", "data": "x"}}] * 14
    too_many = {"to": "U" + "0" * 32, "messages": [{"type": "text", "text": "x", "quickReply": {"items": items}}]}
    no_text = {"to": "U" + "0" * 32, "messages": [{"type": "text"}]}
    assert list(validator.iter_errors(too_many))
    assert list(validator.iter_errors(no_text))
    assert telegram_problems("sendMessage", {"chat_id": 1, "txt": "x"}) == [
        "sendMessage: unknown field txt",
        "sendMessage: missing text",
    ]
