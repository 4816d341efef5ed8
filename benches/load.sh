#!/usr/bin/env bash
# HTTP load test of `motcua serve` on loopback with wrk (installed from
# Debian if missing): a realistic mix of chat questions (the committed
# evaluation sets: citizens, officials, out of scope), at 1, 16 and 64
# connections; requests/s, p50/p99 latency and errors for each. Also the cold
# start (process start → first chat answer, index already built) and RSS.
#
#   bash benches/load.sh                         # committed corpus
#   CORPUS=corpus-national bash benches/load.sh  # national-size corpus
#   DURATION=30s CONNECTIONS="1 16 64" bash benches/load.sh
#   UNCACHED=1 bash benches/load.sh              # every turn computed: each
#                                                # request names a session
#                                                # nobody started, which the
#                                                # answer cache never serves
#
# The server runs with the rate limit off (all load comes from one address)
# and its normal logging (RUST_LOG=info: one access-log line per request).
# Only 127.0.0.1 is ever contacted. Not part of `cargo test` or CI.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-corpus}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-"1 16 64"}
PORT=${PORT:-18080}
LOG_LEVEL=${RUST_LOG:-info}
URL="http://127.0.0.1:${PORT}"

if ! command -v wrk >/dev/null; then
    echo "installing wrk from Debian…" >&2
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if [ "$CORPUS" = corpus-national ] && [ ! -d corpus-national ]; then
    cargo run --release --quiet -- import --national --corpus corpus-national
fi
cargo build --release --quiet
BIN=./target/release/motcua

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# The question mix, as a wrk Lua script (bodies in long strings: raw UTF-8).
python3 - "$WORK/chat.lua" <<'PY'
import json, sys
qs = []
for name in ("citizen", "official", "out_of_scope"):
    with open(f"tests/eval/{name}.jsonl", encoding="utf-8") as f:
        qs += [json.loads(l)["question"] for l in f if l.strip()]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("bodies = {\n")
    for q in qs:
        out.write("[==[" + json.dumps({"message": q}, ensure_ascii=False) + "]==],\n")
    out.write("}\n")
    out.write(r'''
local counter = 0
function setup(thread)
  thread:set("offset", counter * 97)
  counter = counter + 1
end
function init(args)
  i = offset or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
uncached = os.getenv("UNCACHED") == "1"
function request()
  i = i + 1
  local body = bodies[(i % #bodies) + 1]
  if uncached then
    -- A session nobody started: no follow-up, and no answer-cache hit.
    body = '{"session": "load-' .. (offset or 0) .. '-' .. i .. '", ' .. string.sub(body, 2)
  end
  return wrk.format(nil, "/api/chat", nil, body)
end
function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, errors, summary.errors.status))
end
''')
print(f"{len(qs)} questions", file=sys.stderr)
PY

echo "building the index of $CORPUS…" >&2
"$BIN" index --corpus "$CORPUS" --index "$WORK/index" >/dev/null 2>&1

# Cold start: exec → first chat answer (polling every 5 ms).
start_ns=$(date +%s%N)
RUST_LOG=$LOG_LEVEL "$BIN" serve --addr "127.0.0.1:$PORT" --corpus "$CORPUS" --index "$WORK/index" \
    --rate-limit-rps 0 --watch-index-ms 0 2>"$WORK/server.log" &
SERVER_PID=$!
until curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"message":"làm giấy khai sinh cho con cần gì"}' "$URL/api/chat"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log" >&2; exit 1; fi
    sleep 0.005
done
cold_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status"; }
hwm() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status"; }

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; corpus $CORPUS; $DURATION per run${UNCACHED:+; every turn computed (answer cache bypassed)}"
echo "cold start to first chat answer: ${cold_ms} ms; RSS after start: $(rss) MiB"
echo
echo "| connections | wrk threads | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors (non-2xx) |"
echo "|---|---|---|---|---|---|---|---|---|"
# Warm-up.
wrk -t1 -c4 -d3s -s "$WORK/chat.lua" "$URL" >/dev/null
for c in $CONNECTIONS; do
    t=$(( c < 2 ? 1 : 2 ))
    line=$(wrk -t"$t" -c"$c" -d"$DURATION" --timeout 10s -s "$WORK/chat.lua" "$URL" | grep '^RESULT')
    eval "${line#RESULT }"
    echo "| $c | $t | $rps | $p50_ms | $p90_ms | $p99_ms | $max_ms | $requests | $errors ($non2xx) |"
done
echo
echo "RSS after the runs: $(rss) MiB (peak $(hwm) MiB)"
curl -sf "$URL/metrics" | grep -E '^motcua_(chat_turns_total|chat_abstentions_total|search_overloaded_total|rate_limited_total) ' || true
