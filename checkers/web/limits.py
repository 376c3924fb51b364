"""An ASGI middleware that refuses a request body over the upload limit with 413, before the
multipart parser reads it: by its Content-Length, or, for a chunked body, as soon as it passes."""

from __future__ import annotations

import json

TOO_LARGE_HTML = """<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>文件过大</title>
<body style="font-family:'Noto Sans CJK SC','Microsoft YaHei','WenQuanYi Micro Hei','SimSun',sans-serif;margin:3em">
<h1 id="error">文件过大</h1><p>上传的文件超过 {limit} MB 的上限，请压缩图片或拆分文件后重新上传。</p>
<p><a href="/">返回上传页面</a></p></body></html>"""


class BodyTooLarge(Exception):
    pass


class UploadLimit:
    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(scope, send)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def watched_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope, send):
        megabytes = f"{self.max_bytes / 1024 / 1024:g}"
        if scope["path"].startswith("/api/"):
            body = json.dumps({"error": f"上传的文件超过 {megabytes} MB 的上限 / upload larger than {megabytes} MB"},
                              ensure_ascii=False).encode()
            kind = b"application/json"
        else:
            body = TOO_LARGE_HTML.format(limit=megabytes).encode()
            kind = b"text/html; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
