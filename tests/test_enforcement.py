"""Enforcement case files and decisions, 案卷评查 scores, and major-decision procedure records."""

from __future__ import annotations

import json

import pytest

from checkers.scoring import load_sheet, score_case
from cli import main
from helpers import document_from_text, fired_rules

CASE_FILE = """立案审批表
案由：无证从事食品经营
当事人：瓯江区好味来餐饮店
立案日期：2022年4月1日
现场检查（勘验）笔录
检查时间：2022年4月1日9时至9时40分
检查人员：王建国（执法证号：33030010021）、李晓燕（执法证号：33030010022）
检查情况：当事人在瓯江区学院路12号经营餐饮，现场未能出示食品经营许可证。
询问（调查）笔录
询问人：王建国（执法证号：33030010021）、李晓燕（执法证号：33030010022）
被询问人：陈某某，系当事人经营者。
行政处罚事先告知书
瓯江区好味来餐饮店：本局拟对你店作出罚款人民币8000元的行政处罚。你店有权进行陈述和申辩。
行政处罚决定书
瓯市监处罚〔2022〕15号
当事人：瓯江区好味来餐饮店
经营场所：瓯江区学院路12号
统一社会信用代码：92330302MA2H123456
经查，当事人自2022年2月起未取得食品经营许可从事餐饮服务，违法经营额4000元。
以上事实有现场检查笔录、询问笔录、现场照片等证据证实。
当事人的行为违反了《中华人民共和国食品安全法》第三十五条第一款的规定。依据《中华人民共和国食品安全法》第一百二十二条第一款，本局决定：没收违法所得4000元，并处罚款8000元。
当事人应自收到本决定书之日起十五日内将罚没款缴至瓯江区财政非税收入专户。
如不服本决定，可以在收到本决定书之日起六十日内向瓯江区人民政府申请行政复议，也可以在六个月内向瓯江区人民法院提起行政诉讼。
瓯江区市场监督管理局
2022年6月8日
送达回证
受送达人：瓯江区好味来餐饮店
送达文书：行政处罚决定书（瓯市监处罚〔2022〕15号）
"""


def test_clean_case_file_scores_100(checker):
    result = checker.check(document_from_text(CASE_FILE))
    assert result.kind == "enforcement"
    assert result.findings == []
    assert result.score["score"] == 100 and result.score["grade"] == "优秀" and result.score["deductions"] == []
    summary = result.facts["enforcement"]
    assert [i["type"] for i in summary["instruments"]] == [
        "filing_form", "inspection_record", "inquiry_record", "notice", "decision", "service"]
    assert summary["decision_date"] == "2022-06-08" and summary["filed_date"] == "2022-04-01"
    assert summary["penalty"]["fine"] == 8000.0 and summary["penalty"]["party_type"] == "organisation"
    assert summary["basis"] == [{"title": "中华人民共和国食品安全法",
                                 "text": "《中华人民共和国食品安全法》第一百二十二条第一款",
                                 "article": 122, "paragraph": 1, "item": None}]
    assert summary["remedy"]["review_body"] == "瓯江区人民政府" and summary["remedy"]["court"] == "瓯江区人民法院"
    assert summary["penalty_types"] == ["罚款", "没收违法所得"] and summary["deciding_organ"] == "瓯江区市场监督管理局"
    inspection = summary["instruments"][1]
    assert inspection["dates"] == ["2022-04-01"] and "33030010022" in inspection["officers"][0]


