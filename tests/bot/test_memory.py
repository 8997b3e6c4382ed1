"""What a serving process keeps in memory: none of the big packages it does not use (issue 11: under 200 MB RSS).

Checked by the modules a started app has imported, in a fresh interpreter: no timing, no RSS figure to flake.
pyarrow with numpy (~35 MB) is for Parquet exports; the LINE SDK's model packages (~30 MB) are for callers that
build pydantic messages, which the LINE channel does not.

One RSS figure, with a wide margin: what language detection adds once it has seen every language, short and
long. lingua's high-accuracy models took about 130 MB of it; its low-accuracy models with our telling words take
about 15 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "pyarrow",
    "numpy",
    "linebot.api",  # the deprecated v2 API (requests, v2 models): run by linebot/__init__.py
    "linebot.models",
    "linebot.v3.webhooks",  # every webhook model: run by linebot/v3/__init__.py
    "linebot.v3.messaging.models",  # every Messaging API model: run by linebot/v3/messaging/__init__.py
    "linebot.v3.messaging.api",
)

SERVE = """
import asyncio, json, sys
from bot.app import create_app
from bot.settings import load_settings
from storage.migrate import upgrade

settings = load_settings()
upgrade(settings.database_url)
app = create_app(settings)

async def main():
    async with app.router.lifespan_context(app):
        await asyncio.sleep(0.2)

asyncio.run(main())
print(json.dumps(sorted(sys.modules)))
"""


def run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTLINE_")}
    env.update(
        HOTLINE_DATABASE_URL=f"sqlite:///{tmp_path / 'hotline.db'}",
        HOTLINE_LINE_CHANNEL_SECRET="memory-test-secret",
        HOTLINE_LINE_CHANNEL_ACCESS_TOKEN="memory-test-token",
        HOTLINE_LINE_API_URL="http://127.0.0.1:9",  # nothing listens: the quota reading fails, as it may
        HOTLINE_PSEUDONYM_KEY="memory-test-pseudonym-key-long-enough",
        HOTLINE_LOG_LEVEL="error",
    )
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_started_line_hotline_has_not_loaded_pyarrow_nor_the_line_sdk_models(tmp_path: Path) -> None:
    result = run(SERVE, tmp_path)
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stdout.splitlines()[-1]))
    assert "bot.channels.line" in modules  # the LINE channel was built and started
    assert "linebot.v3.messaging.async_rest" in modules  # through the SDK's own REST client
    loaded = sorted(name for name in HEAVY if name in modules)
    assert loaded == []


DETECT = """
import json, sys
from pathlib import Path

def megabytes(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)

from handlers.language import detect_language

samples = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))["samples"]
before = megabytes("VmRSS")
# Every sample, then each language's samples as one long text (lingua treats 120 characters and more apart).
texts = [(locale, text) for locale, messages in samples.items() for text in [*messages, " ".join(messages)]]
right = {locale: 0 for locale in samples}
for locale, text in texts:
    right[locale] += detect_language(text) == locale
print(json.dumps({"right": right, "grown_mb": megabytes("VmHWM") - before}))
"""

# What detecting every language may add to a process: a serving process is about 130 MB without it (issue 11).
DETECTOR_BUDGET_MB = 30


def test_language_detection_in_every_language_stays_within_its_memory_budget(tmp_path: Path) -> None:
    samples = ROOT / "tests" / "data" / "language_samples.json"
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); sys.argv[1:] = [{str(samples)!r}]\n" + DETECT
    result = run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    # The detector did its work: most of each language's texts were told right, Latin script included.
    assert all(right >= 20 for right in figures["right"].values()), figures["right"]
    assert figures["grown_mb"] < DETECTOR_BUDGET_MB


def test_the_line_sdk_stays_whole_for_any_other_importer(tmp_path: Path) -> None:
    code = """
import json
import bot.channels.line
from linebot.v3.messaging import AsyncApiClient, TextMessage
from linebot.v3 import SignatureValidator
import linebot
import linebot.v3.messaging
print(json.dumps([
    TextMessage(text="hi").to_dict(),
    linebot.LineBotApi.__name__,
    linebot.v3.messaging.PushMessageRequest.__name__,
    AsyncApiClient.__name__,
    SignatureValidator("secret").validate("{}", "x"),
]))
"""
    result = run(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"type": "text", "text": "hi"},
        "LineBotApi",
        "PushMessageRequest",
        "AsyncApiClient",
        False,
    ]
