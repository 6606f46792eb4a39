"""The 密钥登记表 read back as the county reads it: the text, the key id groups, the fonts, the QR."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from perfdesk.exchange.keys import generate_key
from perfdesk.reports.pdf_enrolment import EnrolmentSheet, key_id_groups, qr_text, render_enrolment_pdf

KEY = generate_key()
SHEET = EnrolmentSheet.of(
    KEY.public_key,
    unit_code="610921101",
    unit_name="城关镇人民政府",
    preparer="陈志强",
    day=date(2026, 3, 1),
    county_name="示例县",
)


def rendered() -> PdfReader:
    out = io.BytesIO()
    render_enrolment_pdf(SHEET, out)
    return PdfReader(io.BytesIO(out.getvalue()))


def test_the_form_names_the_unit_the_preparer_the_date_and_the_key_id_in_groups() -> None:
    reader = rendered()
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for words in ("密钥登记表", "城关镇人民政府", "610921101", "陈志强", "2026 年 3 月 1 日", "签名", "盖章"):
        assert words in text
    groups = key_id_groups(KEY.key_id)
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert " ".join(groups[:4]) in text and " ".join(groups[4:]) in text
    assert SHEET.fingerprint.upper()[:32] in text


def test_every_font_is_embedded_and_the_qr_holds_the_full_fingerprint() -> None:
    page = rendered().pages[0]
    fonts = page["/Resources"]["/Font"]
    assert fonts
    for ref in fonts.values():
        descriptor = ref.get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
    assert qr_text(SHEET).endswith(SHEET.fingerprint) and len(SHEET.fingerprint) == 64
    assert SHEET.key_id.replace("-", "") == SHEET.fingerprint[:32]
