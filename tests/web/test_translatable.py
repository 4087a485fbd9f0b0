"""Every word the panel shows goes through gettext, so a translation can cover the panel.

The templates are read as text: after the translated regions, the template tags and
variables, comments and the HTML tags themselves are taken away, no letters may be left.
Attributes people read (placeholder, title, aria-label, alt) are held to the same rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mailwarden.web

ROOT = Path(mailwarden.web.__file__).parent / "templates"
TEMPLATES = sorted(ROOT.rglob("*.html"))
PRODUCT_NAME = "mailwarden"  # a name, the same in every language
TRANSLATED_BLOCK = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
READ_ATTRIBUTE = re.compile(r"""\b(placeholder|title|aria-label|alt)=("[^"]*"|'[^']*')""")
HTML_TAG = re.compile(r"<[^>]*>", re.S)
RAW_BLOCKS = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def untranslated(text: str) -> list[str]:
    text = TRANSLATED_BLOCK.sub(" ", text)
    text = TEMPLATE_CODE.sub(" ", text)
    found = [value for _, value in READ_ATTRIBUTE.findall(text) if re.search(r"[A-Za-z]", value)]
    text = RAW_BLOCKS.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    text = ENTITY.sub(" ", text)
    found += [w for w in re.findall(r"[A-Za-z][A-Za-z']*", text) if w != PRODUCT_NAME]
    return found


def test_the_check_notices_a_bare_word():
    assert untranslated('<p>Hello {% translate "World" %}</p><i title="Tip">x</i>') == [
        '"Tip"',
        "Hello",
        "x",
    ]
    assert untranslated('<p>{% translate "Hello" %} {{ name }}</p>') == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shown_word_is_translatable(template):
    assert untranslated(template.read_text()) == []
