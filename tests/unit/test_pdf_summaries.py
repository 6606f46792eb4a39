"""The printed summaries and the batch print of a unit, read back as a reviewer reads them."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from perfdesk.domain.monitoring_lights import Light
from perfdesk.reports.forms import ReportError
from perfdesk.services import demo, forms, printing, reviews
from perfdesk.services.store import Store

YEAR = date.today().year
LIGHTS = (Light.RED, Light.YELLOW, Light.GREEN, Light.BLUE)
DEMO_UNIT = "610921101"  # 城关镇人民政府: the demo's completed forms belong to its first project


def text_of(data: bytes) -> list[str]:
    """Each page's text without spaces or line breaks (CJK text is extracted glyph by glyph)."""
    return ["".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def assert_fonts_embedded(data: bytes) -> None:
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"]["/Font"].values()
        assert fonts
        for font in fonts:
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


@pytest.fixture
def demo_store(store: Store) -> Store:
    demo.install_demo(store, today=date(YEAR, 9, 1))
    return store


def review_poorly(store: Store) -> forms.DocumentRecord:
    """The county reviews the demo's target sheet and grades it 差 (half marks on every item)."""
    record = forms.list_documents(store, YEAR, "targets")[0]
    review = reviews.start_review(store, record.id, "王审核")
    sheet = review.sheet
    for item in review.checklist.items:
        sheet = sheet.with_score(item.key, item.weight / 2).with_comment(item.key, "指标未量化，请补充")
    sheet = dataclasses.replace(sheet, overall_comment="目标不明确，指标不可衡量。")
    reviews.finalise_review(store, review.id, sheet)
    return record


def test_batch_print_of_the_demo_unit_has_every_form_in_order(demo_store: Store) -> None:
    printed = printing.render_unit_forms(demo_store, YEAR, DEMO_UNIT)
    pages = text_of(printed.data)
    assert len(pages) == printed.pages >= 3
    titles = [
        next(i for i, page in enumerate(pages) if f"{YEAR}年度项目支出{name}" in page)
        for name in ("绩效目标表", "绩效运行监控表", "绩效自评表")
    ]
    assert titles == sorted(titles)  # 目标表, then 监控表, then 自评表
    assert all("610921-25-0001" in page for page in pages)
    assert_fonts_embedded(printed.data)


def test_batch_print_of_one_kind_and_to_a_file(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "自评.pdf"
    pages = printing.print_unit_forms(demo_store, YEAR, DEMO_UNIT, ["selfeval"], out=out)
    texts = text_of(out.read_bytes())
    assert len(texts) == pages
    assert all("绩效目标表" not in page for page in texts)
    assert "绩效自评表" in texts[0]


@pytest.mark.parametrize(
    ("unit", "kinds", "code"),
    [
        ("999", None, "print.unknown_unit"),
        ("610921102", None, "print.nothing"),
        (DEMO_UNIT, ["x"], "print.unknown_kind"),
    ],
)
def test_batch_print_refusals(demo_store: Store, unit: str, kinds: list[str] | None, code: str) -> None:
    with pytest.raises(ReportError) as caught:
        printing.render_unit_forms(demo_store, YEAR, unit, kinds)
    assert caught.value.code == code


def test_project_items_are_the_projects_forms_in_print_order(demo_store: Store) -> None:
    record = forms.list_documents(demo_store, YEAR, "targets")[0]
    items = printing.project_items(demo_store, record.project_id)
    assert [item.title for item in items] == ["绩效目标表", "绩效运行监控表（7月）", "项目支出绩效自评表"]


def test_review_sheet_says_poor_may_not_enter_the_budget(demo_store: Store) -> None:
    record = review_poorly(demo_store)
    printed = printing.render_review_sheet(demo_store, record.id)
    whole = "".join(text_of(printed.data))
    for expected in (
        f"{YEAR}年度项目支出绩效目标审核表",
        "城关镇村内道路硬化项目",
        "完整性",
        "可行性",
        "指标未量化，请补充",
        "审核得分50",
        "审核等级差",
        "不得纳入预算",
        "审核人：王审核",
        "目标不明确，指标不可衡量。",
        "合计10050",
    ):
        assert expected in whole, expected
    assert f"第1页共{printed.pages}页" in whole
    assert_fonts_embedded(printed.data)


def test_review_sheet_of_an_unreviewed_sheet_is_refused(demo_store: Store) -> None:
    record = forms.list_documents(demo_store, YEAR, "targets")[0]
    with pytest.raises(ReportError, match="还没有审核"):
        printing.render_review_sheet(demo_store, record.id)


def test_monitoring_overview_counts_lights_per_colour(demo_store: Store) -> None:
    printed = printing.render_monitoring_overview(demo_store, YEAR)
    whole = "".join(text_of(printed.data))
    from perfdesk.services.monitoring import monitoring_overview, overview_counts

    rows = monitoring_overview(demo_store, YEAR)
    counts = overview_counts(rows)
    shown = "，".join(f"{light.label}{counts.indicators.get(light, 0)}" for light in LIGHTS)
    assert f"{YEAR}年度项目支出绩效运行监控总览" in whole
    assert f"共{len(rows)}个项目，已填报监控表1个" in whole
    assert f"{shown}（指标个数）" in whole
    assert "城关镇村内道路硬化项目" in whole and "7月" in whole
    assert_fonts_embedded(printed.data)


def test_selfeval_summary_has_totals_grades_and_distribution(demo_store: Store) -> None:
    from perfdesk.services.selfeval import grade_distribution, selfeval_summary

    rows = selfeval_summary(demo_store, YEAR)
    scored = next(row for row in rows if row.total is not None)
    distribution = grade_distribution(rows)
    printed = printing.render_selfeval_summary(demo_store, YEAR)
    whole = "".join(text_of(printed.data))
    assert f"{YEAR}年度项目支出绩效自评汇总表" in whole
    assert "已自评1个" in whole
    assert f"{scored.total.quantize(Decimal('0.01'))}" in whole
    grades = "，".join(
        f"{name}{distribution[key]}个"
        for key, name in zip(("excellent", "good", "fair", "poor"), "优良中差", strict=True)
    )
    assert grades in whole
    assert "中、差项目0个" in whole
    assert_fonts_embedded(printed.data)
