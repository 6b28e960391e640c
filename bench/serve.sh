#!/usr/bin/env bash
# Measures `understudy serve` (release) with wrk on loopback, next to nginx answering a fixed JSON body in
# the same run: the admin health route (the HTTP layer's ceiling), GET of one stored item, and GET of a
# 10-item page from a 10,000-item collection (with every target new, also sorted by a field).
# 2 threads, 64 connections, 10 s each (override with DURATION=5s). Prints req/s, p99 and the ratio to
# nginx; the same for a mock under a profile (specs/project-reports); also time from process start to the
# first served 200 on contract-fit, and RSS with 100,000 stored items; POST creates in memory and with
# --state (SQLite), and a GET with --state. Specmatic's stub is measured too
# when SPECMATIC=1 (PyPI `specmatic`, needs Java).
# Each row is measured right after nginx answering the same kind of request (with the same wrk script for
# the every-target-new rows), so a row's ratio compares two runs seconds apart, not one nginx run at the
# start with a row measured minutes later on a machine whose speed drifts. ROUNDS=N (default 1) measures
# each row N times, each time after its own nginx run, and prints the medians (req/s, p99, and of the
# N ratios).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${UNDERSTUDY_CORPUS:-$root/../shared/corpus}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-1}"
source "$root/bench/lib.sh"
bench_require wrk nginx-light
bench_binary
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

bench_contract "$work/bench.yaml"

run_wrk() { wrk -t2 -c64 -d"$duration" --latency "$@" 2>/dev/null | awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} END {print rps, p99}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# wrk's p99 (850.00us, 5.10ms, 1.02s) in milliseconds.
in_ms() { awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t !~ /ms$/ && t ~ /s$/) v *= 1000; printf "%.2f", v }'; }
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# measure NAME REFERENCE WRK-ARGS...: ROUNDS times nginx (REFERENCE plain, or fresh: with the every-target-new
# script) and then understudy with WRK-ARGS, back to back; sets NAME_rps, NAME_p99 and NAME_ratio to the medians
# (the ratio of each pair, then their median).
measure() {
  local name=$1 reference=$2 rps=() p99s=() ratios=() reference_rps reference_p99 rate p99
  shift 2
  for _ in $(seq "$rounds"); do
    if [[ $reference == fresh ]]; then
      read -r reference_rps reference_p99 <<<"$(run_wrk -s "$work/fresh.lua" "http://127.0.0.1:$nport/")"
    else
      read -r reference_rps reference_p99 <<<"$(run_wrk "http://127.0.0.1:$nport/")"
    fi
    read -r rate p99 <<<"$(run_wrk "$@")"
    rps+=("$rate")
    p99s+=("$(in_ms "$p99")")
    ratios+=("$(ratio "$rate" "$reference_rps")")
  done
  printf -v "${name}_rps" '%s' "$(printf '%s\n' "${rps[@]}" | median)"
  printf -v "${name}_p99" '%sms' "$(printf '%s\n' "${p99s[@]}" | median)"
  printf -v "${name}_ratio" '%s' "$(printf '%s\n' "${ratios[@]}" | median)"
}
# Every request a different target (an extra query member the contract ignores), so no answer can come
# from the mock's read cache: the cost of a read done from scratch. wrk spends more CPU with a script, so
# these rows are compared with nginx measured with the same script. wrk runs the script in each thread
# with the same random numbers, so each thread seeds its own (from the address of a fresh table) and
# numbers its own requests: otherwise both threads ask the same targets and half the reads are cached.
cat > "$work/fresh.lua" <<'LUA'
counter = 0
local prefix = nil
request = function()
  if prefix == nil then
    math.randomseed(os.time() + (tonumber(string.match(tostring({}), "0x(%x+)"), 16) or 0) % 1000003)
    prefix = tostring(math.random(1, 1000000000))
  end
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "fresh=" .. prefix .. "-" .. counter)
end
LUA

# nginx: a fixed JSON body.
nport=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$nport; location / { default_type application/json; return 200 '{"id":1,"name":"alpha","price":9.5}'; } }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_for "http://127.0.0.1:$nport/"
read -r nginx_rps nginx_p99 <<<"$(run_wrk "http://127.0.0.1:$nport/")"
read -r nginx_fresh_rps nginx_fresh_p99 <<<"$(run_wrk -s "$work/fresh.lua" "http://127.0.0.1:$nport/")"

