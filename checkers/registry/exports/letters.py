"""Feedback letters (评查反馈函) after a case review, one per unit: the cases reviewed and their average
score, then each problem with its basis and the rectification asked for, as Word documents."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from checkers.registry.exports.cases import average_score, grade_names, is_case
from checkers.registry.exports.context import ExportContext, unit_name
from checkers.registry.exports.gongwen import (
    add_addressee,
    add_body,
    add_docno_placeholder,
    add_heading,
    add_organ_header,
    add_signature,
    add_title,
    chinese_numeral,
    new_document,
    save,
)
from checkers.registry.exports.problems import document_label, suggestion

RECTIFY_DAYS = 30
EMPTY_NOTE = "评查反馈函（无）.docx"


def letter_file_name(unit: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", unit).strip("_") + "-评查反馈函.docx"


def letter_title(context: ExportContext) -> str:
    return f"关于反馈{context.period_label}行政执法案卷评查情况的函"


def _overview(rows: list[dict]) -> str:
    cases = [row for row in rows if is_case(row)]
    text = f"本次共评查你单位行政执法案卷（文书）{len(rows)}件"
    if not cases:
        return text + "，均为单份行政处罚决定书，未按评查标准评分。"
    grades = "、".join(f"{name}{sum(1 for row in cases if row['grade'] == name)}卷" for name in grade_names())
    return text + f"，其中按评查标准评分的案卷{len(cases)}卷，平均得分{average_score(cases):.1f}分（{grades}）。"


def _problems(document, rows: list[dict]) -> None:
    flawed = [row for row in rows if row["findings"] or row.get("error")]
    if not flawed:
        add_body(document, "本次评查未发现问题。")
        return
    for number, row in enumerate(flawed, start=1):
        scored = f"（得分{row['score']:g}分，{row['grade']}）" if is_case(row) else ""
        add_body(document, f"（{chinese_numeral(number)}）{document_label(row)}{scored}")
        if row.get("error"):
            add_body(document, f"文件无法读取，未能评查（{row['error']}）。请重新报送。")
        for position, finding in enumerate(row["findings"], start=1):
            add_body(document, f"{position}. 问题：{finding['message']}")
            add_body(document, f"依据：{finding['basis']}")
            add_body(document, f"整改要求：{suggestion(finding['rule'])}")


def write_letter(unit: str, rows: list[dict], context: ExportContext, out: Path) -> None:
    period = context.period_label or "近期"
    document = new_document()
    add_organ_header(document, context.organ)
    add_docno_placeholder(document)
    add_title(document, letter_title(context))
    add_addressee(document, unit)
    add_body(document, f"根据行政执法案卷评查工作安排，本机关对你单位{period}的行政执法案卷（文书）进行了评查。"
                       "现将评查情况反馈如下：")
    add_heading(document, "一、评查概况")
    add_body(document, _overview(rows))
    add_heading(document, "二、存在的问题及整改要求")
    _problems(document, rows)
    add_heading(document, "三、有关要求")
    add_body(document, f"请你单位对照上述问题逐项整改，于收到本函之日起{RECTIFY_DAYS}日内将整改情况书面报送本机关。")
    add_body(document, "特此函告。")
    add_signature(document, context.organ, context.today)
    save(document, out)


def write_empty_note(context: ExportContext, out: Path) -> None:
    document = new_document()
    add_title(document, letter_title(context))
    add_body(document, f"所选范围内{context.period_label}没有评查的行政执法案卷，无需发送评查反馈函。")
    add_signature(document, context.organ, context.today)
    save(document, out)


def write_letters(rows: list[dict], context: ExportContext) -> int:
    """Into `context.out` if it is a .docx and one unit is selected, else one file per unit in that folder."""
    by_unit: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_unit[unit_name(row)].append(row)
    single_file = context.out.suffix.lower() == ".docx"
    if single_file and len(by_unit) > 1:
        raise ValueError(f"所选范围内有{len(by_unit)}个单位，请用 --unit 选定一个单位，或把 --out 指向一个目录 / "
                         f"{len(by_unit)} units selected: name one with --unit, or give a directory as --out")
    if not by_unit:
        write_empty_note(context, context.out if single_file else context.out / EMPTY_NOTE)
        return 0
    for unit, unit_rows in sorted(by_unit.items()):
        write_letter(unit, unit_rows, context, context.out if single_file else context.out / letter_file_name(unit))
    return len(rows)
