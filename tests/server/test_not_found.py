"""Unknown API paths answer JSON, not an HTML page."""


def test_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found: /api/no-such-endpoint/"}
