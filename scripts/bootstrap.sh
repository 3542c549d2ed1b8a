#!/usr/bin/env bash
# Installs what FrontNet needs on a fresh machine: uv, a Python >= 3.12, and the locked
# dependencies in .venv. Safe to run again; prints the python it chose.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v uv >/dev/null 2>&1; then
  echo "· installing uv" >&2
  python3 -m pip install --quiet uv || pip install --quiet uv
  hash -r
fi

works() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

pick_python() {
  local candidate
  candidate=$(uv python find '>=3.12' 2>/dev/null || true)
  if [ -n "$candidate" ] && works "$candidate"; then echo "$candidate"; return; fi
  # pyenv's shims refuse a version that is not selected, so look at the real binaries.
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 \
                   /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] "$(command -v python3 || true)"; do
    if works "$candidate"; then echo "$candidate"; return; fi
  done
  echo "FrontNet needs Python 3.12 or newer and none was found." >&2
  exit 1
}

PY=$(pick_python)
uv sync --frozen --python "$PY" "$@" >&2
echo "$PY"
