#!/usr/bin/env bash
# Load benchmark of the web app: wrk (from a second process, on loopback)
# against the dashboard, the task list, the API summary and, as the ceiling,
# a trivial route of the same server. Reports requests/s and p99 per route.
#
#   bench/web.sh [PROVINCES] [YEARS]     (default 34 5: the national data set)
#
# Needs wrk (Debian package) and a release build (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${CLIENTS:-50}
seconds=${SECONDS_PER_ROUTE:-10}
# shellcheck source=bench/data.sh
. bench/data.sh "$@"
DONDOC_PASSWORD=bench-password $bin user add bench --db "$db" --role secretariat --name Bench >/dev/null 2>&1 || true
DONDOC_PASSWORD=bench-password $bin user add bench-writer --db "$db" --role secretariat --name Writer >/dev/null 2>&1 || true
token=$($bin user token --user bench --label bench --db "$db")
scope="Ủy ban nhân dân tỉnh P01"
port=18090
run_server() {
  $bin serve --db "$db" --addr 127.0.0.1:$port --scope "$scope" --today 22/11/2026 --no-follow-up "$@" >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  curl -s -c "$work/cookies" -o /dev/null -d 'username=bench&password=bench-password' "http://127.0.0.1:$port/dang-nhap"
  cookie="dondoc_session=$(awk '$6 == "dondoc_session" { print $7 }' "$work/cookies")"
}
measure() { # name path header
  local out
  out=$(wrk -t2 -c"$clients" -d"${seconds}s" --latency -H "$3" "http://127.0.0.1:$port$2")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  printf '| %-44s | %10s | %8s | %8s |\n' "$1" "$rps" "$p50" "$p99"
}
tasks=$(sqlite3 "$db" 'SELECT COUNT(*) FROM tasks' 2>/dev/null || echo '?')
echo "== $tasks tasks; wrk -t2 -c$clients -d${seconds}s per route; dashboard scope: $scope"
printf '| %-44s | %10s | %8s | %8s |\n' route "requests/s" p50 p99
printf '|%s|%s|%s|%s|\n' "----------------------------------------------" "------------" "----------" "----------"
run_server
measure "/healthz (ceiling: no database)" /healthz "X-Bench: 1"
measure "/ dashboard (cached)" / "Cookie: $cookie"
measure "/nhiem-vu?status=overdue (task list, page 1)" "/nhiem-vu?status=overdue" "Cookie: $cookie"
measure "/api/v1/summary (token)" /api/v1/summary "Authorization: Bearer $token"
# The same routes while another user writes a progress report every second
# (each write starts a new cache generation).
# (Another user: the writer itself reads its own writes at once.)
curl -s -c "$work/wcookies" -o /dev/null -d 'username=bench-writer&password=bench-password' "http://127.0.0.1:$port/dang-nhap"
wcookie="dondoc_session=$(awk '$6 == "dondoc_session" { print $7 }' "$work/wcookies")"
csrf=$(curl -s -H "Cookie: $wcookie" "http://127.0.0.1:$port/nhiem-vu" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
task=$(curl -s -H "Cookie: $wcookie" "http://127.0.0.1:$port/nhiem-vu?open=1" | sed -n 's/.*href="\/nhiem-vu\/\([0-9]*\)".*/\1/p' | head -n 1)
( n=0; while :; do n=$((n + 1))
    curl -s -o /dev/null -H "Cookie: $wcookie" -F "csrf=$csrf" -F percent=10 -F "body=bench $n" -F evidence= \
      "http://127.0.0.1:$port/nhiem-vu/$task/tien-do"
    sleep 1; done ) &
writer=$!
measure "/healthz, a write every second" /healthz "X-Bench: 1"
measure "/ dashboard, a write every second" / "Cookie: $cookie"
measure "/nhiem-vu?status=overdue, a write every second" "/nhiem-vu?status=overdue" "Cookie: $cookie"
kill $writer; wait $writer 2>/dev/null || true
kill $server; wait $server 2>/dev/null || true
run_server --dashboard-cache 0
measure "/ dashboard (cache off: every request queries)" / "Cookie: $cookie"
kill $server; wait $server 2>/dev/null || true
