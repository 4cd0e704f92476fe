"""Helpers for tests that drive the Django admin like a browser does."""

from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


class _FormParser(HTMLParser):
    """Collects what a browser would submit from the admin's main form (the one with id `<model>_form`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.textarea_text: list[str] = []

    def _add(self, name: str, value: str) -> None:
        if "__prefix__" not in name:  # the hidden template rows of inlines
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            form_id = attrs.get("id") or ""
            self.in_form = form_id.endswith("_form") and form_id != "logout-form"
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self._add(self.select, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textarea, self.textarea_text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the one newline that follows <textarea>.
            self._add(self.textarea, "".join(self.textarea_text).removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.textarea_text.append(data)


def form_data(response) -> dict[str, list[str]]:
    """The POST data of the admin add/change form in `response`, as rendered (fields, inlines, management forms)."""
    parser = _FormParser()
    parser.feed(response.content.decode())
    return {name: values for name, values in parser.data.items() if values}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
