"""/docs, the interactive API docs, work without internet: every asset comes from the app."""

from html.parser import HTMLParser
from urllib.parse import urlsplit


class AssetRefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.refs.append(value)


def test_docs_page_and_every_asset_it_references_come_from_the_app(client):
    page = client.get("/docs")
    assert page.status_code == 200
    parser = AssetRefs()
    parser.feed(page.get_data(as_text=True))
    assert len(parser.refs) >= 3, parser.refs  # Swagger UI's css, preset and bundle
    for ref in parser.refs:
        parts = urlsplit(ref)
        assert not parts.scheme and not parts.netloc, f"{ref} is fetched from another host"
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        assert len(asset.data) > 1000, ref
    assert any(ref.endswith("swagger-ui-bundle.js") for ref in parser.refs)
    assert client.get("/openapi.json").status_code == 200


def test_an_unknown_docs_asset_is_404(client):
    assert client.get("/docs/assets/../app.py").status_code == 404
    assert client.get("/docs/assets/nothing.js").status_code == 404
