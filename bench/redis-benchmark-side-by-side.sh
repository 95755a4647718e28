#!/usr/bin/env bash
# Side-by-side throughput with redis-benchmark: cairn (in-memory, --ephemeral) and a real Redis 7
# without persistence, in the same run on this machine. The two are measured alternately, round
# after round, and the median of the rounds is reported with the ratio cairn/redis (this machine
# is noisy: single runs swing by 2x).
# Usage: bench/redis-benchmark-side-by-side.sh [requests] [tests] [clients] [pipeline] [rounds]
# Needs redis-server and redis-benchmark (apt-get install -y redis-server redis-tools) and a build (npm run build).
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-100000}"
tests="${2:-ping,set,get,incr,mset}"
clients="${3:-50}"
pipeline="${4:-1}"
rounds="${5:-3}"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

redis_port="$(free_port)"
cairn_port="$(free_port)"
pids=()
results="$(mktemp)"
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -f "$results"; }
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --loglevel warning >/dev/null &
pids+=($!)
node bin/cairn.js server --ephemeral --port "$cairn_port" --loglevel warning >/dev/null 2>&1 &
pids+=($!)

for port in "$redis_port" "$cairn_port"; do
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

# One redis-benchmark run; prints "system<TAB>test<TAB>requests per second" lines.
run() {
  redis-benchmark -p "$2" -q -n "$requests" -c "$clients" -P "$pipeline" -t "$tests" 2>&1 | tr '\r' '\n' |
    grep -E 'requests per second' | sed -E "s/^(.*): ([0-9.]+) requests per second.*/$1\t\1\t\2/"
}

echo "redis-benchmark -q -n $requests -c $clients -P $pipeline -t $tests, $rounds alternating rounds ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo "redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/') on :$redis_port, cairn on :$cairn_port"
for round in $(seq 1 "$rounds"); do
  run redis "$redis_port" >>"$results"
  run cairn "$cairn_port" >>"$results"
done

node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split("\t"));
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const tests = [...new Set(lines.map(([, test]) => test))];
  const of = (system, test) => lines.filter(([s, t]) => s === system && t === test).map(([, , rps]) => Number(rps));
  console.log(["test".padEnd(16), "redis_rps".padStart(12), "cairn_rps".padStart(12), "ratio".padStart(7), "  cairn runs"].join(""));
  for (const test of tests) {
    const redis = median(of("redis", test));
    const cairn = median(of("cairn", test));
    console.log([test.padEnd(16), redis.toFixed(0).padStart(12), cairn.toFixed(0).padStart(12), (cairn / redis).toFixed(2).padStart(7), "  " + of("cairn", test).map((x) => x.toFixed(0)).join(" ")].join(""));
  }
' "$results"
