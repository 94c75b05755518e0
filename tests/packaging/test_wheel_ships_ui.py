"""The wheel carries the built UI: installed from it, the server answers ``/`` and the bundle's
files with no Node and no source checkout."""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "orchestrator_site" / "webui" / "dist"
PACKAGES = ["orchestrator", "orchestrator_site", "accounts_app", "assets_app", "runs_app"]

pytestmark = pytest.mark.integration

SERVE = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "orchestrator_site.settings"
import django
django.setup()
from django.test import Client
import orchestrator_site.webui as webui
client = Client()
index = client.get("/runs/42")
script = sys.argv[1]
asset = client.get(script)
print(json.dumps({
    "bundle_dir": str(webui.BUNDLE_DIR),
    "index_status": index.status_code,
    "index_has_root": b'id="root"' in index.content,
    "asset_status": asset.status_code,
    "asset_bytes": len(b"".join(asset.streaming_content)) if asset.status_code == 200 else 0,
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (BUNDLE / "index.html").exists():
        pytest.fail("the UI bundle is not built: run `make ui`")
    # A copy of the sources, so no stale ./build tree of the checkout leaks into the wheel.
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(src)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("orchestrator-*.whl")
    return built


def test_the_wheel_holds_exactly_the_built_bundle(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("orchestrator_site/webui/dist/") for n in names if "/webui/dist/" in n}
    built = {str(p.relative_to(BUNDLE)) for p in BUNDLE.rglob("*") if p.is_file()}
    assert shipped == built
    index = (BUNDLE / "index.html").read_text()
    for referenced in re.findall(r'(?:src|href)="/([^"]+)"', index):
        assert referenced in shipped, f"index.html needs {referenced}, which the wheel lacks"


def test_installed_from_the_wheel_the_server_serves_the_ui(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        timeout=300,
    )
    script = re.search(r'src="(/_app/[^"]+\.js)"', (BUNDLE / "index.html").read_text())
    assert script, "index.html names no script"
    result = subprocess.run(
        [sys.executable, "-c", SERVE, script.group(1)],
        env={"PYTHONPATH": str(site), "ORCHESTRATOR_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert served["bundle_dir"].startswith(str(site))
    assert served["index_status"] == 200 and served["index_has_root"]
    assert served["asset_status"] == 200 and served["asset_bytes"] > 1000
