"""axe-core on one page, in light and dark colour schemes, desktop and phone widths.

Usage: .venv/bin/python scripts/axe_check.py URL      (used by scripts/check_site.sh)

Why not the shared check_axe.sh: it injects axe with an inline <script>, which the site's
Content-Security-Policy (script-src 'self') rightly blocks. This runner opens the page with
Playwright's bypass_csp, the same tags, and prints the same one-line verdict. axe-core comes
from the acceptance harness (NODE_MODULES, the version the harness pins) when installed, else
from the axe-playwright-python package of the dev requirements.
PASS = no violation of any impact (AXE_FAIL_ON to narrow it), HTTP 200.
"""

import os
import re
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

TAGS = os.environ.get("AXE_TAGS", "wcag2a,wcag2aa,wcag21a,wcag21aa,wcag22aa,best-practice").split(",")
FAIL_ON = os.environ.get("AXE_FAIL_ON", "critical,serious,moderate,minor").split(",")
RUNS = [  # (label, viewport, colour scheme)
    ("desktop-light", {"width": 1280, "height": 900}, "light"),
    ("mobile-dark", {"width": 375, "height": 812}, "dark"),
]


def axe_source():
    harness = Path(os.environ.get("NODE_MODULES", "/tmp/validators/npm/node_modules")) / "axe-core/axe.min.js"
    if harness.exists():
        return harness.read_text()
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def main(url):
    started = time.time()
    log_dir = Path(os.environ.get("LOG_DIR", "/tmp/acceptance-out/latest"))
    log_dir.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", re.sub(r"^https?://", "", url)).strip("_")[:90]
    log_path = log_dir / f"axe-{slug}.log"
    lines = [f"# AXE {url}"]
    counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    violations = nodes = 0
    status = 0
    source = axe_source()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROME_PATH", "/usr/bin/chromium"), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9"])
        for label, viewport, scheme in RUNS:
            context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
            page = context.new_page()
            response = page.goto(url, wait_until="load", timeout=60_000)
            status = response.status if response else 0
            page.evaluate(source)
            result = page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                TAGS)
            lines.append(f"{label}: HTTP {status}; axe-core {result['testEngine']['version']}")
            for violation in result["violations"]:
                violations += 1
                counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
                nodes += len(violation["nodes"])
                lines.append(f"  VIOLATION [{violation['impact']}] {violation['id']}: {violation['help']}")
                for node in violation["nodes"][:8]:
                    lines.append(f"   - {' '.join(node['target'])} :: {node['html'][:140]}")
            context.close()
        browser.close()
    bad = sum(counts.get(impact, 0) for impact in FAIL_ON)
    ok = status == 200 and bad == 0
    figures = (f"violations={violations} critical={counts['critical']} serious={counts['serious']} "
               f"moderate={counts['moderate']} minor={counts['minor']} nodes={nodes} "
               f"runs={'+'.join(run[0] for run in RUNS)} http={status}")
    line = f"AXE: {'PASS' if ok else 'FAIL'} {figures} ({time.time() - started:.1f}s)"
    log_path.write_text("\n".join(lines + ["", "RESULT: " + line]) + "\n")
    print(f"{line} log={log_path}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
