"""The printed forms, read back as a reviewer reads them: the text, the pages, the fonts, the ink.

Each test renders a real document (tests/data/documents) to a PDF with ``render_document_pdf`` and
looks at the result with pypdf and poppler (pdftotext, pdffonts, pdftoppm), never at the layout
objects that made it.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from perfdesk.domain.document import FormDoc, read_document
from perfdesk.reports.forms import ReportError, build_sheet
from perfdesk.reports.pdf import render_document_pdf
from perfdesk.reports.sheet import document_hash

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents"
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdffonts, pdftoppm) missing"
)
PACKAGE_SHA = hashlib.sha256(b"submission package").hexdigest()


def example(name: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))
    return raw


def long_document(kind: str = "targets", count: int = 40) -> dict[str, Any]:
    """A road project with ``count`` indicators in six 二级 groups: more than one page."""
    raw = example(f"{kind}-road")
    groups = [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "时效指标"),
        ("效益指标", "社会效益指标"),
        ("效益指标", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    rows = []
    for i in range(count):
        lv1, lv2 = groups[min(i * len(groups) // count, len(groups) - 1)]
        row = {"lv1": lv1, "lv2": lv2, "lv3": f"村组道路配套设施第{i + 1}项完成数量", "value": f"≥{i + 2}个"}
        row["weight"] = "2.25"
        if kind == "selfeval":
            row.update(actual=str(i + 2), reason="")
        rows.append(row)
    raw["indicators"] = rows
    return raw


def pdf_bytes(raw: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    render_document_pdf(FormDoc(raw), buffer)
    return buffer.getvalue()


def page_texts(data: bytes) -> list[str]:
    """The text of each page as pdftotext lays it out: one printed line per text line."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8").split("\f")[:-1]


def compact(text: str) -> str:
    return "".join(text.split())


def printed_lines(*pages: str) -> list[str]:
    """Every printed line without its spaces: a table row reads as one string."""
    return [compact(line) for page in pages for line in page.splitlines() if line.strip()]


def assert_printed(lines: list[str], *expected: str) -> None:
    for text in expected:
        assert any(text in line for line in lines), f"{text!r} not printed on one line"


@needs_poppler
def test_the_target_sheet_has_the_title_header_funds_goals_and_indicators() -> None:
    raw = example("targets-road")
    pages = page_texts(pdf_bytes(raw))
    assert len(pages) == 1
    lines = printed_lines(pages[0])
    assert_printed(
        lines,
        "2022年度项目支出绩效目标表",
        "填报单位（盖章）：城关镇人民政府金额单位：万元",
        "项目名称城关镇东关村产业路硬化项目",
        "主管部门示例县农业农村局实施单位城关镇人民政府",
        "项目负责人张三联系电话0915-5321001",
        "年度资金总额120.00",
        "其中：财政拨款100.00",
        "其他资金20.00",
        "目标1：完成东关村产业路硬化3公里",
        "一级指标二级指标三级指标指标值分值",
        "★★★受益脱贫(监测)人口数≥500人10",
        "新建(改建)村内道路里程≥3公里15",
        "注：★为核心指标，★★★为必须保留的核心指标。",
        "填报人：项目负责人：财务负责人：",
        "单位负责人：日期：年月日",
        "第1页共1页",
    )
    text = compact(pages[0])
    assert "项目资金" in text and "（万元）" in text
    for row in raw["indicators"]:
        assert row["lv3"] in text
    # 一级 and 二级 are merged down their rows: each group's name is printed once.
    assert text.count("产出指标") == 1
    assert text.count("成本指标") == 1


@needs_poppler
def test_the_self_evaluation_prints_computed_scores_total_grade_and_the_override() -> None:
    lines = printed_lines(*page_texts(pdf_bytes(example("selfeval-road"))))
    assert_printed(
        lines,
        "2022年度项目支出绩效自评表",
        "年初预算数全年预算数（A）全年执行数（B）分值得分",
        "年度资金总额120.00120.00118.5010.0098.75%9.88",
        "其中：本年财政拨款100.00———",
        "预期目标实际完成情况",
        "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施",
        "新建(改建)村内道路里程≥3公里3.2公里1515.00",
        "项目(工程)完成及时率≥95%92%54.84雨季连续降雨停工20天",
        "受益脱贫(监测)人口数≥500人480人1010.00*",  # the override, marked
        "总分100.0096.22等级：优",
        "评价结论",
        "存在问题",
        "改进措施",
        "第9行受益脱贫(监测)人口数：计算得分9.60，认定得分10.00；理由：经镇村核实",
        "总分计算：预算执行9.88+指标86.34=96.22。",
        "填报人：项目负责人：财务负责人：单位负责人：日期：年月日",
    )


@needs_poppler
def test_a_long_table_breaks_across_pages_with_its_heading_repeated() -> None:
    pages = page_texts(pdf_bytes(long_document()))
    assert len(pages) == 2
    assert "第 1 页 共 2 页" in PdfReader(io.BytesIO(pdf_bytes(long_document()))).pages[0].extract_text()
    for number, page in enumerate(pages, start=1):
        lines = printed_lines(page)
        assert_printed(lines, f"第{number}页共2页", "一级指标二级指标三级指标指标值分值")
    # A group continued on the next page is named again there, right under the heading.
    page_2 = printed_lines(pages[1])
    heading = page_2.index("一级指标二级指标三级指标指标值分值")
    assert any(name in "".join(page_2[heading + 1 : heading + 8]) for name in ("产出指标", "效益指标"))
    every_row = compact("".join(pages))
    assert all(f"村组道路配套设施第{i}项完成数量" in every_row for i in range(1, 41))


