"""Read a form out of a page as a browser would submit it: its successful controls, in order."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.found = action, False, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and attrs.get("action") == self.action and not self.found:
            self.inside = self.found = True
        elif self.inside and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "on" if kind in ("radio", "checkbox") else "")))
        elif self.inside and tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields.append((self._textarea, ""))
        elif self.inside and tag == "select":
            self._select, self._options = attrs.get("name"), []
        elif self.inside and tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value.removeprefix("\n"))  # the parser's newline after <textarea>
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.fields.extend((self._select, value) for value in chosen[:1])
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_fields(page: str, action: str) -> dict[str, str]:
    """The name → value pairs the page's POST form for `action` submits as it stands."""
    reader = _FormReader(action)
    reader.feed(page)
    assert reader.found, f"the page has no form posting to {action}"
    return dict(reader.fields)
