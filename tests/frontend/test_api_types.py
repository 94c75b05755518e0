"""The UI's API types are generated from the server's OpenAPI schema and committed: regenerating
them must change nothing, or the UI was built against an API that no longer exists."""

import subprocess
from pathlib import Path

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
COMMITTED = FRONTEND / "src" / "api" / "schema.d.ts"


def test_regenerating_the_api_types_changes_nothing(tmp_path):
    generated = tmp_path / "schema.d.ts"
    subprocess.run([str(FRONTEND / "scripts" / "api-types.sh"), str(generated)], check=True, timeout=300)
    assert generated.read_text() == COMMITTED.read_text(), (
        "frontend/src/api/schema.d.ts is out of date with the API: run `frontend/scripts/api-types.sh`"
    )
