#!/usr/bin/env bash
# The benchmark in one command: seed 50,000 items on SQLite and PostgreSQL, serve with gunicorn in
# production mode on loopback, measure, and write bench/out/<label>.md and .json.
# Arguments go to bench.run (e.g. --db sqlite, --reuse, --label before, --baseline bench/out/before.json).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m bench.run "$@"
