#!/usr/bin/env bash
# The date-sensitive tests around Beijing's midnight and on a machine whose clock is ahead of Beijing
# (issue #16): each test starts at the given instant (pytest --clock, see tests/conftest.py).
#   23:30 Beijing on a UTC machine:           the last half hour of a Beijing day
#   00:30 Beijing on a UTC machine:           the machine's date is still yesterday
#   23:30 Beijing on Pacific/Kiritimati (+14): the machine's date is already tomorrow
# The day is today's Beijing date, so the tests' data stays where the suite expects it.
# Usage: bash scripts/test-clock.sh [extra pytest arguments]; TEST_DATABASE_URL as for scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DATE_SENSITIVE=(
  tests/test_proposals_flow.py tests/test_proposals_permissions.py tests/test_proposals_list.py
  tests/test_proposals_rounds.py tests/test_proposals_deadlines.py tests/test_proposals_scenario.py
  tests/test_reception_seed.py tests/test_reception_generation.py tests/test_reception_days.py
  tests/test_reception_reminders.py tests/test_reception_points.py
  tests/test_calendar_feed.py tests/test_calendar_views.py tests/test_stats_kpi.py tests/test_query_counts.py
  tests/test_health.py tests/test_auth.py tests/test_rule_sentences.py
)
day=$(TZ=Asia/Shanghai date +%F)
next=$(TZ=Asia/Shanghai date -d "$day + 1 day" +%F)
run() {
  echo "== date-sensitive tests: clock $2, TZ=$1 =="
  TZ=$1 "$PY" -m pytest -q -m "not browser and not slow" -p no:cacheprovider --clock "$2" "${DATE_SENSITIVE[@]}" "${@:3}"
}
run UTC "${day}T23:30+08:00" "$@"
run UTC "${next}T00:30+08:00" "$@"
run Pacific/Kiritimati "${day}T23:30+08:00" "$@"
