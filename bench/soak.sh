#!/usr/bin/env bash
# Memory over a long run: wrk creates and reads items across rotating sessions (X-Understudy-Session takes
# SESSIONS different values, default 5,000: more than serve's --max-sessions, so the least recently used are
# evicted as they would be on a shared mock that every CI run gives a new session) for DURATION (default
# 10m), 2 threads, 64 connections. RSS is sampled every 10 s; the verdict compares RSS at the end with RSS
# at minute two (target: at most 1.2x), and prints the request rate, the sessions the mock still holds and
# the statuses wrk saw.
# Usage: bench/soak.sh            DURATION=3m SESSIONS=2000 MAX_SESSIONS=500 bench/soak.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-10m}"
sessions="${SESSIONS:-5000}"
max_sessions="${MAX_SESSIONS:-1000}"
source "$root/bench/lib.sh"
bench_require wrk
bench_binary
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

bench_contract "$work/soak.yaml"

# Each request picks a session in turn; per session: create an item, read it, list the items.
cat >"$work/soak.lua" <<LUA
local sessions = $sessions
local counter = 0
local statuses = {}
request = function()
  local session = "soak-" .. (math.floor(counter / 3) % sessions)
  local step = counter % 3
  counter = counter + 1
  local headers = { ["X-Understudy-Session"] = session, ["Content-Type"] = "application/json" }
  if step == 0 then
    return wrk.format("POST", "/items", headers, '{"name":"item ' .. counter .. ' ' .. string.rep("x", 200) .. '","price":1}')
  elseif step == 1 then
    return wrk.format("GET", "/items/1", headers)
  end
  return wrk.format("GET", "/items?limit=10", headers)
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, %.0f/s, p99 %.1f ms\n", summary.requests,
    summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
LUA

port=$(free_port)
"$bin" serve "$work/soak.yaml" --port "$port" --log-level error --max-sessions "$max_sessions" &
pid=$!
pids+=("$pid")
wait_for "http://127.0.0.1:$port/__understudy/health"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"; }
echo "soak: $duration, $sessions rotating sessions, --max-sessions $max_sessions, wrk -t2 -c64"
wrk -t2 -c64 -d"$duration" -s "$work/soak.lua" "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
pids+=("$wrk_pid")
start=$(date +%s)
samples=()
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep 10
  elapsed=$(($(date +%s) - start))
  mb=$(rss)
  samples+=("$elapsed:$mb")
  printf "  %4d s  RSS %5d MB\n" "$elapsed" "$mb"
done
wait "$wrk_pid" || true
cat "$work/wrk.txt" | grep -E "requests|Non-2xx|Socket errors" || true
held=$(curl -s "http://127.0.0.1:$port/__understudy/state" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "sessions held at the end: $held (cap $max_sessions)"
# RSS at minute two: the sample nearest 120 s; at the end: the last sample.
at_two=$(printf "%s\n" "${samples[@]}" | awk -F: '{d=($1>120?$1-120:120-$1); if (best=="" || d<best) {best=d; v=$2}} END {print v}')
at_end=$(printf "%s\n" "${samples[@]}" | tail -1 | cut -d: -f2)
ratio=$(awk -v a="$at_end" -v b="$at_two" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.2 ? "within" : "OVER") }')
echo "RSS at minute two: $at_two MB; at the end: $at_end MB; ratio $ratio ($verdict the 1.2 target)"
kill -0 "$pid" 2>/dev/null || { echo "the mock is not running any more" >&2; exit 1; }
[[ "$verdict" == within ]]
