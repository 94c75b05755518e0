"""The single-page UI is served at every client route; its hashed files by whitenoise."""

import pytest
from django.test import Client, override_settings

from orchestrator_site.webui import views

INDEX = b'<!doctype html><div id="root"></div><script type="module" src="/_app/index-abc123.js"></script>'


@pytest.fixture
def bundle(tmp_path, monkeypatch):
    (tmp_path / "_app").mkdir()
    (tmp_path / "index.html").write_bytes(INDEX)
    (tmp_path / "_app" / "index-abc123.js").write_text("console.log('ui')")
    monkeypatch.setattr(views, "INDEX_FILE", tmp_path / "index.html")
    with override_settings(WHITENOISE_ROOT=tmp_path):
        yield tmp_path


@pytest.mark.parametrize("path", ["/", "/assets", "/assets/raw/users", "/runs/42", "/no/such/page"])
def test_client_routes_get_the_index_page(bundle, db, path):
    response = Client().get(path)
    assert response.status_code == 200
    assert response.content == INDEX
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "no-cache" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_hashed_files_are_served_immutable(bundle, db):
    response = Client().get("/_app/index-abc123.js")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"console.log('ui')"
    assert "immutable" in response["Cache-Control"]


def test_api_paths_are_not_the_ui(bundle, db):
    response = Client().get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found: /api/no-such-endpoint/"}
    assert Client().get("/_app/missing.js").status_code == 404


def test_the_index_page_is_read_only(bundle, db):
    assert Client().post("/assets").status_code == 405


def test_without_a_bundle_the_page_says_how_to_build_it(tmp_path, monkeypatch, db):
    monkeypatch.setattr(views, "INDEX_FILE", tmp_path / "missing" / "index.html")
    response = Client().get("/assets")
    assert response.status_code == 503
    assert b"make ui" in response.content
