"""The console in a real browser: Playwright driving Debian's chromium (never a downloaded browser) against a live
server on 127.0.0.1. Each page is screenshotted under the test's tmp_path and checked: it renders, the browser
logged no console errors, and the text that matters is there."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, sync_playwright

from interlock.service.api.app import create_app
from tests.conftest import ALPHA_KEY, BETA_KEY, bearer
from tests.live_server import live_server
from tests.test_console import approval_handoff, console_runtime  # noqa: F401 - the fixture, with console keys


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("Debian's chromium is missing: apt-get install chromium (.ci/run does)")
    return found


@pytest.fixture
def live(console_runtime):  # noqa: F811
    with live_server(create_app(console_runtime)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where chromium's sandbox cannot start.
        launched = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        yield launched
        launched.close()


class Watched:
    """A browser page whose console errors and uncaught exceptions are collected."""

    def __init__(self, browser, shots: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.shots = shots

    def shot(self, name: str, *texts: str) -> Path:
        """Screenshot the page and check its basics: it rendered, no console errors, the key texts are there."""
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        data = path.read_bytes()
        width, height = struct.unpack(">II", data[16:24])  # the PNG's IHDR
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and width == 1280 and height >= 300 and len(data) > 8000
        assert self.errors == [], f"{name}: console errors {self.errors}"
        body = self.page.inner_text("body")
        for text in texts:
            assert text in body, f"{name}: {text!r} not on the page"
        return path

    def sign_in(self, base: str, key: str, lands: str = "decisions") -> None:
        self.page.goto(f"{base}/console/login")
        self.page.fill("input[name=key]", key)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{base}/console/{lands}")


def say(base: str, key: str, bot: str, text: str) -> str:
    body = {"model": bot, "messages": [{"role": "user", "content": text}]}
    response = httpx.post(f"{base}/v1/chat/completions", json=body, headers=bearer(key), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["decision_id"]


def test_auditor_signs_in_filters_reads_why_trends_and_verifies_the_chain(live, browser, tmp_path):
    handed = say(live, ALPHA_KEY, "alpha-bot", "I want to talk to a human, my email is ann@example.com")
    refund = say(live, ALPHA_KEY, "alpha-bot", "I want a refund")
    say(live, ALPHA_KEY, "alpha-bot", "hello")
    tab = Watched(browser, tmp_path)
    tab.page.goto(f"{live}/console")
    tab.page.wait_for_url(f"{live}/console/login")
    tab.shot("login", "Sign in to the Interlock console", "Console key")
    tab.sign_in(live, "ck-alpha-auditor")
    tab.shot("decisions", "Decisions of alpha", handed, refund, "alpha auditor")

    tab.page.select_option("select[name=route]", "handoff")
    tab.page.click("#filters button[type=submit]")
    tab.page.wait_for_url("**route=handoff**")
    rows = tab.page.inner_text("#decisions tbody")
    assert handed in rows and refund not in rows
    tab.shot("decisions-filtered", handed)

    tab.page.click(f"text={handed}")
    tab.page.wait_for_url(f"{live}/console/decisions/{handed}")
    assert tab.page.locator("mark").count() >= 2  # the handoff request and the email, at their offsets
    tab.shot("why", "The turn as sent", "Rules, in evaluation order", "handoff.requested", "condition false",
             "Place in the chain", "Model output and what was sent")

    tab.page.click("text=Trends")
    tab.page.wait_for_url(f"{live}/console/trends")
    assert tab.page.locator("svg.chart").count() == 6
    tab.shot("trends", "Route mix", "Refusal rate per bot", "Latency per stage", "Top rules fired")

    tab.page.click("text=Chain")
    tab.page.wait_for_url(f"{live}/console/chain")
    tab.page.click("#verify button[type=submit]")
    tab.page.wait_for_selector("text=The chain verifies up to its head.")
    tab.shot("chain", "Chain status of alpha", "Signed checkpoints")
    tab.context.close()


def test_a_tenants_auditor_cannot_open_another_tenants_decision(live, browser, tmp_path):
    theirs = say(live, BETA_KEY, "beta-bot", "talk to a human please")
    tab = Watched(browser, tmp_path)
    tab.sign_in(live, "ck-alpha-auditor")
    assert theirs not in tab.page.inner_text("body")
    response = tab.page.goto(f"{live}/console/decisions/{theirs}")
    assert response.status == 404 and "decision_not_found" in tab.page.inner_text("body")
    response = tab.page.goto(f"{live}/console/decisions?tenant=beta")
    assert response.status == 404
    tab.errors.clear()  # the browser logs each 404 it was sent to; those were the point
    tab.shot("refused", "tenant_not_found")
    tab.context.close()

    other = Watched(browser, tmp_path)
    other.sign_in(live, "ck-all-auditor")
    other.page.goto(f"{live}/console/decisions/{theirs}")
    other.shot("all-tenants-why", theirs, "beta-bot")
    other.context.close()


def test_an_agent_claims_and_resolves_a_handoff_and_approves_a_tool_call(live, browser, tmp_path, console_runtime):  # noqa: F811
    handed = say(live, ALPHA_KEY, "alpha-bot", "I want to talk to a human about my order")
    pending = approval_handoff(console_runtime)
    tab = Watched(browser, tmp_path)
    tab.sign_in(live, "ck-alpha-agent", lands="inbox")
    rows = tab.page.inner_text("#inbox tbody")
    assert rows.index(pending) < rows.index(handed)  # high priority before normal
    tab.shot("inbox", "Handoff inbox of alpha", handed, pending, "tool_approval (approval)")

    tab.page.click(f"text={handed}")
    tab.page.wait_for_url(f"{live}/console/inbox/{handed}")
    tab.page.click("#claim")
    tab.page.wait_for_selector("#resolve")
    tab.page.fill("textarea[name=note]", "Called the customer back; order found.")
    tab.page.click("#resolve")
    tab.page.wait_for_selector("#done")
    tab.shot("inbox-resolved", "This handoff is resolved.", "Called the customer back; order found.",
             "I want to talk to a human about my order", "Why it was handed off")

    tab.page.goto(f"{live}/console/inbox/{pending}")
    tab.page.click("#claim")
    tab.page.wait_for_selector("#approve")
    tab.page.click("#approve")
    tab.page.wait_for_selector("#done")
    tab.shot("inbox-approved", "This handoff is approved.", "refund.issue", "approve")
    tab.context.close()
