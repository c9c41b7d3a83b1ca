#!/usr/bin/env bash
# Run the suite on SQLite and, when DATABASE_URL points to PostgreSQL, again on PostgreSQL.
# Browser tests (tests/e2e) run in the SQLite pass when Chromium is present.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
chromium="${CHROMIUM_PATH:-$(command -v chromium || command -v chromium-browser || true)}"
workers="${SEN_TEST_WORKERS:-2}"
status=0
if [ -n "$chromium" ]; then
  export CHROMIUM_PATH="$chromium"
  echo "== Browser tests: on (Chromium at $chromium)"
  e2e=()
else
  echo "== Browser tests: SKIPPED - no Chromium found (install Debian's 'chromium' or set CHROMIUM_PATH)"
  e2e=(-m "not e2e")
fi
pg_url="${DATABASE_URL:-}"
echo "== Test pass 1/$([ -n "$pg_url" ] && [[ "$pg_url" == postgres* ]] && echo 2 || echo 1): SQLite"
env -u DATABASE_URL SEN_ENV=test "$PY" -m pytest -n "$workers" "${e2e[@]}" "$@" || status=$?
if [[ "$pg_url" == postgres* ]]; then
  echo "== Test pass 2/2: PostgreSQL ($(echo "$pg_url" | sed -E 's#//[^@]*@#//#'))"
  SEN_ENV=test DATABASE_URL="$pg_url" "$PY" -m pytest -n "$workers" -m "not e2e" "$@" || status=$?
else
  echo "== PostgreSQL pass: not run (set DATABASE_URL=postgres://... to run it)"
fi
exit $status
