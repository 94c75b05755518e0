"""What browser tests share: the stack's accounts, signing in, and screenshots."""

import re
from dataclasses import dataclass
from pathlib import Path

import httpx
from playwright.sync_api import Page

from tests.fixtures.dev import DevStack

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"


@dataclass
class Account:
    username: str
    password: str


@dataclass
class UiStack:
    dev: DevStack
    admin: Account
    viewer: Account

    @property
    def base_url(self) -> str:
        return self.dev.base_url

    def api(self, username: str = "admin") -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers=self.dev.token(username), timeout=30)


def log_in(page: Page, account: Account, path: str = "/assets") -> None:
    page.goto(path)
    page.get_by_label("Username").fill(account.username)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(path) + r"$"))


def screenshot(page: Page, name: str) -> Path:
    """A full-window picture of the page for docs/screenshots/ (kept in the repository)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
