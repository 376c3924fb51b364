"""The spaCy components, layout, kind detection and the facts they give the engine."""

from __future__ import annotations

import pytest

from checkers.kind import detect_kind
from checkers.nlp import build_pipeline
from checkers.structure import clause_positions
from helpers import GOVCN_DIR, document_from_text


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline([{"key": "test.penalty", "patterns": ["处以?[^。；]{0,20}罚款"]}])


def labelled(doc, group):
    return [(span.label_, span.text) for span in doc.spans[group]]


def test_entities_carry_normalised_values(nlp):
    doc = nlp("根据《中华人民共和国行政处罚法》第五十九条第一款第（三）项，"
              "瓯政发〔2019〕5号文件于二〇一九年四月二日印发，"
              "罚款人民币伍仟元整（¥5,000.00），有效期至2024年4月30日。")
    by_label = {}
    for span in doc.spans["entities"]:
        by_label.setdefault(span.label_, []).append(span)
    citation = by_label["CITATION"][0]._.value
    assert (citation.law_name, citation.article, citation.paragraph, citation.item) == ("行政处罚法", 59, 1, 3)
    assert by_label["DOCNO"][0]._.value.year == 2019
    assert {s._.value.iso for s in by_label["DATE"]} >= {"2019-04-02", "2024-04-30"}
    assert sorted(float(s._.value.value) for s in by_label["AMOUNT"]) == [5000.0, 5000.0]
    assert by_label["VALIDITY"][0]._.value.end_date_iso == "2024-04-30"


def test_phrases_know_negation_and_quotation(nlp):
    doc = nlp("违反本办法的，处以五百元罚款。规范性文件不得处以罚款。依照《食品安全法》第一百二十二条的规定处以罚款。")
    flags = [(s.text[:2], s._.negated, s._.quoted) for s in doc.spans["phrases"] if s.label_ == "test.penalty"]
    assert flags == [("处以", False, False), ("处以", True, False), ("处以", False, True)]


def test_sentences_break_at_full_stops_and_lines(nlp):
    doc = nlp("第一条 为规范管理，制定本办法。\n（一）他说：“可以。”然后走了。")
    assert [s.text for s in doc.spans["sentences"]] == [
        "第一条 为规范管理，制定本办法。", "（一）他说：“可以。”", "然后走了。"]


def test_clause_positions_follow_articles_paragraphs_and_items():
    document = document_from_text("""第一章 总则
第一条 为了规范管理，制定本办法。
第二条 经营者应当遵守下列规定：
（一）证照齐全；
（二）明码标价。
前款规定以外的事项，由区商务局另行规定。
（一）公示；
第三条 本办法自2021年1月1日起施行。""")
    labels = clause_positions(document.paragraphs)
    assert labels[1] == "第一条"
    assert labels[3] == "第二条第（一）项"
    assert labels[5] == "第二条第二款"
    assert labels[6] == "第二条第二款第（一）项"
    assert labels[7] == "第三条"
    assert 0 not in labels


@pytest.mark.parametrize(("title", "kind"), [
    ("瓯江区人民政府办公室关于印发《瓯江区农贸市场管理办法》的通知", "normative"),
    ("瓯江区城市道路停车收费管理暂行办法（试行）", "normative"),
    ("瓯江区智慧城管系统运维服务合同", "contract"),
    ("行政处罚决定书", "enforcement"),
    ("现场检查（勘验）笔录", "enforcement"),
    ("关于瓯江区老旧小区改造重大行政决策的公告", "decision"),
    ("鹿城区2018年度法治政府建设工作总结及2019年工作思路", "unknown"),
    ("国务院关于同意建立职业教育工作部际联席会议制度的批复", "unknown"),
])
def test_kind_from_title(title, kind):
    assert detect_kind(title, "") == kind


def test_kind_from_body_when_title_is_unusable():
    body = "第一条 为规范管理，制定本办法。\n第二条 本办法自2021年1月1日起施行，有效期5年。\n瓯政发〔2021〕3号"
    assert detect_kind(None, body) == "normative"
    assert detect_kind(None, "今天天气很好。") == "unknown"


