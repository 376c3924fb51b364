"""The type of an upload, judged by its bytes and never by its name."""

from __future__ import annotations

import io
import zipfile

from checkers.parsing.txt_reader import decode_text

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UnsupportedUpload(ValueError):
    """Bytes that are not a .docx, .pdf or text file."""


def sniff(data: bytes) -> str:
    """"docx", "pdf" or "txt"; UnsupportedUpload with a Chinese message otherwise."""
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise UnsupportedUpload("这是压缩包，但不是 Word（.docx）文件")
    if data.startswith(OLE):
        raise UnsupportedUpload("这是旧版 .doc 或加密的 Word 文件，请另存为未加密的 .docx 后上传")
    if not data.strip():
        raise UnsupportedUpload("文件是空的")
    try:
        text, _ = decode_text(data)
    except Exception:
        raise UnsupportedUpload("无法识别的文件类型：只接受 .docx、.pdf 和文本（.txt）文件") from None
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if control > 8:
        raise UnsupportedUpload("无法识别的文件类型：只接受 .docx、.pdf 和文本（.txt）文件")
    return "txt"
