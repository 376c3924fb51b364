"""What the web service does with uploads: type by content, check each in a resident worker with a
time limit, inside a temporary directory that is removed afterwards, and keep the results (and a
.docx's bytes, for the annotated copy) in memory for the result page."""

from __future__ import annotations

import tempfile
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

from checkers.model import DocumentResult
from checkers.pool import ResidentWorker, Task
from checkers.web.sniff import UnsupportedUpload, sniff

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
KEPT_BATCHES = 50


@dataclass
class ServeSettings:
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    timeout: float = DEFAULT_TIMEOUT
    spec: dict = field(default_factory=dict)


@dataclass
class Checked:
    name: str  # the uploaded file's name, as shown
    result: DocumentResult
    paragraphs: list[str]
    docx: bytes | None = None  # kept for the annotated copy


@dataclass
class Batch:
    id: str
    documents: list[Checked]


class CheckService:
    def __init__(self, settings: ServeSettings):
        self.settings = settings
        self.worker = ResidentWorker(settings.spec)
        self._batches: OrderedDict[str, Batch] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, uploads: list[tuple[str, bytes]], kind: str | None = None) -> Batch:
        from checkers.report.html_report import paragraph_texts

        checked = []
        with tempfile.TemporaryDirectory(prefix="lawlint-upload-") as scratch:
            for number, (name, data) in enumerate(uploads, start=1):
                display = Path(name or f"文件{number}").name
                try:
                    suffix = sniff(data)
                except UnsupportedUpload as error:
                    checked.append(Checked(display, DocumentResult(path=display, format=None, error=str(error)), []))
                    continue
                local = Path(scratch) / f"{number:03d}.{suffix}"  # never the uploaded name: no path tricks
                local.write_bytes(data)
                result = self.worker.check(Task(str(local), kind, self.settings.max_upload_bytes),
                                           self.settings.timeout)
                paragraphs = paragraph_texts(str(local)) if result.error is None else []
                error = result.error.replace(str(local), display) if result.error else None
                checked.append(Checked(display, replace(result, path=display, error=error), paragraphs,
                                       data if suffix == "docx" else None))
        batch = Batch(uuid.uuid4().hex, checked)
        with self._lock:
            self._batches[batch.id] = batch
            while len(self._batches) > KEPT_BATCHES:
                self._batches.popitem(last=False)
        return batch

    def batch(self, batch_id: str) -> Batch | None:
        with self._lock:
            return self._batches.get(batch_id)

    def close(self) -> None:
        self.worker.close()
