#!/usr/bin/env bash
# The read cache benchmark, in one run:
#   1. Zipf reads over USERS users (GET /api/v1/users/{id}, a share through GET /intercom/contacts/{id}) with writes through the
#      gateway (PATCH /api/v1/users/{id}) and changes made elsewhere, announced by signed contact.user.updated webhooks from
#      the stand-in: Intercom calls per 1,000 reads (counted at the stand-in), stale reads, throughput;
#   2. BURST concurrent reads of one id never read before, BURST_TRIALS times: Intercom calls per burst;
#   3. cache hits (GET user by id, one cached user) beside Spring Cloud Gateway (bench/scg) passing the same GET through to
#      a static stand-in (nginx, as bench/perf.sh): throughput, CPU per request, RSS.
# The gateway runs as the image runs it (layers, AOT cache, the Dockerfile's JVM options); its Intercom is the dynamic
# stand-in of bench/cache/CacheBench.java. The proxied (miss) path against SCG is bench/perf.sh's.
# Writes target/cache-bench/<time>/{raw.txt,report.md} and prints the report (each target: measured, met or not).
#
# Needs nginx and wrk (Debian: apt-get install nginx-light wrk), curl and a JDK 21+ (25 preferred).
# Options (environment): DURATION (60: the measured Zipf window, s; DURATION=10 is a quick check of the script),
# ZIPF_WARMUP_SECONDS (DURATION/2: the same workload before the window, not counted), SATURATION_SECONDS (min(20, DURATION)),
# JIT_WARMUP_SECONDS (min(60, DURATION): load before the hit measurement), SCG_WARMUP_SECONDS (2 x JIT_WARMUP_SECONDS), CONNECTIONS (64, wrk),
# CONCURRENCY (32, the Zipf driver's), USERS (10000), ZIPF_EXPONENT (1.0), WRITE_SHARE (0.01), WEBHOOK_SHARE (0.01),
# PASSTHROUGH_SHARE (0.2, of reads), PREFILL (true: every user read once before the workload), BURST (100), BURST_TRIALS (3),
# BURST_DELAY_MS (200: the stand-in's answer time for the burst's ids), SKIP_BUILD (0), JAVA_OPTS (extra JVM options of the gateway),
# CHECK_DETECTOR=1 (a check of the stale read detector, not a benchmark: writes go straight to the stand-in and its webhooks to a
# sink, so the gateway hears of no change; the run must report stale reads and the freshness targets not met).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/perf/tools.sh
DURATION="${DURATION:-60}"; ZIPF_WARMUP_SECONDS="${ZIPF_WARMUP_SECONDS:-$(( DURATION / 2 ))}"
SATURATION_SECONDS="${SATURATION_SECONDS:-$(( DURATION < 20 ? DURATION : 20 ))}"; JIT_WARMUP_SECONDS="${JIT_WARMUP_SECONDS:-$(( DURATION < 60 ? DURATION : 60 ))}"
# SCG starts cold, while the gateway's hit path has had the whole Zipf run: SCG gets twice the warm-up
SCG_WARMUP_SECONDS="${SCG_WARMUP_SECONDS:-$(( 2 * JIT_WARMUP_SECONDS ))}"
CONNECTIONS="${CONNECTIONS:-64}"; CONCURRENCY="${CONCURRENCY:-32}"; USERS="${USERS:-10000}"; ZIPF_EXPONENT="${ZIPF_EXPONENT:-1.0}"
WRITE_SHARE="${WRITE_SHARE:-0.01}"; WEBHOOK_SHARE="${WEBHOOK_SHARE:-0.01}"; PASSTHROUGH_SHARE="${PASSTHROUGH_SHARE:-0.2}"; PREFILL="${PREFILL:-true}"
CHECK_DETECTOR="${CHECK_DETECTOR:-0}"; BURST="${BURST:-100}"; BURST_TRIALS="${BURST_TRIALS:-3}"; BURST_DELAY_MS="${BURST_DELAY_MS:-200}"
STANDIN_PORT=18200; UP_PORT=18210; PAGE_PORT=18212; PX_PORT=18211; API_PORT=18280; MGMT_PORT=18281; SCG_PORT=18290
KEY="bench-caller-key-0123456789abcdef0123"        # a benchmark-only caller key, not a secret
WEBHOOK_SECRET="bench-webhook-secret"               # the benchmark's client secret, not a secret
out="target/cache-bench/$(date -u +%Y%m%dT%H%M%SZ)"; run="$PWD/$out/run"; mkdir -p "$run"
raw="$out/raw.txt"
log() { echo "$*" | tee -a "$raw"; }

