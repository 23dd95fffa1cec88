#!/usr/bin/env bash
# Soak benchmark: 50 clients mixing reads and writes against one server for
# ten minutes, on the national data set; errors (must be 0), acknowledged
# writes against stored ones (must be equal), p50/p99 per route, server
# memory at start and end.
#
#   bench/soak.sh [PROVINCES] [YEARS]            SQLite (default 34 5)
#   DB=postgres://u:p@host/db bench/soak.sh ...   PostgreSQL (a fresh database)
#   env CLIENTS (50), DURATION (seconds, 600)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/data.sh
. bench/data.sh "$@"
if [ -n "${DB:-}" ]; then
  db=$DB
  # grep reads all (no -q): an early exit would fail the pipe under pipefail.
  if ! $bin agencies --db "$db" 2>/dev/null | grep "tỉnh P01" >/dev/null; then
    echo "== generating $provinces provinces × $years years into PostgreSQL"
    $bin demo-data --provinces "$provinces" --years "$years" --db "$db" 2>/dev/null | tail -n 2
  fi
fi
for n in $(seq 0 9); do
  DONDOC_PASSWORD=bench-password $bin user add "soak$n" --db "$db" --role secretariat --name "Soak $n" >/dev/null 2>&1 || true
done
token=$($bin user token --user soak0 --label soak --db "$db")
port=18093
$bin serve --db "$db" --addr 127.0.0.1:$port --scope "Ủy ban nhân dân tỉnh P01" --today 22/11/2026 --no-follow-up >"$work/soak-serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
echo "== soak: ${CLIENTS:-50} clients, ${DURATION:-600} s, database $(echo "$db" | sed -E 's#(://[^:]*:)[^@]*@#\1***@#')"
TOKEN=$token python3 bench/soak.py "http://127.0.0.1:$port" "$db" "$server"
