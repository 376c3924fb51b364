"""Contract review end to end: structure, five-unified checklist, amounts, and the project config."""

from __future__ import annotations

import json

import docx
import pytest

from checkers.config import ConfigError, load_config, parse_config
from cli import main
from helpers import document_from_text, fired_rules

CONTRACT = """瓯江区政府法律顾问服务合同
合同编号：瓯司合〔2022〕15号
本合同参照《浙江省政府采购合同示范文本（服务类）》（范本编号：ZJ-FW-2021）订立。
甲方（委托方）：瓯江区司法局
住所：瓯江区府前路1号
法定代表人：王某
乙方（受托方）：浙江瓯越律师事务所
住所：温州市鹿城区车站大道8号
负责人：李某
一、服务内容：为甲方提供法律咨询、合同审查服务。
二、服务期限：自2022年3月1日起至2023年2月28日止。
三、服务费用：顾问费为人民币伍万元整（¥50,000.00），分两期支付。
四、违约责任：任何一方违约的，应赔偿对方因此遭受的损失。
五、争议解决：因本合同发生的争议，提交温州仲裁委员会仲裁。一方不履行裁决的，另一方可以向人民法院申请执行。
甲方（盖章）：
乙方（盖章）：
签订日期：2022年2月20日
合法性审查意见：经瓯江区司法局审查，本合同合法有效（瓯司审〔2022〕8号）。
备案号：瓯合备〔2022〕21号，备案日期：2022年2月25日。
"""


def test_clean_contract_has_a_full_checklist(checker):
    result = checker.check(document_from_text(CONTRACT))
    assert result.kind == "contract"
    assert result.findings == []
    checklist = result.facts["five_unified"]
    assert {item: entry["status"] for item, entry in checklist.items()} == {
        "template": "present", "number": "present", "review": "present", "filing": "present", "cleanup": "present"}
    assert checklist["number"]["value"] == "瓯司合〔2022〕15号"
    assert checklist["review"]["value"] == "瓯司审〔2022〕8号"
    assert checklist["cleanup"]["value"] == ["2022-03-01", "2023-02-28"]
    contract = result.facts["contract"]
    assert [p["role"] for p in contract["parties"]] == ["甲方", "乙方"]
    assert contract["parties"][1]["address"] == "温州市鹿城区车站大道8号"
    assert [a["value"] for a in contract["amounts"]] == [50000.0, 50000.0]
    assert contract["dispute"]["arbitration"] == "温州仲裁委员会"
    assert contract["signed"]["dates"] == ["2022-02-20"] and contract["sealed"]
    assert contract["filing"] == {"number": "瓯合备〔2022〕21号", "date": "2022-02-25"}
    assert contract["subject"].startswith("一、服务内容") and "违约" in contract["liability"]
    assert contract["review"]["number"] == "瓯司审〔2022〕8号"
    assert contract["term"]["dates"] == ["2022-03-01", "2023-02-28"]


@pytest.mark.parametrize(("change", "rule"), [
    (("合同编号：瓯司合〔2022〕15号\n", ""), "contract.number-missing"),
    (("瓯司合〔2022〕15号", "HT-2022-015"), "contract.number-format"),
    ((CONTRACT.splitlines()[2] + "\n", ""), "contract.template-missing"),
    (("住所：温州市鹿城区车站大道8号\n", ""), "contract.parties-missing"),
    (("二、服务期限：自2022年3月1日起至2023年2月28日止。\n", ""), "contract.term-missing"),
    (("（¥50,000.00）", "（¥50,500.00）"), "contract.amount-mismatch"),
    (("提交温州仲裁委员会仲裁。", "可以提交温州仲裁委员会仲裁，也可以向瓯江区人民法院起诉。"),
     "contract.dispute-ambiguous"),
    (("四、违约责任：任何一方违约的，应赔偿对方因此遭受的损失。\n", ""), "contract.liability-missing"),
])
def test_each_defect_fires_exactly_its_rule(checker, change, rule):
    text = CONTRACT.replace(*change)
    assert text != CONTRACT
    assert fired_rules(checker.check(document_from_text(text))) == {rule}


def test_equal_amounts_in_other_forms_do_not_fire(checker):
    for twin in ("人民币伍拾万元整（50万元）", "人民币叁仟元伍角（¥3,000.50）", "人民币伍万元正（RMB 50,000）"):
        text = CONTRACT.replace("人民币伍万元整（¥50,000.00）", twin)
        assert "contract.amount-mismatch" not in fired_rules(checker.check(document_from_text(text))), twin


def test_contract_in_word_with_a_price_table(tmp_path, capsys):
    word = docx.Document()
    for line in CONTRACT.splitlines():
        word.add_paragraph(line)
    table = word.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("项目", "数量", "金额"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("法律咨询", "1", "人民币伍万元整（¥5,000.00）"), strict=True):
        cell.text = text
    path = tmp_path / "合同.docx"
    word.save(path)
    assert main(["check", "--format", "json", str(path)]) == 1
    document = json.loads(capsys.readouterr().out)["documents"][0]
    assert {f["rule"] for f in document["findings"]} == {"contract.amount-mismatch"}
    assert document["facts"]["five_unified"]["filing"]["status"] == "present"


