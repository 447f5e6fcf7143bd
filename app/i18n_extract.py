"""A Babel extractor for the reference data files: theme names and descriptions, SDG titles
and descriptions, and UN M49 region names are shown in the reader's language."""

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

TRANSLATED_FIELDS = {
    "themes": ("name", "description"),
    "goals": ("title", "description"),
    "countries": ("region", "subregion", "intermediate_region"),
}


def extract_reference_data(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    data = json.load(fileobj)
    seen: set[str] = set()
    for collection, fields in TRANSLATED_FIELDS.items():
        for row in data.get(collection, []):
            for field in fields:
                text = row.get(field)
                if text and text not in seen:
                    seen.add(text)
                    # Babel wants (line number, function name, message, comments).
                    yield 0, "gettext", text, [f"{collection} {field}"]
