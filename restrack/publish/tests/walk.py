"""Walking the tracker as a person does, in Debian's chromium: what the walking suites
(restrack/publish/tests/test_browser_walk.py, restrack/reporting/tests/test_browser_walk_cycle.py)
check on every page they visit.

- `Watch` listens to a browser context: console errors and uncaught exceptions, requests to any
  host but the live server's (aborted, so nothing leaves the machine), and dialogs (a "Leave
  site?" prompt is a problem; a confirm() is accepted as the person would).
- `look(page, watch, name)` checks the page in front of it: charts drawn, axe-core (vendored in
  assets/axe.min.js) with no serious or critical violation, no horizontal overflow
  (document.scrollingElement.scrollWidth <= innerWidth, naming what sticks out), in a wide window
  no table cut off inside a box that scrolls sideways, and what `watch` saw; it keeps a full-page screenshot in var/screenshots/walk/<name>.png and returns the problems
  by check.
- `Links` gathers the internal links of every page looked at and fetches each unique one once
  through the page's request context (the same cookies), expecting 200 at the end of redirects.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from restrack.publish.tests.test_browser import SCREENSHOTS

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
WALK_SCREENSHOTS = SCREENSHOTS / "walk"
WIDTHS = {1280: 900, 390: 844}  # width: height of the window
WIDE = 1200  # from this width on, no table may need scrolling sideways
CHART_TIMEOUT_MS = 15_000

# Every rule axe-core runs by default (WCAG 2.0, 2.1, 2.2 A and AA, and its best practices);
# only serious and critical violations fail.
AXE_RUN = """async ([rules, exclude]) => {
  const options = {resultTypes: ['violations']};
  if (rules) options.runOnly = {type: 'rule', values: rules};
  const result = await axe.run({include: [['html']], exclude: exclude.map(e => [e])}, options);
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ')), count: v.nodes.length,
  }));
}"""

# What sticks out sideways: the outermost elements wider than the window (an element whose parent
# fits), so the message names the table or word to fix rather than all its children.
OVERFLOW = """() => {
  const width = window.innerWidth, scroll = document.scrollingElement.scrollWidth;
  if (scroll <= width) return null;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  const out = e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); };
  const culprits = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (!out(e) || (e.parentElement && e.parentElement !== document.body && out(e.parentElement))) continue;
    const r = e.getBoundingClientRect();
    culprits.push(`${name(e)} [${Math.round(r.left)}..${Math.round(r.right)}] "${(e.innerText || '').trim().slice(0, 40)}"`);
    if (culprits.length >= 5) break;
  }
  return {scroll, width, culprits};
}"""


# Tables cut off in a wide window: a box that scrolls (or hides) sideways around a table wider
# than itself, which on a 1,280 px screen means a column the person does not see.
CLIPPED = """() => {
  const found = [];
  for (const e of document.querySelectorAll('main *')) {
    const x = getComputedStyle(e).overflowX;
    if (x === 'visible' || e.scrollWidth <= e.clientWidth + 1 || !e.querySelector('table')) continue;
    const t = e.querySelector('table');
    const head = (t.querySelector('caption, th') || t).innerText.trim().slice(0, 40);
    found.push(`table "${head}" is ${e.scrollWidth} px wide in a ${e.clientWidth} px box (overflow-x: ${x})`);
  }
  return found;
}"""

# Markup drawn by vendored third-party applications, left out of axe's run: Swagger UI draws the
# API's documentation (its operations are buttons holding buttons, its greys fail contrast), which
# is not ours to rewrite; the page around it (language, title) is checked.
THIRD_PARTY = ["#swagger-ui"]

# In a phone-wide window axe runs only the rules whose result the layout changes; the page's
# markup is checked by every rule in the wide window.
AXE_LAYOUT_RULES = ["color-contrast", "target-size", "scrollable-region-focusable", "meta-viewport"]


class Watch:
    """What happens behind the pages of one browser context (see the module's docstring)."""

    def __init__(self, context, base_url: str):
        self.host = urlsplit(base_url).netloc
        self.console: list[str] = []
        self.outside: list[str] = []
        self.leave_prompts: list[str] = []
        self.confirms: list[str] = []
        context.route(lambda url: urlsplit(url).netloc != self.host, self._abort)
        context.on("console", self._console)
        context.on("weberror", lambda error: self.console.append(f"uncaught: {error.error}"))
        context.on("dialog", self._dialog)

    def _abort(self, route):
        self.outside.append(route.request.url)
        route.abort()

    def _console(self, message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console.append(f"{message.text} ({where})" if where else message.text)

    def _dialog(self, dialog):
        if dialog.type == "beforeunload":
            self.leave_prompts.append(dialog.page.url if dialog.page else "?")
        else:
            self.confirms.append(dialog.message)
        dialog.accept()

    def take(self) -> dict[str, list[str]]:
        """What was seen since the last call (and forget it)."""
        seen = {
            "console errors": self.console,
            "requests leaving the server": self.outside,
            "'Leave site?' prompts": [f"on {url}" for url in self.leave_prompts],
        }
        self.console, self.outside, self.leave_prompts = [], [], []
        return {check: problems for check, problems in seen.items() if problems}


def charts_not_drawn(page) -> list[str]:
    """The charts on the page that are not drawn within CHART_TIMEOUT_MS."""
    if page.locator("[data-chart]").count() == 0:
        return []
    try:
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every(c => c.dataset.drawn === 'true')",
            timeout=CHART_TIMEOUT_MS,
        )
        return []
    except Exception:
        return page.eval_on_selector_all(
            "[data-chart]:not([data-drawn=true])", "charts => charts.map(c => c.dataset.chart + ' is not drawn')"
        )


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical violations on the page (every default rule, or `rules`)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Run by the browser's debugging protocol, not added to the page as an inline <script>,
        # which the pages' Content-Security-Policy refuses (restrack.core.csp).
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return [
        f"{v['impact']} {v['id']} ({v['help']}), {v['count']} element(s): {'; '.join(v['nodes'])}"
        for v in page.evaluate(AXE_RUN, [rules, THIRD_PARTY])
    ]


def overflow(page) -> list[str]:
    found = page.evaluate(OVERFLOW)
    if not found:
        return []
    return [
        f"document {found['scroll']} px wide in a {found['width']} px window; sticking out: "
        + (" | ".join(found["culprits"]) or "?")
    ]


def look(page, watch: Watch, name: str, *, links: Links | None = None, axe: bool = True) -> dict[str, list[str]]:
    """Check the page in front of the person and keep its screenshot; the problems by check."""
    page.wait_for_load_state("load")
    wide = page.viewport_size["width"] >= WIDE
    problems = {"charts": charts_not_drawn(page), "horizontal overflow": overflow(page)}
    if wide:
        problems["table cut off in a wide window"] = page.evaluate(CLIPPED)
    if axe:
        problems["axe-core (serious, critical)"] = axe_violations(page, None if wide else AXE_LAYOUT_RULES)
    WALK_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(WALK_SCREENSHOTS / f"{name}.png"), full_page=True)
    if links is not None:
        links.gather(page)
    problems.update(watch.take())
    return {check: found for check, found in problems.items() if found}