@needs_poppler
def test_forty_self_evaluation_rows_keep_the_total_after_the_last_row() -> None:
    pages = page_texts(pdf_bytes(long_document("selfeval")))
    assert len(pages) >= 3
    last = printed_lines(pages[-1])
    assert_printed(last, "总分100.0099.88等级：优", f"第{len(pages)}页共{len(pages)}页")
    assert_printed(printed_lines(*pages), "≥41个41个2.252.25")


@needs_poppler
@pytest.mark.parametrize("name", ["targets-road", "selfeval-road", "monitoring-road"])
def test_every_font_is_embedded(tmp_path: Path, name: str) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf_bytes(example(name)))
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = lines.splitlines()[2:]
    assert fonts, lines
    for line in fonts:
        assert "TrueType" in line and " yes yes yes " in line, line
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


@needs_poppler
@pytest.mark.parametrize("name", ["targets-road", "selfeval-road", "monitoring-road"])
def test_every_page_renders_with_ink_on_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf_bytes(example(name)))
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert images
    for image_path in images:
        with Image.open(image_path) as image:
            grey = image.convert("L")
            dark = sum(grey.histogram()[:128]) / (grey.width * grey.height)
            assert ImageStat.Stat(grey).stddev[0] > 20, image_path.name
            assert dark > 0.005, image_path.name


@needs_poppler
def test_the_footer_carries_the_short_hash_and_the_package_hash_with_a_qr_code(tmp_path: Path) -> None:
    raw = example("targets-road")
    plain = pdf_bytes(raw)
    stamped = copy.deepcopy(raw)
    stamped["package"] = {"sha256": PACKAGE_SHA.upper()}
    with_package = pdf_bytes(stamped)
    short = document_hash(FormDoc(raw))[:12]
    assert document_hash(FormDoc(stamped)) == document_hash(FormDoc(raw))
    plain_text, package_text = page_texts(plain)[0], page_texts(with_package)[0]
    assert f"文档摘要 {short}" in plain_text and f"文档摘要 {short}" in package_text
    assert "提交包" not in plain_text
    assert f"提交包 SHA-256：{PACKAGE_SHA}" in package_text

    def corner_ink(data: bytes, name: str) -> float:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-singlefile", str(path), str(tmp_path / name)], check=True
        )
        with Image.open(tmp_path / f"{name}.png") as image:
            grey = image.convert("L")
            corner = grey.crop((int(grey.width * 0.8), int(grey.height * 0.92), grey.width, grey.height))
            return sum(corner.histogram()[:128]) / (corner.width * corner.height)

    assert corner_ink(plain, "plain") == 0
    assert corner_ink(with_package, "package") > 0.1  # the QR code's dark modules


def test_the_document_hash_is_the_stores_hash_of_the_canonical_body() -> None:
    from perfdesk.services.forms import canonical_json

    raw = example("selfeval-road")
    expected = hashlib.sha256(canonical_json(raw).encode("utf-8")).hexdigest()
    assert document_hash(FormDoc(raw)) == expected
    assert build_sheet(FormDoc(raw)).short_hash == expected[:12]


def test_the_same_document_gives_the_same_bytes() -> None:
    raw = example("selfeval-road")
    assert pdf_bytes(raw) == pdf_bytes(copy.deepcopy(raw))


def test_render_writes_to_a_path_and_counts_its_pages(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    pages = render_document_pdf(read_document((DOCUMENTS / "targets-road.json").read_bytes()), path)
    assert pages == 1
    assert len(PdfReader(path).pages) == 1
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait


def test_the_self_evaluation_is_landscape() -> None:
    box = PdfReader(io.BytesIO(pdf_bytes(example("selfeval-road")))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


@needs_poppler
def test_the_monitoring_sheet_shows_its_lights_and_ticks() -> None:
    pages = page_texts(pdf_bytes(example("monitoring-road")))
    lines = printed_lines(*pages)
    assert_printed(
        lines,
        "2022年度项目支出绩效运行监控表",
        "监控期间：1—7月金额单位：万元",
        "年度资金总额120.00120.0060.0050.00%120.00黄灯",  # 50 % spent against 58.33 % of the year
        "带动增加脱贫人口收入≥15万元3万元15万元红灯√√",
        "新建(改建)村内道路里程≥3公里1.5公里3公里绿灯√",
        "注：时间进度7/12=58.33%。",
    )
    text = compact("".join(pages))
    for expected in ("经费", "完全", "纠偏措施：增加一个施工班组", "偏差原因：其他"):
        assert expected in text, expected


def test_a_self_evaluation_under_an_unknown_profile_is_refused() -> None:
    raw = example("selfeval-road")
    raw["profile"] = "no-such-profile"
    with pytest.raises(ReportError) as caught:
        pdf_bytes(raw)
    assert caught.value.code == "profile.unknown"
    assert "no-such-profile" in str(caught.value)


def test_values_that_are_not_amounts_are_printed_as_written() -> None:
    raw = example("targets-road")
    raw["funds"]["other"] = "二十"
    raw["indicators"][0]["value"] = "≥2.个"
    sheet = build_sheet(FormDoc(raw))
    texts = [cell.text for block in sheet.blocks for row in block.rows for cell in row]
    assert "二十" in texts and "≥2.个" in texts
    assert pdf_bytes(raw).startswith(b"%PDF")


@needs_poppler
def test_a_reason_longer_than_a_page_continues_on_the_next_pages() -> None:
    raw = example("selfeval-road")
    raw["indicators"][3]["reason"] = "甲乙丙丁戊，" * 400
    pages = page_texts(pdf_bytes(raw))
    assert len(pages) >= 3
    assert sum(page.count("戊") for page in pages) == 400  # every character printed, once
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in compact(page)
