"""Static assets are fingerprinted, cached for a year and compressed."""
import gzip
import re


def test_stylesheet_is_fingerprinted_immutable_and_gzipped(client):
    html = client.get("/en-gb/").get_data(as_text=True)
    href = re.search(r'<link rel="stylesheet" href="(/assets/css/app\.[0-9a-f]{10}\.css)">', html).group(1)
    response = client.get(href, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


def test_a_stale_fingerprint_is_a_404(client):
    assert client.get("/assets/css/app.0000000000.css").status_code == 404
    assert client.get("/assets/../config/settings.0000000000.py").status_code == 404


def test_pages_are_compressed_for_browsers_that_accept_gzip(client):
    response = client.get("/en-gb/", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    plain = client.get("/en-gb/").get_data()
    assert gzip.decompress(response.get_data()) == plain  # ISA-L writes plain gzip
    assert len(response.get_data()) * 4 < len(plain)


def test_nothing_is_loaded_from_another_host(client):
    html = client.get("/fr-fr/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//(?!localhost)', html.replace('href="http://localhost', ""))
