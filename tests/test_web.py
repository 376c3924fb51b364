"""The web service through its HTTP interface: upload page, result page, downloads, JSON API,
and the safety limits (size, type by content, time limit, temporary files, escaping)."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest

from helpers import DEFECTIVE, REPO

pytest.importorskip("fastapi", reason="the web service needs fastapi (pip install -e '.[test]')")
from fastapi.testclient import TestClient  # noqa: E402

from checkers.web.app import create_app  # noqa: E402
from checkers.web.service import ServeSettings  # noqa: E402


def defective_docx() -> bytes:
    word = docx.Document()
    for line in DEFECTIVE.strip().splitlines():
        word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(ServeSettings(max_upload_bytes=2 * 1024 * 1024, timeout=30))) as test_client:
        yield test_client


def upload(client, name: str, data: bytes, url: str = "/check", field: str = "files"):
    return client.post(url, files=[(field, (name, data, "application/octet-stream"))])


def test_upload_page_is_chinese_and_self_contained(client):
    page = client.get("/")
    assert page.status_code == 200 and "上传文件自查" in page.text and 'name="files"' in page.text
    assert not re.search(r"(src|href)=\"https?://", page.text)


def test_result_page_shows_findings_in_place_and_downloads(client):
    page = upload(client, "办法.docx", defective_docx())
    assert page.status_code == 200
    html = page.text
    assert 'id="count-error"' in html
    for rule in ("norm.sets-penalty", "fmt.docno-brackets", "norm.validity-too-long"):
        assert rule in html
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", html, re.S)
    assert any("处以二千元以上一万元以下罚款" in m for m in marked)
    batch = re.search(r"/results/([0-9a-f]{32})/report\.json", html).group(1)
    report = client.get(f"/results/{batch}/report.json").json()
    rules = {f["rule"] for f in report["documents"][0]["findings"]}
    assert {"norm.sets-penalty", "fmt.date-style"} <= rules
    annotated = client.get(f"/results/{batch}/0/annotated.docx")
    assert annotated.status_code == 200
    comments = docx.Document(io.BytesIO(annotated.content)).comments
    assert len(list(comments)) == len(report["documents"][0]["findings"])
    assert client.get(f"/results/{batch}").status_code == 200
    assert client.get("/results/" + "0" * 32).status_code == 404


def test_json_api_matches_the_cli_contract_and_lists_rules(client):
    response = client.post("/api/check", files=[("file", ("a.txt", DEFECTIVE.encode("gb18030"), "text/plain")),
                                                 ("file", ("b.docx", defective_docx(), "application/octet-stream"))])
    body = response.json()
    assert response.status_code == 200 and body["summary"]["documents"] == 2
    assert [d["path"] for d in body["documents"]] == ["a.txt", "b.docx"]
    assert {f["rule"] for f in body["documents"][0]["findings"]} == \
        {f["rule"] for f in body["documents"][1]["findings"]}
    rules = client.get("/api/rules").json()
    assert any(r["id"] == "norm.sets-fee" and r["basis"] for r in rules)
    schema = client.get("/openapi.json").json()
    assert "/api/check" in schema["paths"] and "/api/rules" in schema["paths"]
    assert "/api/check" in client.get("/api").text


def test_type_is_judged_by_content_not_name(client):
    body = upload(client, "看起来是PDF.pdf", defective_docx(), "/api/check", "file").json()
    assert body["documents"][0]["format"] == "docx" and body["documents"][0]["findings"]
    garbage = upload(client, "合同.docx", bytes(range(256)) * 40, "/api/check", "file").json()
    assert "只接受" in garbage["documents"][0]["error"]
    legacy = upload(client, "旧.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "/api/check", "file").json()
    assert ".docx" in legacy["documents"][0]["error"]


def test_oversized_upload_is_refused_with_413_in_chinese(client):
    big = b"a" * (3 * 1024 * 1024)
    page = upload(client, "大.txt", big)
    assert page.status_code == 413 and "文件过大" in page.text
    api = upload(client, "大.txt", big, "/api/check", "file")
    assert api.status_code == 413 and "上限" in api.json()["error"]


def test_zip_bomb_is_refused_without_inflating(client):
    buffer = io.BytesIO(defective_docx())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/filler.bin", b"\0" * (400 * 1024 * 1024))
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    body = upload(client, "炸弹.docx", buffer.getvalue(), "/api/check", "file").json()
    assert "zip 炸弹" in body["documents"][0]["error"]


def test_document_text_is_escaped(client):
    text = DEFECTIVE.replace("经营户不得出售过期食品。", "经营户不得出售<script>alert('x')</script>过期食品。")
    html = upload(client, "<b>名字</b>.txt", text.encode("utf-8")).text
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>名字</b>" not in html


def test_uploads_leave_no_files_behind(client):
    before = set(Path(tempfile.gettempdir()).glob("lawlint-upload-*"))
    upload(client, "a.docx", defective_docx())
    assert set(Path(tempfile.gettempdir()).glob("lawlint-upload-*")) == before


def test_a_document_over_the_time_limit_is_a_clear_error():
    with TestClient(create_app(ServeSettings(max_upload_bytes=20 * 1024 * 1024, timeout=0.3))) as slow:
        body = upload(slow, "长.txt", (DEFECTIVE * 4000).encode("utf-8"), "/api/check", "file").json()
        assert "检查超时" in body["documents"][0]["error"]
        quick = upload(slow, "短.txt", DEFECTIVE.encode("utf-8"), "/api/check", "file").json()
        assert quick["documents"][0]["error"] is None  # the service goes on after a time-out


def test_corpus_contract_shows_the_five_unified_checklist(client):
    source = next((REPO / "corpus" / "contract").glob("*.docx"))
    html = upload(client, source.name, source.read_bytes()).text
    assert "五统一" in html
