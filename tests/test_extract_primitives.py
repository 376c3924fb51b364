"""Tests for the regex extraction primitives on real and generated government-document text."""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkers.extract.amounts import find_amounts, parse_arabic_amount, parse_capital_amount
from checkers.extract.citations import find_citations
from checkers.extract.cn_numbers import cn_to_int, parse_number
from checkers.extract.dates import find_dates, parse_date
from checkers.extract.docno import find_docnos
from checkers.extract.durations import find_validity

GOVCN = Path(__file__).resolve().parents[2] / "shared" / "real" / "govcn"
needs_govcn = pytest.mark.skipif(not GOVCN.is_dir(), reason="../shared/real/govcn not present")


# --- independent renderers: deliberately not sharing code with checkers.extract ---

CAPITAL_DIGIT = "零壹贰叁肆伍陆柒捌玖"
LOWER_DIGIT = "〇一二三四五六七八九"


def render_capital_group(n: int) -> str:
    """1..9999 as 仟佰拾 capital digits, with 零 for inner gaps."""
    out = ""
    gap = False
    for place, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out += "零"
            gap = False
        out += CAPITAL_DIGIT[digit] + unit
    return out


def render_capital_int(n: int, drop_leading_one: bool = False) -> str:
    """0..999_999_999_999 in capital Chinese, e.g. 100_010_000 → 壹亿零壹万."""
    if n == 0:
        return "零"
    out = ""
    gap = False
    for group, unit in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if group == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += render_capital_group(group) + unit
        gap = False
    if drop_leading_one and out.startswith("壹拾"):
        out = out[1:]  # "拾万元" is also written for 100000
    return out


def render_capital_amount(yuan: int, jiao: int, fen: int, drop_leading_one: bool) -> str:
    text = render_capital_int(yuan, drop_leading_one) + "元"
    if jiao:
        text += CAPITAL_DIGIT[jiao] + "角"
    if fen:
        text += ("零" if not jiao else "") + CAPITAL_DIGIT[fen] + "分"
    else:
        text += "整"
    return text


