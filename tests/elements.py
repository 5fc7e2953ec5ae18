"""A small HTML reader for tests that check markup: elements, ids, text."""

from html.parser import HTMLParser


class Elements(HTMLParser):
    """Every element's attributes, the text inside each id'd element, the h1s."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.open: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = (tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in {"input", "br", "meta", "link", "img"}:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        for tag, attrs in self.open:
            key = attrs.get("id") or (tag if tag in {"h1", "legend"} else "")
            if key:
                self.text[key] = self.text.get(key, "") + data

    def by_id(self, element_id: str) -> dict[str, str]:
        matches = [attrs for _, attrs in self.elements if attrs.get("id") == element_id]
        assert len(matches) == 1, (element_id, matches)
        return matches[0]

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def said(self, key: str) -> str:
        return " ".join(self.text.get(key, "").split())

    def summary_links(self) -> list[str]:
        return [
            attrs["href"]
            for attrs in self.all("a")
            if attrs.get("href", "")[:4] == "#id_"
        ]
