"""The review panel as the county reviewer uses it on a real store: score a completed road target
sheet item by item, watch the total and grade, explain deductions, save, 定稿; 差 in red."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGroupBox, QWidget

from perfdesk.services import catalog, forms, reviews
from perfdesk.services.store import Store
from ui import prompts
from ui.field_feedback import INVALID_PROPERTY
from ui.review.banner import POOR_COLOR, ReviewBanner
from ui.review.review_panel import ReviewPanel
from ui.review.windows import open_review, open_windows

DOCS = Path(__file__).resolve().parent.parent / "data" / "documents"


def type_chinese(widget: QWidget, text: str) -> None:
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


@pytest.fixture
def road_targets(store: Store) -> forms.DocumentRecord:
    unit = catalog.save_unit(store, code="610921101", name="城关镇人民政府", kind="township")
    project = catalog.create_project(
        store, year=2026, unit_id=unit.id,
        values={"code": "610921-26-0001", "name": "城关镇村内道路硬化项目", "department": "示例县农业农村局",
                "manager": "陈志强", "phone": "0915-5210101", "category": "衔接资金",
                "annual": "120", "fiscal": "100", "other": "20"},
    )  # fmt: skip
    sample = json.loads((DOCS / "targets-road.json").read_text(encoding="utf-8"))
    record = forms.create_document(store, project.id, "targets")
    forms.save_document(
        store, record.id, {**record.body, "goals": sample["goals"], "indicators": sample["indicators"]}
    )
    forms.complete(store, record.id)
    return forms.get_document(store, record.id)


@pytest.fixture
def panel(qtbot, store: Store, road_targets: forms.DocumentRecord) -> ReviewPanel:
    widget = ReviewPanel(store, road_targets.id)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def confirm(_parent: QWidget, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(prompts, "confirm", confirm)
    return asked


def test_the_checklist_is_shown_by_dimension_with_unscored_items(panel: ReviewPanel) -> None:
    boxes = [box.title() for box in panel.findChildren(QGroupBox)]
    assert boxes == ["完整性（25 分）", "相关性（25 分）", "适当性（25 分）", "可行性（25 分）"]
    assert len(panel.scores) == 12
    assert panel.scores["C1"].text() == "未评分" and panel.scores["C1"].maximum() == 10
    assert panel.progress_label.text() == "已评分 0/12 项"
    assert panel.grade_label.text() == "审核等级 待定（差～优）"
    assert panel.consequence_label.text() == "评完全部要点后确定"
    assert "城关镇村内道路硬化项目" in panel.title.text()
    assert "审核中" in panel.subtitle.text() and "城关镇人民政府" in panel.subtitle.text()
    assert reviews.review_of(panel.store, panel.document.id).status == "draft"


def test_scores_give_a_live_total_and_grade(qtbot, panel: ReviewPanel) -> None:
    panel.fill_unscored_with_full_marks()
    assert panel.total_label.text() == "审核得分 100"
    assert panel.grade_label.text() == "审核等级 优" and panel.consequence_label.text() == "可纳入预算"
    spin = panel.scores["A1"]
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "2")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.score() == Decimal(2)
    assert panel.total_label.text() == "审核得分 92"
    qtbot.keyClick(spin, Qt.Key.Key_Up)  # steps of 0.5
    assert spin.score() == Decimal("2.5") and panel.total_label.text() == "审核得分 92.5"
    panel.scores["R1"].set_score(Decimal(0))
    assert (panel.grade_label.text(), panel.consequence_label.text()) == (
        "审核等级 良",
        "按审核意见修改后纳入预算",
    )
    assert "2 项扣分未写审核意见" in panel.progress_label.text()
    assert panel.comments["A1"].property(INVALID_PROPERTY)


def test_a_score_cannot_pass_its_weight(qtbot, panel: ReviewPanel) -> None:
    spin = panel.scores["C3"]
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "9")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert (spin.score(), spin.text()) == (None, "未评分")  # 9 is not accepted for a 7-point item
    spin.setValue(99)
    assert spin.score() == Decimal(7)


def test_finalise_is_refused_until_every_item_is_scored_and_explained(
    panel: ReviewPanel, confirmations: list[str]
) -> None:
    panel.scores["C1"].set_score(Decimal(6))
    assert not panel.finalise()
    assert "第2项“目标表述明确清晰”尚未打分" in panel.message.text()
    assert "第1项“填报要素齐全”扣了 4 分" in panel.message.text()
    assert not confirmations  # nothing to confirm yet
    stored = reviews.review_of(panel.store, panel.document.id)
    assert stored.status == "draft" and stored.sheet.score("C1") == Decimal(6)  # what was typed is kept


def test_a_poor_review_is_red_says_not_into_the_budget_and_returns_the_sheet(
    qtbot, panel: ReviewPanel, confirmations: list[str]
) -> None:
    panel.fill_unscored_with_full_marks()
    for key in ("C1", "R1", "A1", "F1", "A2"):
        panel.scores[key].set_score(Decimal(0))
        panel.comments[key].setText("")
        type_chinese(panel.comments[key], "未达要求")
    panel.comments["A2"].editingFinished.emit()
    assert panel.total_label.text() == "审核得分 52"
    assert (panel.grade_label.text(), panel.consequence_label.text()) == ("审核等级 差", "不得纳入预算")
    assert POOR_COLOR in panel.result_bar.styleSheet()
    panel.overall.setText("目标与资金严重不匹配，请重新编制")
    with qtbot.waitSignal(panel.review_finalised) as finalised:
        panel.finalise_button.click()
    assert "不得纳入预算" in confirmations[0] and "退回填报单位" in confirmations[0]
    review = finalised.args[0]
    assert (review.grade, review.budget_allowed) == ("poor", False)
    assert forms.get_document(panel.store, panel.document.id).status == "returned"
    assert not panel.scores["C1"].isEnabled() and not panel.finalise_button.isEnabled()
    assert panel.progress_label.text() == "已定稿，不能修改"

    banner = ReviewBanner()
    qtbot.addWidget(banner)
    banner.show_review(review)
    assert not banner.isHidden()
    assert "差（52 分）— 不得纳入预算" in banner.text.text() and POOR_COLOR in banner.styleSheet()


def test_changes_are_saved_without_pressing_save(qtbot, panel: ReviewPanel) -> None:
    panel.scores["F2"].set_score(Decimal("7.5"))
    panel.comments["F2"].setText("")
    type_chinese(panel.comments["F2"], "满意度无调查方式")
    panel.comments["F2"].editingFinished.emit()
    with qtbot.waitSignal(panel.review_saved, timeout=3000):
        pass
    stored = reviews.review_of(panel.store, panel.document.id).sheet
    assert stored.score("F2") == Decimal("7.5") and stored.comment("F2") == "满意度无调查方式"


def test_a_reopened_panel_shows_what_was_stored(qtbot, store: Store, panel: ReviewPanel) -> None:
    panel.scores["R2"].set_score(Decimal(5))
    panel.comments["R2"].setText("目标2缺少效益指标")
    panel.save_button.click()
    assert panel.message.text() == "已保存"
    again = ReviewPanel(store, panel.document.id)
    qtbot.addWidget(again)
    assert again.scores["R2"].score() == Decimal(5) and again.comments["R2"].text() == "目标2缺少效益指标"
    assert again.review.id == panel.review.id


def test_a_sheet_not_yet_completed_cannot_be_reviewed(
    qtbot, store: Store, road_targets: forms.DocumentRecord
) -> None:
    forms.reopen(store, road_targets.id, reason="补充指标")
    widget = ReviewPanel(store, road_targets.id)
    qtbot.addWidget(widget)
    assert widget.review is None and "不能审核" in widget.subtitle.text()
    assert not widget.finalise_button.isEnabled() and not widget.scores["C1"].isEnabled()


def test_one_window_per_reviewed_sheet(qtbot, store: Store, road_targets: forms.DocumentRecord) -> None:
    window = open_review(store, road_targets.id)  # closed below (it deletes itself on close)
    assert open_review(store, road_targets.id) is window
    assert window.windowTitle().startswith("绩效目标审核 — 城关镇村内道路硬化项目")
    window.panel.scores["C2"].set_score(Decimal(8))
    window.close()
    assert window not in open_windows()
    assert reviews.review_of(store, road_targets.id).sheet.score("C2") == Decimal(8)


def test_the_banner_says_nothing_before_a_review_and_in_review_while_it_is_a_draft(
    qtbot, store: Store, road_targets: forms.DocumentRecord
) -> None:
    banner = ReviewBanner()
    qtbot.addWidget(banner)
    banner.show_review(reviews.review_of(store, road_targets.id))
    assert banner.isHidden()
    reviews.start_review(store, road_targets.id, "县财政局 李审核")
    banner.show_review(reviews.review_of(store, road_targets.id))
    assert not banner.isHidden()
    assert banner.text.text() == "绩效目标审核：审核中（审核人 县财政局 李审核），审核定稿前不能纳入预算。"