def render_lower_small(n: int) -> str:
    """1..31 as a Chinese month or day: 十, 十二, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else LOWER_DIGIT[tens] + "十")
    return head + (LOWER_DIGIT[ones] if ones else "")


def render_date(day: date, style: str, zero: str) -> str:
    if style == "chinese":
        year = "".join(LOWER_DIGIT[int(c)] for c in str(day.year)).replace("〇", zero)
        return f"{year}年{render_lower_small(day.month)}月{render_lower_small(day.day)}日"
    if style == "arabic":
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "arabic_padded":
        return f"{day.year}年{day.month:02d}月{day.day:02d}日"
    if style == "short_year":
        return f"{day.year % 100:02d}年{day.month}月{day.day}日"
    separator = {"dash": "-", "dot": ".", "slash": "/"}[style]
    return f"{day.year}{separator}{day.month}{separator}{day.day:02d}"


# --- Chinese numerals ---

@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("二〇一九", 2019), ("二○○四", 2004),
        ("三千零五十万", 30_500_000), ("两百", 200), ("一九八一", 1981), ("壹仟零伍", 1005),
        ("伍拾叁万陆仟", 536_000), ("壹亿贰仟万", 120_000_000), ("一万亿", 10**12), ("三十一", 31),
        ("一百五", 150), ("零", 0),
    ],
)
def test_cn_to_int(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize("junk", ["", "abc", "十十", "百", "万", "一二万", "五万万", "亿", "一亿亿", "5"])
def test_cn_to_int_rejects_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(junk)


def test_parse_number_accepts_both_scripts() -> None:
    assert parse_number("32") == 32
    assert parse_number("３２") == 32
    assert parse_number("三十二") == 32


@given(st.integers(min_value=0, max_value=999_999_999_999), st.booleans())
def test_cn_to_int_roundtrips_capital(n: int, drop_leading_one: bool) -> None:
    assert cn_to_int(render_capital_int(n, drop_leading_one)) == n


# --- dates ---

@pytest.mark.parametrize(
    ("text", "iso", "style", "zero_padded", "short_year"),
    [
        ("2019年4月2日", "2019-04-02", "arabic", False, False),
        ("2019年04月02日", "2019-04-02", "arabic", True, False),
        ("19年4月2日", "2019-04-02", "arabic", False, True),
        ("98年4月2日", "1998-04-02", "arabic", False, True),
        ("2019-04-02", "2019-04-02", "dash", True, False),
        ("2019.4.2", "2019-04-02", "dot", False, False),
        ("2019/4/2", "2019-04-02", "slash", False, False),
        ("二〇一九年四月二日", "2019-04-02", "chinese", False, False),
        ("二○一九年四月二日", "2019-04-02", "chinese", False, False),
        ("二〇〇四年十二月十七日", "2004-12-17", "chinese", False, False),
    ],
)
def test_find_dates_forms(text: str, iso: str, style: str, zero_padded: bool, short_year: bool) -> None:
    sentence = f"本办法自{text}起施行。"
    (match,) = find_dates(sentence)
    assert (match.iso, match.style) == (iso, style)
    assert (match.zero_padded, match.short_year) == (zero_padded, short_year)
    assert sentence[match.start : match.end] == match.text == text


def test_find_dates_real_sentences() -> None:
    line = "执行期限为2019年1月1日至2023年12月31日。"  # govcn/18.txt
    assert [d.iso for d in find_dates(line)] == ["2019-01-01", "2023-12-31"]
    line = "一九八〇年九月一日国务院批转国家农委关于召开棉花、糖料生产座谈会的情况报告"  # govcn/40.txt
    assert [d.iso for d in find_dates(line)] == ["1980-09-01"]
    assert parse_date("二○○四年六月十六日") == date(2004, 6, 16)  # govcn/47.txt, written with U+25CB
    assert parse_date("第三十二条 本办法自2019年1月1日起施行。") is None  # not a bare date


@pytest.mark.parametrize(
    "near_miss",
    [
        "2019年2月30日", "2019年13月1日", "2019年4月2号", "2019年4月", "12019-04-02", "2019-04-021",
        "2019.4.2.1", "2019-4.2", "1.2019.4.2", "二〇一九年二月三十日",
        "有关省、市、自治区应按国务院一九八〇年223号文件规定的基数",
    ],
)
def test_find_dates_near_misses(near_miss: str) -> None:
    assert find_dates(near_miss) == []


@given(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31)),
    st.sampled_from(["chinese", "arabic", "arabic_padded", "short_year", "dash", "dot", "slash"]),
    st.sampled_from(["〇", "○"]),
)
def test_dates_roundtrip_every_style(day: date, style: str, zero: str) -> None:
    text = render_date(day, style, zero)
    assert parse_date(text) == day
    (match,) = find_dates(f"于{text}印发")
    assert match.iso == day.isoformat()
    assert match.short_year == (style == "short_year")


# --- amounts ---

@pytest.mark.parametrize(
    ("text", "value", "form"),
    [
        ("5000元", "5000", "arabic"), ("5,000元", "5000", "arabic"), ("¥5,000.00", "5000", "arabic"),
        ("￥5000", "5000", "arabic"), ("RMB 5000", "5000", "arabic"), ("人民币5000元", "5000", "arabic"),
        ("5万元", "50000", "arabic"), ("1.5亿元", "150000000", "arabic"), ("0.5万元", "5000", "arabic"),
        ("5000.50元", "5000.5", "arabic"),
        ("人民币伍仟元整", "5000", "capital"), ("伍拾叁万陆仟元整", "536000", "capital"),
        ("壹佰元伍角", "100.5", "capital"), ("叁元零伍分", "3.05", "capital"),
        ("壹亿贰仟万元正", "120000000", "capital"), ("伍万元", "50000", "capital"), ("拾元", "10", "capital"),
    ],
)
def test_find_amounts_forms(text: str, value: str, form: str) -> None:
    sentence = f"处{text}罚款。"
    (match,) = find_amounts(sentence)
    assert (match.value, match.form, match.text) == (Decimal(value), form, text)
    assert sentence[match.start : match.end] == text


def test_find_amounts_real_sentences() -> None:
    line = "资担保、再担保机构要重点支持单户担保金额500万元及以下的小微企业"  # govcn/02.txt
    assert [a.value for a in find_amounts(line)] == [Decimal(5_000_000)]
    line = "按照每个子女每月1000元的标准定额扣除"  # govcn/32.txt
    assert [a.text for a in find_amounts(line)] == ["1000元"]
    line = "总投资相应调整约为8.5亿元"  # govcn/22.txt
    assert [a.value for a in find_amounts(line)] == [Decimal(850_000_000)]


def test_parse_amount_functions() -> None:
    assert parse_arabic_amount("人民币1.5万元") == Decimal(15000)
    assert parse_capital_amount("人民币伍拾叁万陆仟元整") == Decimal(536000)
    with pytest.raises(ValueError):
        parse_arabic_amount("5000")
    with pytest.raises(ValueError):
        parse_capital_amount("五千元")


@pytest.mark.parametrize(
    "near_miss",
    [
        "5000", "共5000件", "2019年", "5000美元", "港币5000元", "五千元", "比例不得低于80%", "第1,5000元",
        "国务院令第142号",
    ],
)
def test_find_amounts_near_misses(near_miss: str) -> None:
    assert find_amounts(near_miss) == []


@given(
    st.integers(min_value=0, max_value=999_999_999_999),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=0, max_value=9),
    st.booleans(),
    st.booleans(),
)
def test_capital_amount_roundtrip(
    yuan: int, jiao: int, fen: int, drop_leading_one: bool, prefix: bool
) -> None:
    text = ("人民币" if prefix else "") + render_capital_amount(yuan, jiao, fen, drop_leading_one)
    expected = Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100
    assert parse_capital_amount(text) == expected
    (match,) = find_amounts(f"罚款{text}。")
    assert (match.value, match.text) == (expected, text)


# --- validity periods ---

@pytest.mark.parametrize(
    ("text", "years", "months", "end_date_iso"),
    [
        ("有效期5年", Decimal(5), None, None),
        ("有效期为五年", Decimal(5), None, None),
        ("有效期三年", Decimal(3), None, None),
        ("有效期2年", Decimal(2), None, None),
        ("有效期为6个月", None, 6, None),
        ("有效期为两年半", Decimal("2.5"), None, None),
        ("有效期限为5年", Decimal(5), None, None),
        ("试行期为2年", Decimal(2), None, None),
        ("有效期至2024年4月30日", None, None, "2024-04-30"),
        ("有效期至二〇二四年四月三十日", None, None, "2024-04-30"),
        ("有效期自2019年5月1日起至2024年4月30日止", None, None, "2024-04-30"),
        ("有效期为2019年5月1日至2024年4月30日", None, None, "2024-04-30"),
    ],
)
def test_find_validity_forms(
    text: str, years: Decimal | None, months: int | None, end_date_iso: str | None
) -> None:
    sentence = f"本办法{text}。"
    (match,) = find_validity(sentence)
    assert (match.years, match.months, match.end_date_iso) == (years, months, end_date_iso)
    assert sentence[match.start : match.end] == match.text == text


@pytest.mark.parametrize(
    "near_miss",
    [
        "省级文化部门核发的批准文件在有效期内可一证多批使用",  # govcn/57.txt
        "有效期满后自动失效",
        "有效期为2019年",
        "有效期为二〇一九年",
    ],
)
def test_find_validity_near_misses(near_miss: str) -> None:
    assert find_validity(near_miss) == []


# --- 发文字号 ---

@pytest.mark.parametrize(
    ("text", "organ", "year", "serial", "bracket", "zero_padded", "has_di"),
    [
        ("国发〔2019〕5号", "国发", 2019, "5", "〔〕", False, False),
        ("国办发〔2018〕37号", "国办发", 2018, "37", "〔〕", False, False),
        ("鹿政办发〔2019〕12号", "鹿政办发", 2019, "12", "〔〕", False, False),
        ("温鹿司〔2020〕3号", "温鹿司", 2020, "3", "〔〕", False, False),
        ("浙政发〔2018〕第12号", "浙政发", 2018, "12", "〔〕", False, True),
        ("鹿政发〔2019〕012号", "鹿政发", 2019, "012", "〔〕", True, False),
        ("鹿政发[2019]5号", "鹿政发", 2019, "5", "[]", False, False),
        ("鹿政发【2019】5号", "鹿政发", 2019, "5", "【】", False, False),
        ("鹿政发(2019)5号", "鹿政发", 2019, "5", "()", False, False),
        ("鹿政发（2019）5号", "鹿政发", 2019, "5", "（）", False, False),
        ("鹿政发［2019］5号", "鹿政发", 2019, "5", "［］", False, False),
        ("鹿政发〔2019]5号", "鹿政发", 2019, "5", "〔]", False, False),
    ],
)
def test_find_docnos_forms(
    text: str, organ: str, year: int, serial: str, bracket: str, zero_padded: bool, has_di: bool
) -> None:
    sentence = f"《关于加强管理的通知》（{text}）"
    (match,) = find_docnos(sentence)
    assert (match.organ, match.year, match.serial, match.bracket) == (organ, year, serial, bracket)
    assert (match.zero_padded, match.has_di) == (zero_padded, has_di)
    assert sentence[match.start : match.end] == match.text == text


def test_find_docnos_real_sentence() -> None:
    # govcn/23.txt
    line = "你省《关于恳请解决巴东县官渡口镇马鬃山村地质险情有关问题的请示》（鄂政文〔2004〕15号）收悉"
    (match,) = find_docnos(line)
    assert (match.text, match.organ, match.year, match.serial) == ("鄂政文〔2004〕15号", "鄂政文", 2004, "15")


@pytest.mark.parametrize(
    "near_miss",
    [
        "（2019）年度考核", "2019年", "鹿政发〔2019〕", "鹿政发〔2019〕5", "（2019）浙0302民初123号",
        "1994年1月28日中华人民共和国国务院令第142号发布", "国务院一九八〇年223号文件", "鹿政发 〔2019〕5号",
    ],
)
def test_find_docnos_near_misses(near_miss: str) -> None:
    assert find_docnos(near_miss) == []


# --- citations ---

@pytest.mark.parametrize(
    ("text", "title", "law_name", "article", "paragraph", "item"),
    [
        (
            "《中华人民共和国行政处罚法》第五十九条第一款第（三）项",
            "中华人民共和国行政处罚法", "行政处罚法", 59, 1, 3,
        ),
        ("《行政许可法》第十六条", "行政许可法", "行政许可法", 16, None, None),
        ("《行政许可法》第二十条第二款", "行政许可法", "行政许可法", 20, 2, None),
        ("《条例》第十条第（一）项", "条例", "条例", 10, None, 1),
        ("《条例》第十条第一项", "条例", "条例", 10, None, 1),
        ("《条例》第十条第(三)项", "条例", "条例", 10, None, 3),
        ("《办法》第32条", "办法", "办法", 32, None, None),
        ("《行政许可法》", "行政许可法", "行政许可法", None, None, None),
        ("《行政处罚法（2021年修订）》第三十条", "行政处罚法（2021年修订）", "行政处罚法", 30, None, None),
    ],
)
def test_find_citations_forms(
    text: str, title: str, law_name: str, article: int | None, paragraph: int | None, item: int | None
) -> None:
    sentence = f"依据{text}的规定"
    (match,) = find_citations(sentence)
    assert (match.title, match.law_name) == (title, law_name)
    assert (match.article, match.paragraph, match.item) == (article, paragraph, item)
    assert sentence[match.start : match.end] == match.text == text


def test_find_citations_real_sentences() -> None:
    line = "暂时调整实施《中华人民共和国药品管理法实施条例》第三十六条的规定"  # govcn/16.txt
    (match,) = find_citations(line)
    assert (match.law_name, match.article) == ("药品管理法实施条例", 36)
    # govcn/02.txt
    line = "各地区、各部门认真贯彻落实《国务院关于促进融资担保行业加快发展的意见》（国发〔2015〕43号）"
    (match,) = find_citations(line)
    assert match.title == "国务院关于促进融资担保行业加快发展的意见"
    assert match.article is None
    assert [d.text for d in find_docnos(line)] == ["国发〔2015〕43号"]
    # govcn/33.txt
    line = "根据2005年12月19日《国务院关于修改〈中华人民共和国个人所得税法实施条例〉的决定》第一次修订"
    (match,) = find_citations(line)
    assert match.title == "国务院关于修改〈中华人民共和国个人所得税法实施条例〉的决定"
    assert match.article is None


@pytest.mark.parametrize("near_miss", ["依据行政处罚法第五十九条", "“行政许可法”第十六条", "《》"])
def test_find_citations_near_misses(near_miss: str) -> None:
    assert find_citations(near_miss) == []


# --- the State Council corpus ---

# Deliberately looser than dates.py (no calendar check), so the test sees what the finder misses.
LOOSE_DATE = re.compile(
    r"[0-9〇○零一二三四五六七八九]{4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日"
)


def govcn_rows() -> list[dict[str, str]]:
    with (GOVCN / "INDEX.tsv").open(encoding="utf-8", newline="") as index:
        return list(csv.DictReader(index, delimiter="\t"))


@needs_govcn
def test_every_govcn_docno_is_found() -> None:
    rows = govcn_rows()
    assert len(rows) == 60
    # 国务院令 numbers such as 国令第707号 carry no year and are outside the 〔year〕 form.
    bracketed = [row for row in rows if not row["docno"].startswith("国令")]
    assert len(bracketed) == 58
    for row in bracketed:
        text = (GOVCN.parent / row["file"]).read_text(encoding="utf-8")
        found = [d for d in find_docnos(text) if d.text == row["docno"]]
        assert found, row["file"]
        assert all(d.bracket == "〔〕" for d in found), row["file"]


@needs_govcn
def test_every_govcn_last_dated_line_parses() -> None:
    for row in govcn_rows():
        text = (GOVCN.parent / row["file"]).read_text(encoding="utf-8")
        dated_lines = [line for line in text.splitlines() if LOOSE_DATE.search(line)]
        assert dated_lines, row["file"]
        last = dated_lines[-1]
        expected = LOOSE_DATE.findall(last)
        assert [d.text for d in find_dates(last)] == expected, row["file"]
        assert all(parse_date(d) is not None for d in expected), row["file"]
