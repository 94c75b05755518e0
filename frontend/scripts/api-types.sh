#!/usr/bin/env bash
# Regenerates the API client's types from the server's OpenAPI schema.
#   scripts/api-types.sh [OUT]   (default: src/api/schema.d.ts)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/src/api/schema.d.ts}"
python="${PYTHON:-$root/.venv/bin/python}"
schema="$(mktemp --suffix=.yaml)"
trap 'rm -f "$schema"' EXIT
(cd "$root" && DJANGO_SETTINGS_MODULE=tests.settings "$python" manage.py spectacular --file "$schema" >/dev/null)
"$here/node_modules/.bin/openapi-typescript" "$schema" -o "$out" >/dev/null
