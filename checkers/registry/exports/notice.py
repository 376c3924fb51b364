"""The quarterly 备案通告: how many normative documents were filed in the period, how their review
came out, and a table of them, as a Word document in 公文 form."""

from __future__ import annotations

from checkers.registry.exports.context import ExportContext, unit_name
from checkers.registry.exports.gongwen import (
    add_body,
    add_docno_placeholder,
    add_heading,
    add_organ_header,
    add_signature,
    add_table,
    add_title,
    new_document,
    save,
)
from checkers.registry.exports.problems import review_result

TABLE_HEADERS = ["序号", "文件名称", "文号", "制定机关", "审查结果"]


def notice_title(context: ExportContext) -> str:
    return f"关于{context.period_label}行政规范性文件备案审查情况的通告"


def _summary(rows: list[dict], period: str) -> str:
    passed = sum(1 for row in rows if review_result(row) == "通过")
    unreadable = sum(1 for row in rows if row.get("error"))
    flawed = len(rows) - passed - unreadable
    problems = sum(len(row["findings"]) for row in rows)
    text = (f"{period}共收到报备的行政规范性文件{len(rows)}件，经备案审查，未发现问题的{passed}件，"
            f"存在问题的{flawed}件（共{problems}个问题）")
    return text + (f"，文件无法读取、需重新报送的{unreadable}件。" if unreadable else "。")


def write_notice(rows: list[dict], context: ExportContext) -> int:
    period = context.period_label or "本期"
    document = new_document()
    add_organ_header(document, context.organ)
    add_docno_placeholder(document)
    add_title(document, notice_title(context))
    add_body(document, f"根据行政规范性文件备案审查的有关规定，现将{period}行政规范性文件备案审查情况通告如下：")
    if not rows:
        add_body(document, f"{period}未收到报备的行政规范性文件。")
    else:
        add_heading(document, "一、总体情况")
        add_body(document, _summary(rows, period))
        add_heading(document, "二、处理意见")
        add_body(document, "对存在问题的文件，已函告制定机关在规定期限内自行纠正或者说明理由；"
                           "无法读取的文件，请制定机关重新报送。")
        add_heading(document, "三、备案文件目录")
        add_table(document, TABLE_HEADERS, [
            [str(number), row["title"] or "", row["docno"] or "", unit_name(row), review_result(row)]
            for number, row in enumerate(rows, start=1)])
    add_body(document, "特此通告。")
    add_signature(document, context.organ, context.today)
    save(document, context.out)
    return len(rows)
