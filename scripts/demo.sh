#!/usr/bin/env bash
# Install what is needed and serve Lianxin with the Chinese demo at http://127.0.0.1:5000 (SQLite in instance/).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
export FLASK_APP=app
.venv/bin/flask db upgrade
.venv/bin/flask seed-demo --if-empty
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
echo "连心已启动：http://$HOST:$PORT  （演示账号见 README，密码 demo-2026；按 Ctrl+C 停止）"
exec .venv/bin/waitress-serve --host "$HOST" --port "$PORT" --threads 8 wsgi:app
