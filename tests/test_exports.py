"""`registry export`: every ledger, notice and letter built from a real registry (the bundled corpus
checked with --record), read back with openpyxl / python-docx and compared with the corpus sidecars;
the publicity feed leaks no ID number, telephone number, name or address of a natural person."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from checkers.registry.exports import EXPORTS, export
from checkers.registry.exports.decisions import PROCEDURES
from checkers.registry.queries import latest_documents, parse_period
from checkers.registry.redact import HIDDEN, Person, mask_name, party_name, redact, redact_numbers
from checkers.registry.store import Registry, default_url
from checkers.rulebook import load_rules
from cli import main
from helpers import REPO

TODAY = date(2024, 1, 5)
FOLDERS = {"normative": "瓯江区规范性文件", "contract": "瓯江区合同", "enforcement": "瓯江区综合行政执法局",
           "decision": "瓯江区重大决策"}
INDIVIDUAL = "x99-individual-decision"
INDIVIDUAL_DECISION = """瓯江区综合行政执法局
行政处罚决定书
瓯综执罚决字〔2023〕57号
当事人：张建国，男，1985年7月15日出生
身份证号码：330302198507154417
住址：温州市瓯江区松台街道信河街88号3幢502室
联系电话：13812345678
2023年3月5日，本局执法人员在日常巡查中发现张建国在温州市瓯江区信河街与百里坊交叉口人行道上摆摊经营。本局于当日对当事人立案调查。
经查，张建国（身份证号码330302198507154417，联系电话138 1234 5678、138-1234-5678，\
旧身份证号330302850715441）于2023年3月5日17时许，\
未经市容环境卫生主管部门同意，擅自在信河街人行道上摆放货架销售服装，张建国居住于温州市瓯江区松台街道信河街88号3幢502室，经劝导后仍未停止。
以上事实有现场检查笔录、询问笔录、现场照片4张、张建国身份证复印件等证据证实。
本局认为，张建国擅自占用城市道路摆摊经营的行为，违反了《城市市容和环境卫生管理条例》第十七条第一款的规定。
本局已于2023年3月20日向当事人送达《行政处罚事先告知书》，当事人未提出陈述、申辩。
依据《城市市容和环境卫生管理条例》第三十六条第（二）项的规定，本局决定对当事人作出如下行政处罚：罚款人民币300元。
当事人应当自收到本决定书之日起十五日内，到浙江瓯江农村商业银行各营业网点或者通过浙江政务服务网缴纳罚款。
当事人如不服本决定，可以在收到本决定书之日起六十日内向瓯江区人民政府申请行政复议，也可以在六个月内向瓯江区人民法院提起行政诉讼。
瓯江区综合行政执法局
2023年4月3日
"""
# What must not survive in a publicity record: ID numbers (18 or 15 digits), mobile numbers in any
# spacing, and any run of 11 or more digits once spaces and dashes are taken out.
LEAKS = [re.compile(r"\d{17}[\dXx]"), re.compile(r"(?<!\d)\d{15}(?!\d)"), re.compile(r"1[3-9]\d[ -]?\d{4}[ -]?\d{4}")]
LONG_DIGITS = re.compile(r"\d{11,}")


def sidecars(kind: str) -> dict[str, dict]:
    """File name → expectations, for the corpus folder of that kind."""
    found = {}
    for sidecar in sorted((REPO / "corpus" / kind).glob("*.expect.yaml")):
        stem = sidecar.name[: -len(".expect.yaml")]
        document = next(p for p in sidecar.parent.iterdir() if p.stem == stem and not p.name.endswith(".yaml"))
        found[document.name] = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    root = tmp_path_factory.mktemp("registry")
    for kind, folder in FOLDERS.items():
        shutil.copytree(REPO / "corpus" / kind, root / folder, ignore=shutil.ignore_patterns("*.yaml"))
    (root / FOLDERS["enforcement"] / f"{INDIVIDUAL}.txt").write_text(INDIVIDUAL_DECISION, encoding="utf-8")
    (root / "lawlint.toml").write_text("", encoding="utf-8")
    assert main(["check", str(root), "--record", "--no-progress", "--fail-on", "never", "--format", "json",
                 "--output", str(root / "report.json")]) == 0
    opened = Registry(default_url(root))
    opened.mark("瓯府办合〔2022〕4号", "cleanup", "已清理")
    yield opened
    opened.dispose()


def rows_by_name(registry, kind: str) -> dict[str, dict]:
    return {Path(row["path"]).name: row for row in latest_documents(registry.engine, (kind,))}


def sheet_records(path: Path, title: str) -> list[dict]:
    sheet = load_workbook(path)[title]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def east_asian_font(run) -> str | None:
    fonts = run.element.rPr.rFonts
    return fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")


def all_text(path: Path) -> list[str]:
    if path.suffix == ".jsonl":
        return [value for line in path.read_text(encoding="utf-8").splitlines() for value in json.loads(line).values()]
    return [str(cell) for row in load_workbook(path).active.iter_rows(values_only=True) for cell in row if cell]


def test_the_filing_register_lists_each_normative_document_with_its_problems(registry, tmp_path):
    out = tmp_path / "备案登记.xlsx"
    expected = sidecars("normative")
    assert export("filing", registry.engine, out, today=TODAY) == len(expected)
    workbook = load_workbook(out)
    sheet = workbook["备案登记"]
    assert [cell.value for cell in sheet[1]] == ["文件名称", "文号", "制定机关", "公布日期", "施行日期", "有效期至",
                                                 "报备日期", "审查结果", "问题"]
    assert all(cell.font.bold for cell in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > 30 and sheet.column_dimensions["I"].width > 30
    stored = rows_by_name(registry, "normative")
    by_docno = {record["文号"]: record for record in sheet_records(out, "备案登记") if record["文号"]}
    for name, expect in expected.items():
        row = stored[name]
        if not row["docno"]:
            continue
        record = by_docno[row["docno"]]
        fired = {line.split(" ", 1)[0] for line in (record["问题"] or "").splitlines()}
        assert fired == set(expect["rules"]), name
        assert record["审查结果"] == (f"存在问题（{len(row['findings'])}项）" if expect["rules"] else "通过")
    market = by_docno["瓯市监〔2021〕12号"]
    assert isinstance(market["公布日期"], datetime) and market["公布日期"].date() == date(2021, 6, 2)
    assert market["有效期至"].date() == date(2026, 7, 14) and isinstance(market["报备日期"], datetime)
    assert "norm.sets-license" in market["问题"] and "规范性文件不得设定行政处罚" in market["问题"]
    date_cell = next(cell for cell in sheet["D"][1:] if cell.value)
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"


def test_a_period_selects_documents_by_their_date(registry, tmp_path):
    out = tmp_path / "filing.xlsx"
    written = export("filing", registry.engine, out, period=parse_period("2021Q2"), today=TODAY)
    days = [record["公布日期"].date() for record in sheet_records(out, "备案登记")]
    assert written == len(days) > 0 and all(date(2021, 4, 1) <= day <= date(2021, 6, 30) for day in days)


def test_the_notice_is_a_gongwen_with_the_documents_of_the_quarter(registry, tmp_path):
    out = tmp_path / "通告.docx"
    period = parse_period("2021Q2")
    written = export("notice", registry.engine, out, period=period, unit="瓯江区司法局", today=TODAY)
    filed = latest_documents(registry.engine, ("normative",), period=period)
    assert written == len(filed) > 0  # --unit names the issuing organ; it does not narrow the documents
    document = Document(str(out))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[0] == "瓯江区司法局" and "号" in texts[1]
    title = next(p for p in document.paragraphs if p.text == "关于2021年第二季度行政规范性文件备案审查情况的通告")
    assert east_asian_font(title.runs[0]) == "方正小标宋简体"
    normal_fonts = document.styles["Normal"].element.rPr.rFonts
    assert normal_fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "仿宋_GB2312"
    assert f"共收到报备的行政规范性文件{len(filed)}件" in docx_text(out)
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "文件名称", "文号", "制定机关", "审查结果"]
    assert len(table.rows) == len(filed) + 1
    listed = {row.cells[2].text: row.cells[4].text for row in table.rows[1:]}
    assert listed["瓯市监〔2021〕12号"] == "存在问题（2项）"
    assert texts[-2:] == ["瓯江区司法局", "2024年1月5日"]


def test_the_contract_ledger(registry, tmp_path):
    out = tmp_path / "合同台账.xlsx"
    expected = sidecars("contract")
    assert export("contracts", registry.engine, out, today=TODAY) == len(expected)
    sheet = load_workbook(out)["合同台账"]
    records = sheet_records(out, "合同台账")
    by_number = {record["合同编号"]: record for record in records if record["合同编号"]}
    adviser = by_number["瓯府办合〔2022〕4号"]
    assert adviser["金额（元）"] == 180000 and adviser["相对方"] == "浙江启衡律师事务所"
    assert adviser["期限"] == "2022-03-01至2023-02-28" and adviser["审查"] == "有（瓯司审〔2022〕8号）"
    assert adviser["清理状态"] == "已清理"  # the mark recorded in the registry
    amount_cell = next(cell for cell in sheet["D"][1:] if cell.value == 180000)
    assert amount_cell.number_format == "#,##0.00"
    assert by_number["瓯文旅合〔2020〕12号"]["清理状态"] == "未清理"  # ended 2021-03-31
    assert by_number["瓯资规合〔2024〕8号"]["清理状态"] == "履行中"  # runs to 2025-03-31
    assert by_number["瓯教合〔2020〕11号"]["清理状态"] == "期限不明"
    stored = rows_by_name(registry, "contract")
    for name, expect in expected.items():
        record = next(r for r in records if r["名称"] == stored[name]["title"])
        assert (record["审查"] == "缺失") == ("contract.review-missing" in expect["rules"]), name
        assert (record["备案"] == "缺失") == ("contract.filing-missing" in expect["rules"]), name


def test_case_results_per_unit_and_per_case(registry, tmp_path):
    out = tmp_path / "评查.xlsx"
    enforcement = latest_documents(registry.engine, ("enforcement",))
    assert export("cases", registry.engine, out, today=TODAY) == len(enforcement)
    summary = {record["单位"]: record for record in sheet_records(out, "按单位汇总")}
    cases = [row for row in enforcement if row["score"] is not None]
    units = {row["unit"] for row in cases}
    assert set(summary) == units | {"合计"}
    for unit in units:
        scores = [row["score"] for row in cases if row["unit"] == unit]
        assert summary[unit]["案卷数"] == len(scores)
        assert summary[unit]["平均分"] == pytest.approx(sum(scores) / len(scores))
        assert sum(summary[unit][grade] for grade in ("优秀", "合格", "不合格")) == len(scores)
    assert summary["合计"]["案卷数"] == len(cases)
    fire = summary["瓯江区消防救援大队"]["主要问题"].splitlines()
    assert fire[0].startswith("enf.officer-cert-missing") and fire[0].endswith("（2处）")

    detail = sheet_records(out, "案卷明细")
    assert len(detail) == len(enforcement)
    expected = sidecars("enforcement")
    for record in detail:
        name = Path(record["文件"]).name
        if name in expected:
            assert (record["得分"] is not None) == bool(expected[name].get("case_file")), name
    hotel = next(record for record in detail if record["文件"].endswith("x14-hotel-fire-casefile.txt"))
    assert hotel["得分"] == 91 and hotel["等级"] == "优秀" and "主体 -3" in hotel["扣分情况"]
    decision = next(record for record in detail if record["文件"].endswith("x01-expired-food-decision.txt"))
    assert decision["案号"] == "瓯市监处罚〔2022〕15号" and decision["得分"] is None


def test_one_feedback_letter_per_unit_with_every_problem_and_its_basis(registry, tmp_path):
    out = tmp_path / "letters"
    enforcement = latest_documents(registry.engine, ("enforcement",))
    assert export("letters", registry.engine, out, today=TODAY) == len(enforcement)
    units = {row["unit"] for row in enforcement}
    assert {path.name for path in out.iterdir()} == {f"{unit}-评查反馈函.docx" for unit in units}
    suggestions = {rule.id: rule.suggestion for rule in load_rules()}
    for unit in units:
        text = docx_text(out / f"{unit}-评查反馈函.docx")
        assert f"{unit}：" in text and text.rstrip().endswith("2024年1月5日")
        rows = [row for row in enforcement if row["unit"] == unit]
        assert f"行政执法案卷（文书）{len(rows)}件" in text
        scores = [row["score"] for row in rows if row["score"] is not None]
        if scores:
            assert f"平均得分{sum(scores) / len(scores):.1f}分" in text
        for finding in (finding for row in rows for finding in row["findings"]):
            assert finding["message"] in text
            assert f"依据：{finding['basis']}" in text
            assert f"整改要求：{suggestions[finding['rule']]}" in text


def test_a_letter_for_one_unit_goes_into_the_named_file(registry, tmp_path):
    out = tmp_path / "反馈函.docx"
    assert export("letters", registry.engine, out, unit="瓯江区消防救援大队", today=TODAY) == 2
    text = docx_text(out)
    assert "瓯江区消防救援大队：" in text and "《中华人民共和国行政处罚法》第五十五条" in text
    with pytest.raises(ValueError, match="--unit"):
        export("letters", registry.engine, tmp_path / "all.docx", today=TODAY)


def test_the_decision_catalogue_marks_each_missing_procedure(registry, tmp_path):
    out = tmp_path / "决策目录.xlsx"
    expected = sidecars("decision")
    assert export("decisions", registry.engine, out, today=TODAY) == len(expected)
    records = {record["决策名称"]: record for record in sheet_records(out, "重大行政决策目录")}
    stored = rows_by_name(registry, "decision")
    for name, expect in expected.items():
        record = records[stored[name]["title"]]
        for procedure, rule in PROCEDURES.items():
            assert record[procedure] == ("未履行" if rule in expect["rules"] else "已履行"), (name, procedure)
    assert records[stored["j03-bus-integration.txt"]["title"]]["公众参与"] == "未履行"
    assert records[stored["j04-fireworks-zone.pdf"]["title"]]["征求意见期限"] == "12日（不足30日）"
    assert records[stored["j01-elevator-subsidy.txt"]["title"]]["征求意见期限"] == "31日"


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_the_publicity_feed_hides_every_personal_detail(registry, tmp_path, suffix):
    out = tmp_path / f"公示{suffix}"
    decisions = export("publicity", registry.engine, out, today=TODAY)
    assert decisions == len(latest_documents(registry.engine, ("enforcement",)))
    texts = all_text(out)
    for text in texts:
        for pattern in LEAKS:
            assert not pattern.search(text), text
        assert not LONG_DIGITS.search(re.sub(r"[ \-]", "", text)), text
    joined = "\n".join(texts)
    assert "张建国" not in joined and "张某某" in joined
    assert "信河街88号" not in joined and "3幢502" not in joined
    assert "温州瓯禾生鲜超市有限公司" in joined and "瓯综执罚决字〔2023〕57号" in joined
    if suffix == ".jsonl":
        record = next(json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
                      if "〔2023〕57号" in line)
        assert record["当事人"] == "张某某" and record["决定日期"] == "2023-04-03"
        assert record["处罚内容"] == "罚款；罚款金额300.00元" and HIDDEN in record["违法事实摘要"]
        assert set(record) == {"决定书文号", "当事人", "违法事实摘要", "处罚依据", "处罚内容", "决定机关", "决定日期"}


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_an_empty_selection_still_writes_a_file(registry, tmp_path, kind):
    out = tmp_path / f"empty{EXPORTS[kind].suffixes[0]}"
    assert export(kind, registry.engine, out, period=parse_period("1990"), today=TODAY) == 0
    if out.suffix == ".xlsx":
        workbook = load_workbook(out)
        assert all(sheet.max_row == 1 and sheet["A1"].value for sheet in workbook)
    elif out.suffix == ".docx":
        assert "2024年1月5日" in docx_text(out)
    else:
        assert out.read_text(encoding="utf-8") == ""


def test_letters_for_an_empty_selection_leave_a_note_in_the_folder(registry, tmp_path):
    out = tmp_path / "letters"
    assert export("letters", registry.engine, out, period=parse_period("1990"), today=TODAY) == 0
    [note] = out.iterdir()
    assert "无需发送评查反馈函" in docx_text(note)


def test_a_bad_kind_or_file_type_is_a_clear_error(registry, tmp_path):
    with pytest.raises(ValueError, match="unknown export kind"):
        export("ledger", registry.engine, tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match=r"\.xlsx"):
        export("filing", registry.engine, tmp_path / "x.csv")
    with pytest.raises(ValueError, match=r"\.docx"):
        export("notice", registry.engine, tmp_path / "x.xlsx")
    assert not list(tmp_path.iterdir())


def test_redaction_of_numbers():
    text = ("身份证号码：330302198507154417，旧证330302850715441，又33030219850715441x，"
            "电话138 1234 5678、138-1234-5678、+86 13812345678、13812345678，座机0577-88886666、（0577）88886666。")
    redacted = redact_numbers(text)
    assert "1234" not in redacted and "3303" not in redacted and "8888" not in redacted
    assert redacted.count(HIDDEN) == 9
    cut_short = redact_numbers("当事人身份证号码：3303021985")
    assert cut_short == f"当事人身份证号码：{HIDDEN}"


def test_redaction_leaves_amounts_dates_and_document_numbers():
    text = ("瓯市监处罚〔2022〕15号：2022年6月8日罚款人民币50000元，货值金额12,345,678.00元，"
            "统一社会信用代码91330302MA2OQS88X1，第一百二十四条第一款第（五）项")
    assert redact_numbers(text) == text


def test_redaction_of_a_natural_person():
    names = ("张三", "张三丰", "欧阳娜娜", "欧阳")
    assert [mask_name(name) for name in names] == ["张某", "张某某", "欧阳某某", "欧某"]
    assert party_name("当事人：张建国，男，1985年7月15日出生") == "张建国"
    assert party_name("被处罚人（姓名）：李四（身份证号码略）") == "李四"
    assert party_name("当事人：温州瓯禾生鲜超市有限公司") == "温州瓯禾生鲜超市有限公司"
    person = Person(name="张建国", address="温州市瓯江区松台街道信河街88号3幢502室")
    text = "张建国住址：温州市瓯江区南塘街道17号，张建国居住于温州市瓯江区松台街道信河街88号3幢502室，张建国"
    assert redact(text, person) == f"张某某住址：{HIDDEN}，张某某居住于{HIDDEN}，张某某"
    cut = "经查，张建国居住于温州市瓯江区松台街道信河街88号3幢5"  # an excerpt cut off inside the address
    assert redact(cut, person) == f"经查，张某某居住于{HIDDEN}"
    assert redact("当事人徐某某", Person(name="徐某某")) == "当事人徐某某"


def test_an_organisations_name_and_premises_are_kept():
    text = "温州恒达渣土运输有限公司，住所：温州市瓯江区临江工业区纬三路9号，电话13812345678"
    assert redact(text) == f"温州恒达渣土运输有限公司，住所：温州市瓯江区临江工业区纬三路9号，电话{HIDDEN}"


OFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (libreoffice/soffice) is not installed on this machine")
@pytest.mark.parametrize("kind, name", [("filing", "f.xlsx"), ("notice", "n.docx"), ("contracts", "c.xlsx"),
                                        ("cases", "cs.xlsx"), ("letters", "l.docx"), ("decisions", "d.xlsx"),
                                        ("publicity", "p.xlsx")])
def test_libreoffice_opens_every_export(registry, tmp_path, kind, name):
    out = tmp_path / name
    export(kind, registry.engine, out, unit="瓯江区消防救援大队" if kind == "letters" else None, today=TODAY)
    target = "pdf" if out.suffix == ".docx" else "csv"
    converted = tmp_path / "converted"
    completed = subprocess.run(
        [OFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", target,
         "--outdir", str(converted), str(out)], capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    result = converted / f"{out.stem}.{target}"
    assert result.exists() and result.stat().st_size > 0