source bench/perf/image.sh
bench=(env -u JAVA_TOOL_OPTIONS "$JAVA" -XX:+UseSerialGC -Xmx256m bench/cache/CacheBench.java)
driver=(gateway="http://127.0.0.1:$API_PORT" standin="http://127.0.0.1:$STANDIN_PORT" key="$KEY" users="$USERS")

# --- the stand-ins: the dynamic one for the gateway, nginx's static one for SCG ------------------------------
"${bench[@]}" standin port="$STANDIN_PORT" users="$USERS" burst-ids="$BURST_TRIALS" burst-delay-ms="$BURST_DELAY_MS" \
  secret="$WEBHOOK_SECRET" intake="http://127.0.0.1:$([ "$CHECK_DETECTOR" = 1 ] && echo "$STANDIN_PORT/_bench/sink" || echo "$API_PORT/webhooks/intercom")" \
  > "$run/standin.log" 2>&1 &
standin_pid=$!
"$JAVA" bench/perf/UpstreamData.java "$run/data" > /dev/null
sed -e "s|@RUN@|$run|g; s|@DATA@|$run/data|g; s|@UP_PORT@|$UP_PORT|g; s|@PAGE_PORT@|$PAGE_PORT|g; s|@PX_PORT@|$PX_PORT|g" \
  bench/perf/nginx-upstream.conf > "$run/upstream.conf"
nginx -p "$run" -c "$run/upstream.conf" -e "$run/upstream-error.log"
gateway_pid=""; scg_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2> /dev/null; [ -n "$scg_pid" ] && kill "$scg_pid" 2> /dev/null
  kill "$standin_pid" 2> /dev/null; [ -f "$run/upstream.pid" ] && kill "$(cat "$run/upstream.pid")" 2> /dev/null; true
}
trap cleanup EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$STANDIN_PORT/_bench/counts"; do
  kill -0 "$standin_pid" 2> /dev/null || { cat "$run/standin.log" >&2; exit 1; }
  sleep 0.1
done

# --- the gateway, as the image runs it, with webhooks on (a client secret) ------------------------------------
key_sha256="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
# The one benchmark caller stands for all internal apps: its cap of open Intercom calls (25 by default) is raised to the
# connection pool's 100 and the bulkhead keeps no reserve for other callers (there are none), so that only the shared
# bulkhead (64, waiting up to 1 s) bounds it; else the prefill's 32 concurrent misses would be refused (429).
start=$(date +%s%N)
(cd "$app" && exec env JAVA_TOOL_OPTIONS="$CONTAINER_JAVA_OPTS" "$JAVA" -XX:AOTCache=app.aot -XX:AOTMode=on ${JAVA_OPTS:-} -jar intercom-gateway.jar \
  --intercom.base-url="http://127.0.0.1:$STANDIN_PORT" --intercom.access-token=bench-intercom-token \
  --intercom.client-secret="$WEBHOOK_SECRET" --intercom.rate-limit.budget-per-window=100000000 \
  --server.port="$API_PORT" --management.server.port="$MGMT_PORT" \
  --gateway.clients[0].name=bench --gateway.clients[0].key-sha256[0]="$key_sha256" \
  --gateway.clients[0].scopes=users:read,users:write,intercom:contacts:read \
  --gateway.clients[0].max-concurrent-calls=100 --intercom.concurrency.bulkhead-reserve=0) > "$run/gateway.log" 2>&1 &
gateway_pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness"; do
  kill -0 "$gateway_pid" 2> /dev/null || { tail -30 "$run/gateway.log" >&2; exit 1; }
  sleep 0.05
done

log "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
log "tools: $("$JAVA" -version 2>&1 | head -1), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
log "settings: duration=${DURATION}s zipf_warmup=${ZIPF_WARMUP_SECONDS}s saturation=${SATURATION_SECONDS}s jit_warmup=${JIT_WARMUP_SECONDS}s scg_warmup=${SCG_WARMUP_SECONDS}s connections=$CONNECTIONS concurrency=$CONCURRENCY users=$USERS zipf_exponent=$ZIPF_EXPONENT write_share=$WRITE_SHARE webhook_share=$WEBHOOK_SHARE passthrough_share=$PASSTHROUGH_SHARE prefill=$PREFILL burst=$BURST burst_trials=$BURST_TRIALS burst_delay_ms=$BURST_DELAY_MS check_detector=$CHECK_DETECTOR java_tool_options=\"$CONTAINER_JAVA_OPTS\" java_opts=\"${JAVA_OPTS:-}\""
log "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
log "startup service ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))"

