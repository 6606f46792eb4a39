"""Text normalisation shared by every parser: full-width forms, odd spaces, stray quotes."""

from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans(
    {
        "\u3000": " ",  # ideographic space
        "\u00a0": " ",  # no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",  # zero-width space
        "\ufeff": "",  # BOM pasted mid-text
    }
)


def normalize_width(text: str) -> str:
    """Fold full-width ASCII (``９５％``, ``＞＝``) to half-width; keep CJK characters as they are.

    NFKC would also fold ``≥`` look-alikes and CJK compatibility forms; only the full-width
    ASCII block (U+FF01–U+FF5E) and odd spaces are folded here, so names survive unchanged.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out).translate(_EXTRA)


def clean_cell(text: str) -> str:
    """A pasted or imported cell: width folded, outer whitespace and line breaks trimmed."""
    folded = normalize_width(text)
    return " ".join(unicodedata.normalize("NFC", folded).split())
