#!/usr/bin/env bash
# The daily reminder run over a generated data set: time to compute every
# agency's digest, to store them (first run of the day), and to find the day
# already done (second run).
#
#   bench/remind.sh [PROVINCES] [YEARS]     (default 34 5: the national data set)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/data.sh
. bench/data.sh "$@"
# Every agency gets a mailbox, so that the run also queues deliveries.
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 "$db" "INSERT OR IGNORE INTO agency_channels (agency_id, channel, recipient) SELECT id, 'email', 'vanthu' || id || '@example.gov.vn' FROM agencies" 2>/dev/null || true
fi
for day in 20/11/2026 21/11/2026; do
  echo "== remind --date $day (dry run: compute only)"
  $bin remind --db "$db" --date "$day" --dry-run | tail -n 1
  echo "== remind --date $day (store digests and deliveries)"
  $bin remind --db "$db" --date "$day" | tail -n 1
  echo "== remind --date $day again (already done: nothing added)"
  $bin remind --db "$db" --date "$day" | tail -n 1
done