@pytest.mark.parametrize(("title", "body", "kind"), [
    # The 请示 and the 纪要 for a matter listed as a 重大行政决策 are decision material …
    ("关于提请审议《瓯江区殡葬设施布局规划》的请示",
     "《规划》已列入《瓯江区2021年度重大行政决策事项目录》（第5项）。现将有关情况报告如下。", "decision"),
    ("瓯江区人民政府常务会议纪要", "会议认为，该事项是区政府2019年度重大行政决策事项。", "decision"),
    ("瓯江区城区公共停车收费标准调整方案", "本方案为瓯江区2020年度重大行政决策事项。", "decision"),
    ("榉原县重大行政决策程序履行情况表", "目录编号 | 榉原县2018年度重大行政决策事项目录第3项", "decision"),
    ("《瓯江区宅基地审批管理改革实施方案》决策实施后评估报告", "", "decision"),
    # … but naming the 目录 or the procedure rules is no claim about the paper's own matter,
    ("瓯江区司法局2018年度法治政府建设工作总结",
     "制定《瓯江区重大行政决策事项目录》，对重大行政决策实行目录化管理。", "unknown"),
    # and a title naming a kind of its own keeps it.
    ("瓯江区政府投资项目管理办法", "列入年度重大行政决策事项目录的项目，按决策程序办理。", "normative"),
])
def test_kind_claimed_by_the_body_when_the_title_names_only_a_work_product(title, body, kind):
    assert detect_kind(title, body) == kind


def test_a_title_over_two_lines_reports_both_and_names_no_procedure_done(checker):
    document = document_from_text("""瓯 江 区 教 育 局
瓯教函〔2024〕27号
瓯江区教育局关于提请对《瓯江区中小学校布局专项规划
（2024—2035年）（决策草案）》进行合法性审查的函
区司法局：
该事项已列入《瓯江区人民政府2024年度重大行政决策事项目录》。2024年5月10日至6月20日在区政府网站公开征求意见。
瓯江区教育局
2024年7月1日""")
    extracted = checker.extract(document)
    assert extracted.layout.title_paragraphs == (2, 3)  # the spaced organ line above is no part of it
    assert extracted.layout.title.endswith("进行合法性审查的函")
    legality = [f for f in extracted.evidence if f["t"] == "signal" and f["name"] == "legality"]
    assert legality and all(f["heading"] for f in legality)
    assert "decision.legality-missing" in {f.rule for f in checker.check(document).findings}


def test_facts_for_a_notice_that_issues_a_measure(checker):
    document = document_from_text("""瓯江区人民政府办公室关于印发
《瓯江区农贸市场管理办法》的通知
瓯政办发〔2021〕8号
各乡镇人民政府、街道办事处，区政府直属各单位：
《瓯江区农贸市场管理办法》已经区政府同意，现印发给你们，请认真贯彻执行。
瓯江区人民政府办公室
2021年5月20日
瓯江区农贸市场管理办法
第一条 根据《浙江省农贸市场管理条例》，制定本办法。
第二条 本办法自2021年6月19日起施行，有效期至2026年6月18日。""")
    extracted = checker.extract(document)
    assert extracted.kind == "normative"
    assert extracted.layout.title == "瓯江区人民政府办公室关于印发《瓯江区农贸市场管理办法》的通知"
    assert extracted.summary["docno"] == "瓯政办发〔2021〕8号"
    assert extracted.summary["written_date"] == "2021-05-20"
    assert extracted.summary["effective_date"] == "2021-06-19"
    assert extracted.summary["validity_years"] == 5.0  # 有效期至 the day before the fifth anniversary
    facts = {(f["t"], f.get("role")) for f in extracted.evidence}
    assert {("docno", None), ("date", "written"), ("date", "effective"), ("validity", None)} <= facts
    result = checker.check(document)
    # 30 days to the day from 成文 to 施行 is allowed; exactly five years of validity too.
    assert {f.rule for f in result.findings} == set()


@pytest.mark.skipif(not GOVCN_DIR.is_dir(), reason="../shared/real/govcn not present")
def test_state_council_decree_dates(checker):
    from checkers.parsing import parse_file

    extracted = checker.extract(parse_file(GOVCN_DIR / "32.txt"))
    assert extracted.summary["written_date"] == "2018-12-13"
    assert extracted.summary["effective_date"] == "2019-01-01"