def test_text_report_opens_with_the_checklist(tmp_path, capsys):
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT.replace("备案号：瓯合备〔2022〕21号，备案日期：2022年2月25日。\n", ""), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.index("五统一") < out.index("contract.filing-missing")
    assert "统一备案: ✖ 缺" in out


def test_config_sets_the_number_pattern_and_admin_parties(tmp_path, capsys):
    (tmp_path / "lawlint.toml").write_text(
        '[contract]\nnumber_pattern = "^HT-\\\\d{4}-\\\\d{3}$"\nadmin_parties = ["瓯江区城市更新中心"]\n',
        encoding="utf-8")
    folder = tmp_path / "contracts"
    folder.mkdir()
    text = CONTRACT.replace("瓯司合〔2022〕15号", "HT-2022-015").replace(
        "四、违约责任", "六、瓯江区城市更新中心为乙方的银行贷款承担连带保证责任。\n四、违约责任")
    (folder / "c.txt").write_text(text, encoding="utf-8")
    assert main(["check", "--format", "json", str(folder / "c.txt")]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["documents"][0]["findings"]}
    assert rules == {"contract.guarantee-by-authority"}  # HT-2022-015 now matches the configured pattern


def test_config_in_pyproject_and_its_errors(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.lawlint.contract]\nnumber_patern = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="contract.number_patern"):
        load_config(tmp_path)
    path = tmp_path / "c.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "number_patern" in capsys.readouterr().err
    with pytest.raises(ConfigError, match="unknown key: colour"):
        parse_config({"colour": "red"}, None)
    with pytest.raises(ConfigError, match="bad regex"):
        parse_config({"contract": {"number_pattern": "("}}, None)
    with pytest.raises(ConfigError, match="settings.norm.effective-too-soon.min_days"):
        parse_config({"settings": {"norm.effective-too-soon": {"min_days": 10}}}, None,
                     {"norm.effective-too-soon": {"min_gap_days"}})


def test_rule_settings_from_config_change_thresholds(tmp_path, capsys):
    (tmp_path / "lawlint.toml").write_text('[settings."norm.validity-too-long"]\nmax_years = 10\n', encoding="utf-8")
    path = tmp_path / "n.txt"
    path.write_text("瓯江区停车场管理办法\n瓯政发〔2021〕5号\n第一条 根据《浙江省机动车停车场管理条例》，制定本办法。\n"
                    "第二条 本办法自2021年7月1日起施行，有效期8年。\n瓯江区人民政府\n2021年5月6日\n", encoding="utf-8")
    assert main(["check", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["findings"] == 0


def test_parties_on_one_line_or_in_a_table_row():
    from checkers.extract.parties import find_parties

    inline, row_form, signature = find_parties([
        "甲方：东湖区卫生健康局（以下简称甲方），地址：东湖区人民路1号，负责人：张三",
        "乙方 | 东湖安保服务有限公司",
        "住所 | 东湖区建设路18号",
        "丙方：_______",
        "甲方（盖章）：",
    ])
    assert (inline.name, inline.address, inline.representative) == ("东湖区卫生健康局", "东湖区人民路1号", "张三")
    assert (row_form.name, row_form.address) == ("东湖安保服务有限公司", "东湖区建设路18号")
    assert (signature.role, signature.name, signature.address) == ("丙方", "", "")


def test_parties_as_table_columns_or_several_on_one_line():
    from checkers.extract.parties import find_parties

    columns = find_parties(["| 项目 | 甲方 | 乙方 |", "| 名称 | 南溪县教育局 | 南溪县安途校车服务有限公司 |",
                            "| 住所 | 南溪县文昌路18号 | 南溪县振兴路6号 |"])
    assert [(p.role, p.name, p.address) for p in columns] == [
        ("甲方", "南溪县教育局", "南溪县文昌路18号"), ("乙方", "南溪县安途校车服务有限公司", "南溪县振兴路6号")]
    one_line = find_parties(
        ["甲方：南溪县水利局，住所：南溪县滨江路102号；乙方：南溪县清源公司，住所：南溪县工业路3号。"])
    assert [(p.role, p.name, p.address) for p in one_line] == [
        ("甲方", "南溪县水利局", "南溪县滨江路102号"), ("乙方", "南溪县清源公司", "南溪县工业路3号")]
    prefixed = find_parties(["甲方（采购人）名称：南溪县机关事务管理局", "甲方住所：南溪县人民路1号"])
    assert (prefixed[0].name, prefixed[0].address) == ("南溪县机关事务管理局", "南溪县人民路1号")
