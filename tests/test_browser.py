"""End to end in a real browser: Debian's Chromium driven by Playwright against `lawlint serve`.

Screenshots go to test-output/browser/ (or $LAWLINT_TEST_OUTPUT). The tests are skipped, with the
reason shown, only when Chromium is not installed (.ci/run installs it) or Playwright is missing.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import docx
import pytest

from helpers import DEFECTIVE, REPO

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
OUTPUT = Path(os.environ.get("LAWLINT_TEST_OUTPUT", REPO / "test-output")) / "browser"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "serve", "--port", str(port),
                                "--max-upload-mb", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("lawlint serve did not start: " + process.stdout.read().decode(errors="replace"))
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def page():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


@pytest.fixture(scope="module")
def defective(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("upload") / "瓯江区农贸市场管理办法.docx"
    word = docx.Document()
    for line in DEFECTIVE.strip().splitlines():
        word.add_paragraph(line)
    word.save(path)
    return path


def test_upload_a_defective_docx_and_see_the_findings_in_place(server, page, defective, tmp_path):
    page.goto(server + "/")
    page.screenshot(path=str(OUTPUT / "1-upload-page.png"), full_page=True)
    page.set_input_files("#files", str(defective))
    assert "瓯江区农贸市场管理办法.docx" in page.inner_text("#chosen")
    page.click("#submit")
    page.wait_for_selector("#summary")
    page.screenshot(path=str(OUTPUT / "2-result-page.png"), full_page=True)
    assert page.inner_text("#count-error") == "错误 1"  # norm.sets-penalty
    assert page.inner_text("#count-warning") == "警告 5"
    marks = page.locator("mark")
    assert marks.count() >= 4
    assert any("处以二千元以上一万元以下罚款" in text for text in marks.all_inner_texts())
    body = page.inner_text("body")
    for rule in ("norm.sets-penalty", "norm.effective-too-soon", "norm.validity-too-long",
                 "fmt.docno-brackets", "fmt.docno-padding", "fmt.date-style"):
        assert rule in body

    with page.expect_download() as waiting:
        page.click("#download-json")
    report = json.loads(Path(waiting.value.path()).read_text(encoding="utf-8"))
    assert len(report["documents"][0]["findings"]) == 6

    with page.expect_download() as waiting:
        page.click("a.download-docx")
    annotated = docx.Document(io.BytesIO(Path(waiting.value.path()).read_bytes()))
    assert len(list(annotated.comments)) == 6
    assert all(comment.author == "lawlint" for comment in annotated.comments)

    # The severity filter hides the warnings' highlights and cards, and shows them again.
    page.uncheck("input.severity-filter[value=warning]")
    assert all(not card.is_visible() for card in page.locator(".card.sev-warning").all())
    page.screenshot(path=str(OUTPUT / "3-errors-only.png"), full_page=True)
    page.check("input.severity-filter[value=warning]")
    assert all(card.is_visible() for card in page.locator(".card.sev-warning").all())


def test_an_oversized_upload_shows_the_error(server, page, tmp_path):
    big = tmp_path / "过大的文件.txt"
    big.write_bytes(("瓯江区" * 400_000).encode("utf-8"))  # 3.6 MB over the 2 MB limit
    page.goto(server + "/")
    page.set_input_files("#files", str(big))
    page.click("#submit")
    page.wait_for_selector("#error")
    page.screenshot(path=str(OUTPUT / "4-too-large.png"), full_page=True)
    assert "文件过大" in page.inner_text("#error") and "2 MB" in page.inner_text("body")