@pytest.mark.parametrize(("change", "rules"), [
    (("、李晓燕（执法证号：33030010022）\n检查情况", "\n检查情况"), {"enf.officers-insufficient"}),
    (("李晓燕（执法证号：33030010022）\n检查情况", "李晓燕\n检查情况"), {"enf.officer-cert-missing"}),
    (("行政处罚事先告知书\n", "情况说明\n"), {"enf.notice-missing"}),
    (("送达回证\n", "归档目录\n"), {"enf.service-missing"}),
    (("立案日期：2022年4月1日", "立案日期：2022年2月1日"), {"enf.deadline-exceeded"}),
    (("六十日内", "十五日内"), {"enf.remedy-period-wrong"}),
    (("第一百二十二条第一款，", "的规定，"), {"enf.basis-vague"}),
    (("并处罚款8000元", "并处罚款200000元"), {"enf.hearing-notice-missing"}),
    (("以上事实有现场检查笔录、询问笔录、现场照片等证据证实。\n", ""), {"enf.evidence-missing"}),
])
def test_each_case_file_defect(checker, change, rules):
    text = CASE_FILE.replace(*change)
    assert text != CASE_FILE
    result = checker.check(document_from_text(text))
    assert fired_rules(result) == rules
    sheet = load_sheet()
    expected = 100 - sum(sheet["deductions"][rule]["points"] for rule in rules)
    assert result.score["score"] == expected
    assert [d["rule"] for d in result.score["deductions"]] == sorted(rules)


def test_a_decision_before_the_2021_law_has_no_90_day_limit(checker):
    text = CASE_FILE.replace("立案日期：2022年4月1日", "立案日期：2020年1月2日").replace(
        "2022年6月8日\n送达回证", "2020年6月8日\n送达回证")
    assert "enf.deadline-exceeded" not in fired_rules(checker.check(document_from_text(text)))


def test_numbered_instrument_headings_but_not_an_index(checker):
    # "九、送达回证" heads the instrument; a 卷内目录 numbering its entries one a line heads nothing.
    headings = ["立案审批表", "现场检查（勘验）笔录", "询问（调查）笔录",
                "行政处罚事先告知书", "行政处罚决定书", "送达回证"]
    numbered = CASE_FILE
    for number, title in zip("一二三四五六", headings, strict=True):
        numbered = numbered.replace(title + "\n", f"{number}、{title}\n", 1)
    index = "卷内目录\n" + "".join(f"{n}.{title}\n" for n, title in enumerate(headings[:3], 1))
    result = checker.check(document_from_text(index + numbered))
    assert [i["type"] for i in result.facts["enforcement"]["instruments"]] == [
        "filing_form", "inspection_record", "inquiry_record", "notice", "decision", "service"]
    assert result.findings == []
    assert fired_rules(checker.check(document_from_text(numbered.replace("六、送达回证", "六、归档说明")))) == {
        "enf.service-missing"}


@pytest.mark.parametrize(("record", "rules"), [
    # a record titled the other way round, whose second officer has no number
    ("现场勘验（检查）笔录\n勘验人：王建国（执法证号：33030010021）　李晓燕\n", {"enf.officer-cert-missing"}),
    ("现场检查记录（笔录）\n检查人员：王建国，执法证号33030010021\n记录人：（同上）\n", {"enf.officers-insufficient"}),
    # the numbers given by name on a line of their own
    ("询问笔录\n询问人：王建国、李晓燕（均为本局执法人员）\n执法证号：王建国 33030010021；李晓燕 33030010022\n", set()),
])
def test_record_titles_and_officer_numbers(checker, record, rules):
    start, end = CASE_FILE.index("现场检查（勘验）笔录"), CASE_FILE.index("询问（调查）笔录")
    text = CASE_FILE[:start] + record + "检查情况：当事人在店内经营餐饮。\n" + CASE_FILE[end:]
    assert fired_rules(checker.check(document_from_text(text))) == rules


def test_an_unsigned_decision_is_not_dated_by_a_birth_date(checker):
    start = CASE_FILE.index("行政处罚决定书")
    decision = CASE_FILE[start:CASE_FILE.index("送达回证")]
    decision = decision.replace("瓯江区市场监督管理局\n2022年6月8日\n", "（公章）\n").replace(
        "统一社会信用代码：92330302MA2H123456\n", "出生日期：1979年2月6日\n")
    result = checker.check(document_from_text(decision))
    # the 1979 date would have put the 6-month litigation period before 2015
    assert fired_rules(result) == {"enf.authority-date-missing"}
    assert "decision_date" not in result.facts["enforcement"]


