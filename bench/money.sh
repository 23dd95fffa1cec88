#!/usr/bin/env bash
# Load benchmark of money and targets: wrk (from a second process, on
# loopback) against one province's disbursement view (/giai-ngan, a
# session) and the IOC feed (/api/v1/ioc, a token; with and without its
# ETag), beside /healthz as the ceiling. Reports requests/s, p50 and p99.
#
#   bench/money.sh [PROVINCES] [YEARS]     (default 34 5: the national data set,
#                                           a few hundred projects and 50
#                                           indicators per province)
#
# Needs wrk (Debian package) and a release build (cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${CLIENTS:-50}
seconds=${SECONDS_PER_ROUTE:-10}
export BENCH_DIR=${BENCH_DIR:-/tmp/dondoc-bench-money}
# shellcheck source=bench/data.sh
. bench/data.sh "$@"
DONDOC_PASSWORD=bench-password $bin user add bench --db "$db" --role leader --name Bench >/dev/null 2>&1 || true
token=$($bin user token --user bench --label bench --db "$db")
scope="Ủy ban nhân dân tỉnh P01"
port=18091
$bin serve --db "$db" --addr 127.0.0.1:$port --scope "$scope" --today 22/11/2026 --no-follow-up >"$work/serve-money.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -s -c "$work/cookies-money" -o /dev/null -d 'username=bench&password=bench-password' "http://127.0.0.1:$port/dang-nhap"
cookie="dondoc_session=$(awk '$6 == "dondoc_session" { print $7 }' "$work/cookies-money")"
etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/ioc" | awk -F': ' 'tolower($1) == "etag" { print $2 }' | tr -d '\r')
measure() { # name path header [header]
  local out extra=()
  [ $# -ge 4 ] && extra=(-H "$4")
  out=$(wrk -t2 -c"$clients" -d"${seconds}s" --latency -H "$3" "${extra[@]}" "http://127.0.0.1:$port$2")
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  printf '| %-48s | %10s | %8s | %8s | %s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:+non-2xx: $non2xx}"
}
projects=$(sqlite3 "$db" 'SELECT COUNT(*) FROM projects' 2>/dev/null || echo '?')
indicators=$(sqlite3 "$db" 'SELECT COUNT(*) FROM indicators' 2>/dev/null || echo '?')
echo "== $projects projects, $indicators indicators; wrk -t2 -c$clients -d${seconds}s per route; scope: $scope"
printf '| %-48s | %10s | %8s | %8s |\n' route "requests/s" p50 p99
printf '|%s|%s|%s|%s|\n' "--------------------------------------------------" "------------" "----------" "----------"
measure "/healthz (ceiling: no database)" /healthz "X-Bench: 1"
measure "/giai-ngan (the province's disbursement view)" /giai-ngan "Cookie: $cookie"
measure "/api/v1/ioc (token, full body)" /api/v1/ioc "Authorization: Bearer $token"
measure "/api/v1/ioc (token, If-None-Match: 304)" /api/v1/ioc "Authorization: Bearer $token" "If-None-Match: $etag"
measure "/chi-tieu (indicators, red first)" /chi-tieu "Cookie: $cookie"