class Links:
    """The internal links of the pages looked at, each fetched once."""

    def __init__(self, base_url: str, *, skip: Callable[[str], bool] = lambda url: False):
        self.host = urlsplit(base_url).netloc
        self.skip = skip
        self.found: dict[str, str] = {}  # url: the first page it was found on

    def gather(self, page):
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urldefrag(href).url
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc == self.host and not self.skip(url):
                self.found.setdefault(url, page.url)

    def broken(self, request) -> list[str]:
        """Fetch every link found (with `request`, a context's APIRequestContext): those not
        answering 200, with the page they were found on."""
        problems = []
        for url, where in sorted(self.found.items()):
            response = request.get(url, max_redirects=5, timeout=120_000)
            final = urlsplit(response.url).netloc
            if response.status != 200 or final != self.host:
                problems.append(f"{url} answers {response.status} at {response.url} (linked from {where})")
            response.dispose()
        return problems


def problem_report(problems: dict[str, list[str]]) -> str:
    return json.dumps(problems, ensure_ascii=False, indent=1)


def shot_name(*parts) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9_.-]+", "_", str(part)).strip("_") for part in parts if part != "")


def person(browser, base_url: str, username: str, password: str, *, language: str = "en", width: int = 1280):
    """A page of a new browser context (its own cookies, watched) signed in as `username` through
    the login form of the interface in `language`; (page, watch)."""
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS.get(width, 900)},
        locale={"zh-hans": "zh-CN", "ar": "ar"}.get(language, "en-GB"),
        accept_downloads=True,
    )
    watch = Watch(context, base_url)
    page = context.new_page()
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/[a-z-]+/$"))
    return page, watch


CONFIRM = re.compile(r"publish|open|confirm|yes|发布|开放|确认", re.IGNORECASE)


def through_confirmation(page, trigger, done: str, *, timeout_s: float = 30) -> bool:
    """Click `trigger` (a locator), an irreversible step, and follow its confirmation if one is
    asked for (a confirm() dialog, which `Watch` accepts; an open <dialog> or modal; or a page of
    its own), by its [data-confirm-step] button or else the one saying publish, open or confirm,
    until `done` (a selector) is on the page. Whether a confirmation was asked for on the page."""
    start = page.url
    trigger.click()
    asked = False
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        page.wait_for_load_state()
        if page.locator(done).count():
            return asked
        scope = page.locator("dialog[open], .modal.show")
        if not scope.count() and page.url != start:
            scope = page.locator("main")
        if scope.count():
            button = scope.first.locator("[data-confirm-step]")
            if not button.count():
                button = scope.first.get_by_role("button", name=CONFIRM)
            if button.count() and button.first.is_visible():
                asked = True
                button.first.click()
                button.first.wait_for(state="hidden", timeout=timeout_s * 1000)  # gone with its page
                continue
        page.wait_for_timeout(250)
    WALK_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(WALK_SCREENSHOTS / "failed-confirmation.png"), full_page=True)
    said = " ".join(page.inner_text("main").split())[:500] if page.locator("main").count() else page.content()[:500]
    raise AssertionError(f"{done} is not on {page.url} {timeout_s:.0f} s after the step; the page says: {said}")
