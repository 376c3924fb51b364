"""Shared test helpers: building documents from text and locating ../shared."""

from __future__ import annotations

from pathlib import Path

from checkers.model import Document, Paragraph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOVCN_DIR = SHARED / "real" / "govcn"


def document_from_text(text: str, path: str = "example.txt") -> Document:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return Document(path=path, format="txt", paragraphs=[Paragraph(i, line) for i, line in enumerate(lines)])


def fired_rules(result) -> set[str]:
    return {finding.rule for finding in result.findings}


# A normative document with no findings, and the same with six (fmt.docno-brackets,
# fmt.docno-padding, fmt.date-style, norm.sets-penalty, norm.effective-too-soon, norm.validity-too-long).
CLEAN = """瓯江区农贸市场管理办法
瓯政办发〔2021〕8号
第一条 根据《浙江省农贸市场管理条例》等有关规定，结合本区实际，制定本办法。
第二条 市场开办者应当建立食品安全管理制度。
第三条 本办法自2021年7月1日起施行，有效期5年。
瓯江区人民政府办公室
2021年5月20日
"""

DEFECTIVE = """瓯江区农贸市场管理办法
瓯政办发[2021]08号
第一条 根据《浙江省农贸市场管理条例》等有关规定，结合本区实际，制定本办法。
第二条 市场开办者应当建立食品安全管理制度。
经营户不得出售过期食品。
违反前款规定的，由区市场监管局处以二千元以上一万元以下罚款。
第三条 本办法自印发之日起施行，有效期8年。
瓯江区人民政府办公室
二〇二一年五月二十日
"""