def test_facts_stated_in_another_instrument_of_the_case_file(checker):
    # checks.md: a missing element is missing from the whole document; the party and the evidence
    # are the decision's own ("the decision lacks …", "the decision lists no evidence").
    text = CASE_FILE.replace("经查，当事人自2022年2月起未取得食品经营许可从事餐饮服务，违法经营额4000元。\n", "")
    assert fired_rules(checker.check(document_from_text(text))) == {"enf.facts-missing"}
    stated = text.replace("检查情况：当事人在", "检查情况：检查时，当事人正在")
    assert stated != text
    assert fired_rules(checker.check(document_from_text(stated))) == set()
    no_address = CASE_FILE.replace("经营场所：瓯江区学院路12号\n", "")
    assert fired_rules(checker.check(document_from_text(no_address))) == {"enf.party-missing"}


def test_veto_marks_the_file_unqualified():
    from checkers.model import Finding, Location

    finding = Finding("enf.basis-missing", "error", "没有法律依据", "b", "s", "", Location(None, 3, None, 0, 1))
    score = score_case([finding])
    assert score["score"] == 85 and score["grade"] == "不合格" and score["veto"] == ["enf.basis-missing"]
    assert score["deductions"][0]["location"] == "第4段"


def test_standalone_decision_is_not_scored_and_skips_case_file_checks(checker):
    start = CASE_FILE.index("行政处罚决定书")
    decision = CASE_FILE[start:CASE_FILE.index("送达回证")]
    result = checker.check(document_from_text(decision))
    assert result.kind == "enforcement" and result.findings == [] and result.score is None
    remedy = next(line for line in decision.splitlines() if line.startswith("如不服"))
    bare = decision.replace(remedy + "\n", "")
    bare = bare.replace("经营场所：瓯江区学院路12号\n", "").replace("瓯江区市场监督管理局\n2022年6月8日\n", "")
    assert fired_rules(checker.check(document_from_text(bare))) == {
        "enf.remedy-missing", "enf.party-missing", "enf.authority-date-missing"}


def test_score_in_json_and_text(tmp_path, capsys):
    path = tmp_path / "case.txt"
    path.write_text(CASE_FILE.replace("六十日内", "十五日内"), encoding="utf-8")
    assert main(["check", "--format", "json", str(path)]) == 1
    document = json.loads(capsys.readouterr().out)["documents"][0]
    assert document["score"]["score"] == 97 and document["score"]["deductions"][0]["rule"] == "enf.remedy-period-wrong"
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert "案卷评查" in out and "-3 说理/文书：enf.remedy-period-wrong" in out


DECISION = """瓯江区城区老旧小区改造重大行政决策方案
一、决策事项：对2000年前建成的68个老旧小区实施综合改造。
二、公众参与：2022年3月1日至3月31日在区政府门户网站公开征求意见，共收到意见42条。
三、专家论证：2022年4月6日召开专家论证会，5名专家出具论证意见。
四、风险评估：委托第三方开展社会稳定风险评估，评估结论为低风险。
五、合法性审查：区司法局出具合法性审查意见书。
六、集体讨论决定：2022年5月10日经区政府第21次常务会议审议通过。
"""


def test_decision_with_all_five_procedures(checker):
    result = checker.check(document_from_text(DECISION))
    assert result.kind == "decision" and result.findings == []
    assert result.facts["comment_period_days"] == 31


