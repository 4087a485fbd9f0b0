"""QR codes drawn on the server as an inline <svg>: no script, no inline style, no request
to anyone else, so the page keeps its strict Content-Security-Policy."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe

# About 260 px wide whatever the code's size, so it fits a 360 px phone screen.
TARGET_PIXELS = 260


def qr_svg(text: str) -> SafeString:
    """``text`` as a QR code in an <svg> element, for an authenticator app to scan.

    Marking it safe is sound: segno writes only the module matrix as path data (digits and
    path commands) and fixed colours; the encoded text itself never appears in the markup.
    Colours are SVG presentation attributes, which the CSP's style-src does not govern; the
    element has no xmlns, which HTML does not need (no outside URL on the page).
    """
    code = segno.make(text, error="m")
    width, _ = code.symbol_size(scale=1)
    svg = code.svg_inline(scale=max(2, TARGET_PIXELS // width), dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - generated markup, see the docstring
