"""Text normalisation shared by every parser: full-width forms, odd spaces, stray quotes."""

from __future__ import annotations

import re
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
# One table for both folds: full-width ASCII U+FF01–U+FF5E → U+0021–U+007E, then the odd spaces.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | _EXTRA
_FOLDED = re.compile("[\uff01-\uff5e" + "".join(chr(code) for code in _EXTRA) + "]")


def normalize_width(text: str) -> str:
    """Fold full-width ASCII (``９５％``, ``＞＝``) to half-width; keep CJK characters as they are.

    NFKC would also fold ``≥`` look-alikes and CJK compatibility forms; only the full-width
    ASCII block (U+FF01–U+FF5E) and odd spaces are folded here, so names survive unchanged.
    """
    # Every cell of every sheet passes here and almost none holds anything to fold: say so with
    # one scan in C and hand back the text itself.
    if text.isascii() or _FOLDED.search(text) is None:
        return text
    return text.translate(_FOLD)


def clean_cell(text: str) -> str:
    """A pasted or imported cell: width folded, outer whitespace and line breaks trimmed."""
    folded = normalize_width(text)
    return " ".join(unicodedata.normalize("NFC", folded).split())