# understudy with 10,000 stored items.
uport=$(free_port)
"$bin" serve "$work/bench.yaml" --port "$uport" --log-level error --max-body 64m &
pids+=($!)
wait_for "http://127.0.0.1:$uport/__understudy/health"
# Load N items through the admin API's state import (one request), after one real create so the
# collection key and item shape are the engine's own; into the server at port $2 (default: the bench's).
load_items() {
  python3 - "${2:-$uport}" "$1" <<'PY'
import http.client, json, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port)
conn.request("POST", "/items", json.dumps({"name": "first", "price": 1}), {"Content-Type": "application/json"})
first = json.loads(conn.getresponse().read())
items = [{"id": str(i), "value": {"id": i, "name": f"item{i}", "price": i}} for i in range(1, count + 1)]
state = {"default": {"collections": {"/items": {"sequence": count, "items": items}}, "singletons": {}}}
conn.request("PUT", "/__understudy/state", json.dumps(state), {"Content-Type": "application/json"})
response = conn.getresponse()
assert response.status == 200, response.read()
response.read()
PY
}
load_items 10000
# The admin API's health route: no contract operation, only the HTTP layer (NIO, the kernel's read and write).
# No row can beat this ceiling, so it says how much of a row's gap to nginx is the engine's.
measure health plain "http://127.0.0.1:$uport/__understudy/health"
measure item plain "http://127.0.0.1:$uport/items/5000"
measure page plain "http://127.0.0.1:$uport/items?limit=10&offset=5000"
measure item_fresh fresh -s "$work/fresh.lua" "http://127.0.0.1:$uport/items/5000"
measure page_fresh fresh -s "$work/fresh.lua" "http://127.0.0.1:$uport/items?limit=10&offset=5000"
# The same page of the 10,000 sorted by name (not the order they were stored in): the order is worked out
# once per store revision (ListOrderMemo), not on every page.
measure sorted_fresh fresh -s "$work/fresh.lua" "http://127.0.0.1:$uport/items?sort=-name&limit=10&offset=5000"

# A mock under a profile (specs/project-reports: bearer principals, permission rules, a seeded resource, a
# list rule with filters and sorting): every request passes the security, permission and rate-limit stages;
# a repeated read is then answered from the read cache (its rules read neither the clock nor chance), so
# the list is measured a second time with every target new: the whole pipeline on every request.
pport=$(free_port)
"$bin" serve "$root/specs/project-reports" --port "$pport" --log-level error &
pids+=($!)
wait_for "http://127.0.0.1:$pport/__understudy/health"
auth=(-H "Authorization: Bearer projects-demo-token")
measure profile_item plain "${auth[@]}" "http://127.0.0.1:$pport/api/v0/reports/3"
measure profile_list plain "${auth[@]}" "http://127.0.0.1:$pport/api/v0/reports?per_page=5&sort=-to_invoice_price&is_active=1"
measure profile_fresh fresh "${auth[@]}" -s "$work/fresh.lua" \
  "http://127.0.0.1:$pport/api/v0/reports?per_page=5&sort=-to_invoice_price&is_active=1"

# Writes, and what --state costs: POST creates against the in-memory mock, then against one keeping its state
# in a SQLite file (every create committed before it is answered); and a GET of a stored item with --state.
cat > "$work/create.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"name":"created","price":2}'
wrk.headers["Content-Type"] = "application/json"
LUA
measure create plain -s "$work/create.lua" "http://127.0.0.1:$uport/items"
stport=$(free_port)
"$bin" serve "$work/bench.yaml" --port "$stport" --log-level error --state "$work/state.db" >/dev/null &
pids+=($!)
wait_for "http://127.0.0.1:$stport/__understudy/health"
state_id=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"kept","price":3}' \
  "http://127.0.0.1:$stport/items" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
measure state_item plain "http://127.0.0.1:$stport/items/$state_id"
measure state_create plain -s "$work/create.lua" "http://127.0.0.1:$stport/items"

echo "wrk -t2 -c64 -d$duration on loopback; each row after its own nginx run, median of $rounds"
printf "%-34s %10s %9s %10s\n" target req/s p99 vs_nginx
printf "%-34s %10s %9s %10s\n" "nginx fixed JSON" "$nginx_rps" "$nginx_p99" "1.00"
printf "%-34s %10s %9s %10s\n" "health route, HTTP layer only" "$health_rps" "$health_p99" "$health_ratio"
printf "%-34s %10s %9s %10s\n" "understudy GET stored item" "$item_rps" "$item_p99" "$item_ratio"
printf "%-34s %10s %9s %10s\n" "understudy GET 10 of 10,000" "$page_rps" "$page_p99" "$page_ratio"
echo "every request a new target (no cached answer), wrk with a Lua script:"
printf "%-34s %10s %9s %10s\n" "nginx fixed JSON" "$nginx_fresh_rps" "$nginx_fresh_p99" "1.00"
printf "%-34s %10s %9s %10s\n" "understudy GET stored item" "$item_fresh_rps" "$item_fresh_p99" \
  "$item_fresh_ratio"
