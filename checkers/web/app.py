"""The FastAPI application: upload page, result pages, downloads and the JSON API.

Pages are rendered on the server from Jinja2 templates (no front-end build; a little plain
JavaScript for drag-and-drop and the severity filter). The API returns the CLI's JSON contract.
"""

from __future__ import annotations

from collections import Counter
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import FastAPI, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from checkers import __version__
from checkers.kind import KINDS
from checkers.report import json_report
from checkers.report.text_report import KIND_NAMES, SEVERITY_NAMES
from checkers.runner import RunResult
from checkers.web.limits import UploadLimit
from checkers.web.service import CheckService, ServeSettings

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
MAX_FILES = 20


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    settings = settings or ServeSettings()
    service = CheckService(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        service.close()  # stops the worker process

    # No /docs page: FastAPI's loads its script from a CDN, which a bureau's closed network lacks.
    app = FastAPI(title="lawlint", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="行政规范性文件、合同、执法文书合法性检查 / legal-document compliance checker")
    app.state.service = service
    app.add_middleware(UploadLimit, max_bytes=settings.max_upload_bytes)
    megabytes = f"{settings.max_upload_bytes / 1024 / 1024:g}"

    async def read_uploads(files: list[UploadFile]) -> list[tuple[str, bytes]]:
        if not files or len(files) > MAX_FILES:
            raise HTTPException(400, f"请选择 1 至 {MAX_FILES} 个文件")
        return [(upload.filename or "", await upload.read()) for upload in files]

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def upload_page(request: Request):
        return TEMPLATES.TemplateResponse(request, "upload.html.j2", {
            "kinds": [(k, KIND_NAMES[k]) for k in KINDS if k != "unknown"], "megabytes": megabytes})

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(request: Request, files: Annotated[list[UploadFile], File()],
                         kind: Annotated[str, Form()] = ""):
        batch = await run_in_threadpool(service.check, await read_uploads(files), kind if kind in KINDS else None)
        return _result_page(request, batch)

    @app.get("/results/{batch_id}", response_class=HTMLResponse, include_in_schema=False)
    def result_page(request: Request, batch_id: str):
        return _result_page(request, _batch(batch_id))

    @app.get("/results/{batch_id}/report.json", include_in_schema=False)
    def result_json(batch_id: str):
        batch = _batch(batch_id)
        return JSONResponse(json_report.report_dict(RunResult(documents=[d.result for d in batch.documents])),
                            headers={"Content-Disposition": 'attachment; filename="lawlint-report.json"'})

    @app.get("/results/{batch_id}/{number}/annotated.docx", include_in_schema=False)
    def annotated(batch_id: str, number: int):
        from checkers.annotate import annotated_bytes

        batch = _batch(batch_id)
        if not 0 <= number < len(batch.documents) or batch.documents[number].docx is None:
            raise HTTPException(404, "没有可批注的 Word 文件")
        checked = batch.documents[number]
        name = Path(checked.name).stem + "-批注.docx"
        return Response(annotated_bytes(checked.docx, checked.result.findings),
                        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})

    @app.post("/api/check", summary="检查文件 / check documents",
              description="multipart/form-data，一个或多个 `file` 字段；返回与命令行相同的 JSON 报告。")
    async def api_check(file: Annotated[list[UploadFile], File()], kind: Annotated[str, Form()] = ""):
        batch = await run_in_threadpool(service.check, await read_uploads(file), kind if kind in KINDS else None)
        return json_report.report_dict(RunResult(documents=[d.result for d in batch.documents]))

    @app.get("/api/rules", summary="规则目录 / the rule catalogue")
    def api_rules():
        from checkers.project import selected_rules
        from checkers.report.rules_report import rule_to_dict

        return [rule_to_dict(rule) for rule in selected_rules(settings.spec)]

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request):
        return TEMPLATES.TemplateResponse(request, "api.html.j2", {"schema": app.openapi()})

    def _batch(batch_id: str):
        batch = service.batch(batch_id)
        if batch is None:
            raise HTTPException(404, "结果已过期或不存在，请重新上传")
        return batch

    def _result_page(request: Request, batch):
        from checkers.report.html_report import render_document_section, stylesheet

        counts = Counter(f.severity for d in batch.documents for f in d.result.findings)
        sections = [Markup(render_document_section(d.result, d.paragraphs, anchor=f"doc-{number}"))
                    for number, d in enumerate(batch.documents, start=1)]
        return TEMPLATES.TemplateResponse(request, "result.html.j2", {
            "batch": batch, "sections": sections, "counts": counts, "severity_names": SEVERITY_NAMES,
            "kind_names": KIND_NAMES, "stylesheet": Markup(stylesheet())})

    return app


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
