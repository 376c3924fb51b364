"""Rules apply as of the document's own date: a basis not yet in force does not fire."""

from __future__ import annotations

from helpers import document_from_text, fired_rules

TEMPLATE = """瓯江区集贸市场管理办法
瓯政发〔{year}〕5号
第一条 根据《浙江省农贸市场管理条例》，制定本办法。
第二条 本办法自{year}年9月1日起施行。
瓯江区人民政府
{signed}
"""


def check(checker, year: int, signed: str) -> set[str]:
    return fired_rules(checker.check(document_from_text(TEMPLATE.format(year=year, signed=signed))))


def test_validity_rule_applies_from_its_basis(checker):
    assert "norm.validity-missing" in check(checker, 2020, "2020年7月1日")
    assert "norm.validity-missing" not in check(checker, 2010, "2010年7月1日")


def test_gb9704_2012_date_style_applies_from_2012_07_01(checker):
    assert "fmt.date-style" in check(checker, 2012, "二〇一二年七月一日")
    assert "fmt.date-style" not in check(checker, 2012, "二〇一二年六月三十日")


def test_repealed_law_fires_only_after_its_repeal(checker):
    cited = TEMPLATE.replace("《浙江省农贸市场管理条例》", "《中华人民共和国合同法》")
    text_2021 = cited.format(year=2021, signed="2021年1月1日")
    text_2020 = cited.format(year=2020, signed="2020年12月31日")
    assert "norm.citation-repealed" in fired_rules(checker.check(document_from_text(text_2021)))
    assert "norm.citation-repealed" not in fired_rules(checker.check(document_from_text(text_2020)))