# --- 2. concurrent reads of ids never read before (first: nothing is cached yet) ---------------------------------
"${bench[@]}" burst "${driver[@]}" concurrent="$BURST" trials="$BURST_TRIALS" 2>> "$run/driver.log" | tee -a "$raw"

# --- 1. the Zipf workload ---------------------------------------------------------------------------------------
"${bench[@]}" zipf "${driver[@]}" seconds="$DURATION" warmup-seconds="$ZIPF_WARMUP_SECONDS" concurrency="$CONCURRENCY" \
  zipf-exponent="$ZIPF_EXPONENT" write-share="$WRITE_SHARE" webhook-share="$WEBHOOK_SHARE" passthrough-share="$PASSTHROUGH_SHARE" \
  prefill="$PREFILL" write-target="$([ "$CHECK_DETECTOR" = 1 ] && echo standin || echo gateway)" 2>> "$run/driver.log" | tee -a "$raw"

# --- 3. cache hits beside SCG's pass-through ---------------------------------------------------------------------
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
load() {  # load <connections> <seconds> <url>: wrk's one-line summary
  BENCH_DELAY_MS=0 wrk -t2 -c"$1" -d"$2"s --timeout 10s -s bench/perf/wrk/request.lua "$3" | tail -1
}
stand_in_gets() { curl -sf "http://127.0.0.1:$STANDIN_PORT/_bench/counts" | sed 's/^get=\([0-9]*\).*/\1/'; }
saturate() {  # saturate <target> <pid> <url> <warm-up seconds>: warm-up, then the measured closed loop
  local before after calls_before line
  load 32 "$4" "$3" > /dev/null
  calls_before=$(stand_in_gets); before=$(cpu_ticks "$2")
  line=$(load "$CONNECTIONS" "$SATURATION_SECONDS" "$3")
  after=$(cpu_ticks "$2")
  log "hits $1 saturation connections=$CONNECTIONS $line cpu_ticks=$(( after - before )) clk_tck=$(getconf CLK_TCK) rss_kib=$(rss_kib "$2") upstream_calls=$([ "$1" = service ] && echo $(( $(stand_in_gets) - calls_before )) || echo pass-through)"
}
hot_id=$(printf '6762f0d0%016x' 1)
export BENCH_METHOD=GET BENCH_PATH="/api/v1/users/$hot_id" BENCH_AUTH="$KEY" BENCH_BODY=""
status=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $KEY" "http://127.0.0.1:$API_PORT$BENCH_PATH" | tr -d '\r' | awk -F': ' 'tolower($1) == "cache-status" {print $2}')
echo "GET $BENCH_PATH: Cache-Status $status (the hit run needs hits)" >> "$run/driver.log"
saturate service "$gateway_pid" "http://127.0.0.1:$API_PORT" "$JIT_WARMUP_SECONDS"
kill "$gateway_pid" 2> /dev/null; wait "$gateway_pid" 2> /dev/null || true; gateway_pid=""

env JAVA_TOOL_OPTIONS="$CONTAINER_JAVA_OPTS" "$JAVA" -jar bench/scg/target/scg-peer.jar \
  --server.port="$SCG_PORT" --peer.upstream="http://127.0.0.1:$UP_PORT" --peer.token=bench-intercom-token > "$run/scg.log" 2>&1 &
scg_pid=$!
export BENCH_PATH=/api/v1/users/6762f0d01bb6009f2193bb7e BENCH_AUTH=""
until curl -sf -o /dev/null "http://127.0.0.1:$SCG_PORT$BENCH_PATH"; do
  kill -0 "$scg_pid" 2> /dev/null || { tail -30 "$run/scg.log" >&2; exit 1; }
  sleep 0.05
done
saturate scg "$scg_pid" "http://127.0.0.1:$SCG_PORT" "$SCG_WARMUP_SECONDS"
log "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"

"${bench[@]}" report "$raw" > "$out/report.md"
cat "$out/report.md"
echo "raw output: $raw (processes' logs in $run)"