printf "%-34s %10s %9s %10s\n" "understudy GET 10 of 10,000" "$page_fresh_rps" "$page_fresh_p99" \
  "$page_fresh_ratio"
printf "%-34s %10s %9s %10s\n" "understudy 10 of 10,000, sorted" "$sorted_fresh_rps" "$sorted_fresh_p99" \
  "$sorted_fresh_ratio"
echo "under a profile (specs/project-reports: principal, permission, resource rules):"
printf "%-34s %10s %9s %10s\n" "profile GET report" "$profile_item_rps" "$profile_item_p99" \
  "$profile_item_ratio"
printf "%-34s %10s %9s %10s\n" "profile list, filtered and sorted" "$profile_list_rps" "$profile_list_p99" \
  "$profile_list_ratio"
printf "%-34s %10s %9s %10s\n" "profile list, every target new" "$profile_fresh_rps" "$profile_fresh_p99" \
  "$profile_fresh_ratio"
echo "writes, and state kept in a SQLite file (--state):"
printf "%-34s %10s %9s %10s\n" "understudy POST create" "$create_rps" "$create_p99" "$create_ratio"
printf "%-34s %10s %9s %10s\n" "--state POST create" "$state_create_rps" "$state_create_p99" \
  "$state_create_ratio"
printf "%-34s %10s %9s %10s\n" "--state GET stored item" "$state_item_rps" "$state_item_p99" \
  "$state_item_ratio"

if [[ "${SPECMATIC:-0}" == 1 ]]; then
  # Specmatic's stub on the same spec, from the PyPI package's bundled jar (in its own venv), warmed up
  # (the JVM compiles hot code after a while) before it is measured.
  venv="${SPECMATIC_VENV:-/tmp/venv-specmatic}"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import specmatic' 2>/dev/null || "$venv/bin/pip" install -q specmatic >/dev/null
  jar=$("$venv/bin/python" -c 'import os, specmatic; print(os.path.join(os.path.dirname(specmatic.__file__), "core", "specmatic.jar"))')
  sport=$(free_port)
  (cd "$work" && exec java -jar "$jar" stub bench.yaml --port "$sport" >/dev/null 2>&1) &
  pids+=($!)
  if wait_for "http://127.0.0.1:$sport/items/1"; then
    wrk -t2 -c64 -d5s "http://127.0.0.1:$sport/items/1" >/dev/null 2>&1
    read -r spec_rps spec_p99 <<<"$(run_wrk "http://127.0.0.1:$sport/items/1")"
    printf "%-34s %10s %9s %10s\n" "specmatic stub GET item" "$spec_rps" "$spec_p99" "$(ratio "$spec_rps" "$nginx_rps")"
    echo "understudy GET item / specmatic: $(ratio "$item_rps" "$spec_rps")x;" \
      "with every target new: $(ratio "$item_fresh_rps" "$spec_rps")x"
  fi
fi

# Start-up: process start to first 200 on contract-fit.
sport=$(free_port)
start=$(date +%s.%N)
"$bin" serve "$corpus/contract-fit.openapi.yaml" --port "$sport" --log-level error &
spid=$!
pids+=($spid)
for _ in $(seq 2000); do curl -s -o /dev/null -w '%{http_code}' -u a:b "http://127.0.0.1:$sport/api/about/version" 2>/dev/null | grep -q 200 && break; sleep 0.01; done
end=$(date +%s.%N)
echo "start to first 200 on contract-fit: $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }') s"

# Memory with 100,000 stored items, in a server of its own: the one the rows above used keeps the heap its
# create rows grew (hundreds of thousands of items, however many the run managed), which says more about the
# machine's speed than about what items cost.
mport=$(free_port)
"$bin" serve "$work/bench.yaml" --port "$mport" --log-level error --max-body 64m &
mpid=$!
pids+=($mpid)
wait_for "http://127.0.0.1:$mport/__understudy/health"
load_items 100000 "$mport"
curl -s -o /dev/null "http://127.0.0.1:$mport/items?limit=1"
echo "RSS with 100,000 stored items: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' /proc/$mpid/status)"