@pytest.mark.parametrize(("change", "rules"), [
    (("3月31日", "3月15日"), {"decision.comment-period-short"}),
    ((DECISION.splitlines()[3], "三、本事项无需专家论证。"), {"decision.expert-missing"}),
    (("四、风险评估：委托第三方开展社会稳定风险评估，评估结论为低风险。\n", ""), {"decision.risk-missing"}),
    (("六、集体讨论决定：2022年5月10日经区政府第21次常务会议审议通过。\n", ""), {"decision.collective-missing"}),
])
def test_decision_defects(checker, change, rules):
    text = DECISION.replace(*change)
    assert text != DECISION
    assert fired_rules(checker.check(document_from_text(text))) == rules


@pytest.mark.parametrize(("participation", "days"), [
    # the period's ends on the lines under the sentence that names it
    ("二、公众参与：方案在区政府门户网站公开征求意见，征求意见时间：\n开始时间：2022年3月1日\n截止时间：2022年3月20日\n",
     20),
    # working days: 22 of them are a month of calendar days, 15 are three weeks
    ("二、公众参与：在区政府门户网站公开征求意见，期限为22个工作日。\n", 30),
    ("二、公众参与：在区政府门户网站公开征求意见，期限为15个工作日。\n", 21),
    # said to fall short of the legal minimum: a day less at most
    ("二、公众参与：在区政府门户网站公开征求意见，但征求意见期限不足30日。\n", 29),
    # the departments' 7 days are not the public's ("市民政局", "社会保障局" name no public)
    ("二、公众参与：2022年3月1日至3月31日在区政府门户网站公开征求意见。\n"
     "另于3月2日至3月8日书面征求区民政局、区人力资源和社会保障局等部门意见，征求意见期为7日。\n", 31),
])
def test_comment_period_forms(checker, participation, days):
    text = DECISION.replace(DECISION.splitlines()[2] + "\n", participation)
    assert text != DECISION
    result = checker.check(document_from_text(text))
    assert result.facts["comment_period_days"] == days
    assert ("decision.comment-period-short" in fired_rules(result)) == (days < 30)


def test_a_case_folder_with_a_marker_is_one_case(tmp_path, capsys):
    import docx

    folder = tmp_path / "2022-015 好味来无证经营"
    folder.mkdir()
    (folder / ".lawlint-case").write_text("", encoding="utf-8")
    instruments = CASE_FILE.split("\n现场检查（勘验）笔录\n")
    (folder / "01-立案审批表.txt").write_text(instruments[0], encoding="gb18030")
    rest = "现场检查（勘验）笔录\n" + instruments[1]
    records, decision_and_service = rest.split("行政处罚事先告知书\n")
    (folder / "02-笔录.txt").write_text(records, encoding="utf-8")
    notice, decision = decision_and_service.split("行政处罚决定书\n")
    (folder / "03-告知书.txt").write_text("行政处罚事先告知书\n" + notice, encoding="utf-8")
    word = docx.Document()
    for line in ("行政处罚决定书\n" + decision.split("送达回证\n")[0]).splitlines():
        word.add_paragraph(line)
    word.save(folder / "04-决定书.docx")
    (tmp_path / "other.txt").write_text("关于2022年度工作情况的总结\n今年完成了任务。\n", encoding="utf-8")
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    documents = json.loads(capsys.readouterr().out)["documents"]
    assert [d["path"].rsplit("/", 1)[-1] for d in documents] == ["2022-015 好味来无证经营", "other.txt"]
    case = documents[0]
    assert case["format"] == "case" and case["kind"] == "enforcement"
    assert {f["rule"] for f in case["findings"]} == {"enf.service-missing"}
    assert case["score"]["score"] == 95
    # Instruments named one by one (as pre-commit passes changed files) are checked as their case, once.
    assert main(["check", "--format", "json", str(folder / "04-决定书.docx"), str(folder / "03-告知书.txt")]) == 1
    (named,) = json.loads(capsys.readouterr().out)["documents"]
    assert named["format"] == "case" and {f["rule"] for f in named["findings"]} == {"enf.service-missing"}
