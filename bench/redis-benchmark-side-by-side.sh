#!/usr/bin/env bash
# Side-by-side throughput with redis-benchmark: cairn (in-memory, --ephemeral) and a real Redis 7
# without persistence, in the same run on this machine. Prints requests/s per test and the ratio.
# Usage: bench/redis-benchmark-side-by-side.sh [requests] [tests] [clients] [pipeline]
# Needs redis-server and redis-benchmark (apt-get install -y redis-server redis-tools) and a build (npm run build).
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-100000}"
tests="${2:-ping,set,get,incr,mset}"
clients="${3:-50}"
pipeline="${4:-1}"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

redis_port="$(free_port)"
cairn_port="$(free_port)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --loglevel warning >/dev/null &
pids+=($!)
node bin/cairn.js server --ephemeral --port "$cairn_port" --loglevel warning >/dev/null 2>&1 &
pids+=($!)

for port in "$redis_port" "$cairn_port"; do
  for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

run() { redis-benchmark -p "$1" -q -n "$requests" -c "$clients" -P "$pipeline" -t "$tests" 2>&1 | tr '\r' '\n' | grep -E 'requests per second' ; }

echo "redis-benchmark -q -n $requests -c $clients -P $pipeline -t $tests  ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo "redis $(redis-server --version | sed -E 's/.*v=([^ ]+).*/\1/') on :$redis_port, cairn on :$cairn_port"
redis_out="$(run "$redis_port")"
cairn_out="$(run "$cairn_port")"
printf '%-12s %14s %14s %8s\n' test redis_rps cairn_rps ratio
paste <(echo "$redis_out") <(echo "$cairn_out") | while IFS=$'\t' read -r r c; do
  name="$(echo "$r" | cut -d: -f1)"
  rr="$(echo "$r" | sed -E 's/.*: ([0-9.]+) requests.*/\1/')"
  cr="$(echo "$c" | sed -E 's/.*: ([0-9.]+) requests.*/\1/')"
  printf '%-12s %14s %14s %8s\n' "$name" "$rr" "$cr" "$(node -e "console.log(($cr/$rr).toFixed(2))")"
done
