#!/usr/bin/env bash
# The performance benchmark: the same requests, in one run, against
#   (a) direct - a static Intercom stand-in (nginx serving canned Intercom JSON), the floor;
#   (b) proxy  - nginx as a plain reverse proxy in front of it, the best a proxy can do;
#   (c) service - this gateway in front of it, run as the image runs it (layers, AOT cache, JVM options);
#   (d) scg     - Spring Cloud Gateway (bench/scg, one route: GET user by id, token and version headers set),
#                 the Java gateway a platform team would pick instead, with the image's JVM options.
# Per request shape: throughput at saturation (closed loop), latency at a fixed rate, CPU seconds
# per 1,000 requests and RSS; then the gateway's and SCG's startup to ready, cost growth at 1x/4x/16x
# concurrency, a walk over 10,000 users, and the gateway once more without the AOT cache (startup, and RSS after
# GET user by id at saturation). Writes target/perf/<time>/{raw.txt,report.md}.
#
# Needs nginx and wrk (Debian: apt-get install nginx-light wrk) and a JDK 21+ (25 preferred).
# Options (environment): SATURATION_SECONDS (20), PACED_SECONDS (30), WARMUP_SECONDS (5, before each
# measurement), GATEWAY_WARMUP_SECONDS (120, the gateway's JIT warm-up over all shapes), RATE (200),
# CONNECTIONS (64), GROWTH_BASE (8), STARTS (3), SKIP_BUILD (0), SCENARIOS ("user list conversation create"),
# NMT=1 (the JVM's Native Memory Tracking of the gateway with and without the AOT cache and of SCG: summaries by category
# written to nmt-service.txt, nmt-service-noaot.txt, nmt-scg.txt after their runs, and tabled in the report),
# IMAGE_JAVA_OPTS (instead of the Dockerfile's JAVA_TOOL_OPTIONS, to try other JVM settings),
# CONTAINER_MEMORY (instead of the chart's memory limit), READ_CACHE (off: the proxied path; on: misses with the cache on), JAVA_OPTS (extra JVM options, e.g. a JFR recording); SPRING_* variables reach the
# gateway as configuration (e.g. SPRING_THREADS_VIRTUAL_ENABLED=false) and are printed with the settings.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/perf/tools.sh
SATURATION_SECONDS="${SATURATION_SECONDS:-20}"; PACED_SECONDS="${PACED_SECONDS:-30}"; WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
GATEWAY_WARMUP_SECONDS="${GATEWAY_WARMUP_SECONDS:-120}"; RATE="${RATE:-200}"; CONNECTIONS="${CONNECTIONS:-64}"; GROWTH_BASE="${GROWTH_BASE:-8}"; STARTS="${STARTS:-3}"
SCENARIOS="${SCENARIOS:-user list conversation create passthrough}"
UP_PORT=18100; PX_PORT=18101; PAGE_PORT=18102; API_PORT=18180; MGMT_PORT=18181; SCG_PORT=18190
KEY="bench-caller-key-0123456789abcdef0123"        # a benchmark-only caller key, not a secret
out="target/perf/$(date -u +%Y%m%dT%H%M%SZ)"; run="$PWD/$out/run"; mkdir -p "$run"
raw="$out/raw.txt"
log() { echo "$*" | tee -a "$raw"; }

# --- the gateway, laid out and started as the image does it ---------------------------------------
source bench/perf/image.sh
key_sha256="$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)"
gateway_args=(
  --intercom.base-url="http://127.0.0.1:$UP_PORT" --intercom.access-token=bench-intercom-token
  # The stand-in has no rate limit: the benchmark measures the gateway's cost, not Intercom's budget.
  --intercom.rate-limit.budget-per-window=100000000
  --server.port="$API_PORT" --management.server.port="$MGMT_PORT"
  --gateway.clients[0].name=bench --gateway.clients[0].key-sha256[0]="$key_sha256"
  --gateway.clients[0].scopes=users:read,users:write,conversations:read,conversations:write,ops,intercom:contacts:read
  # The one benchmark caller stands for all internal apps: its cap of open Intercom calls (25 by default) is raised to the
  # connection pool's 100 and the bulkhead keeps no reserve for other callers (there are none), so that only the shared
  # bulkhead (64, waiting up to 1 s) bounds it; else, at 64 connections of reads that all reach Intercom, part of the
  # requests measured would be 429s (at a cap of 64, still 1% of them: a call's slot is freed a little after its answer).
  --gateway.clients[0].max-concurrent-calls=100 --intercom.concurrency.bulkhead-reserve=0
  # The proxied path: the read cache off (READ_CACHE=on keeps it, and each new id is then a miss whose answer is kept).
  --intercom.cache.enabled="$([ "${READ_CACHE:-off}" = on ] && echo true || echo false)"
)
gateway_pid=""; ready_ms=""
nmt_option() { [ "${NMT:-0}" = 1 ] && echo -XX:NativeMemoryTracking=summary || true; }
start_gateway() {  # [noaot]; sets gateway_pid, and ready_ms: milliseconds from JVM launch to readiness UP
  local start aot="-XX:AOTCache=app.aot -XX:AOTMode=on"; start=$(date +%s%N)
  [ "${1:-}" = noaot ] && aot=""   # no AOT cache of its own; the JDK's default CDS archive, as SCG has it
  # AOTMode=on: fail rather than silently start without the cache.
  (cd "$app" && exec env JAVA_TOOL_OPTIONS="$CONTAINER_JAVA_OPTS" "$JAVA" $aot ${JAVA_OPTS:-} $(nmt_option) \
    -jar intercom-gateway.jar "${gateway_args[@]}") > "$run/gateway.log" 2>&1 &
  gateway_pid=$!
  until curl -sf "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness" > /dev/null; do
    kill -0 "$gateway_pid" 2> /dev/null || { tail -30 "$run/gateway.log" >&2; exit 1; }
    sleep 0.02
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}
stop_gateway() { kill "$gateway_pid" 2> /dev/null && wait "$gateway_pid" 2> /dev/null || true; }
scg_pid=""; scg_ready_ms=""
start_scg() {  # Spring Cloud Gateway with the same JVM options as the gateway, without an AOT cache (a team would not train one);
  # sets scg_pid, and scg_ready_ms: milliseconds from JVM launch to its first 2xx answer on its route (it has no readiness endpoint)
  local start; start=$(date +%s%N)
  env JAVA_TOOL_OPTIONS="$CONTAINER_JAVA_OPTS" "$JAVA" ${JAVA_OPTS:-} $(nmt_option) -jar bench/scg/target/scg-peer.jar \
    --server.port="$SCG_PORT" --peer.upstream="http://127.0.0.1:$UP_PORT" --peer.token=bench-intercom-token > "$run/scg.log" 2>&1 &
  scg_pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$SCG_PORT/api/v1/users/6762f0d01bb6009f2193bb7e"; do
    kill -0 "$scg_pid" 2> /dev/null || { tail -30 "$run/scg.log" >&2; exit 1; }
    sleep 0.02
  done
  scg_ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}
stop_scg() { kill "$scg_pid" 2> /dev/null && wait "$scg_pid" 2> /dev/null || true; scg_pid=""; }

# --- the upstream and the proxy ---------------------------------------------------------------------
"$JAVA" bench/perf/UpstreamData.java "$run/data" > /dev/null
for conf in upstream proxy; do
  sed -e "s|@RUN@|$run|g; s|@DATA@|$run/data|g; s|@UP_PORT@|$UP_PORT|g; s|@PAGE_PORT@|$PAGE_PORT|g; s|@PX_PORT@|$PX_PORT|g" \
    "bench/perf/nginx-$conf.conf" > "$run/$conf.conf"
  nginx -p "$run" -c "$run/$conf.conf" -e "$run/$conf-error.log"
done
cleanup() { stop_gateway; [ -n "$scg_pid" ] && kill "$scg_pid" 2> /dev/null; for p in "$run"/upstream.pid "$run"/proxy.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2> /dev/null; done; true; }
trap cleanup EXIT

# --- measuring ---------------------------------------------------------------------------------------
pids_of() {  # the processes doing a target's work: the gateway's JVM or the proxy's nginx master and workers
  case "$1" in
    service) echo "$gateway_pid" ;;
    scg) echo "$scg_pid" ;;
    proxy) local m; m=$(cat "$run/proxy.pid"); echo "$m $(pgrep -P "$m" | tr '\n' ' ')" ;;
    *) echo "" ;;
  esac
}
cpu_ticks() { local t=0 p; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$t"; }
rss_kib() { local t=0 p; for p in "$@"; do t=$(( t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status") )); done; echo "$t"; }
# The anonymous part of the gateway's RSS: without the AOT cache's file pages, which the kernel can reclaim.
rss_anon_kib() { awk '/^RssAnon/ {print $2}' "/proc/${1:-$gateway_pid}/status"; }
base_url() { case "$1" in direct) echo "http://127.0.0.1:$UP_PORT" ;; proxy) echo "http://127.0.0.1:$PX_PORT" ;; service) echo "http://127.0.0.1:$API_PORT" ;; scg) echo "http://127.0.0.1:$SCG_PORT" ;; esac; }
# Reads by id name a new id on every request ({hex}: a contact id, {num}: a conversation id; bench/perf/wrk/request.lua
# fills them in, the stand-in answers any), so that they measure the proxied path: no answer kept, no two concurrent reads
# of one id joined into one Intercom call.
shape() {  # sets BENCH_METHOD, BENCH_PATH, BENCH_BODY, BENCH_AUTH for a request shape and target
  local scenario=$1 target=$2
  export BENCH_AUTH="" BENCH_BODY=""
  [ "$target" = service ] && BENCH_AUTH="$KEY"
  case "$scenario/$target" in
    user/service | user/scg) BENCH_METHOD=GET BENCH_PATH=/api/v1/users/{hex} ;;
    passthrough/service) BENCH_METHOD=GET BENCH_PATH=/intercom/contacts/{hex} ;;
    passthrough/*) BENCH_METHOD=GET BENCH_PATH=/contacts/{hex} ;;
    user/*) BENCH_METHOD=GET BENCH_PATH=/contacts/{hex} ;;
    list/service) BENCH_METHOD=GET BENCH_PATH="/api/v1/users?limit=50" ;;
    list/*) BENCH_METHOD=POST BENCH_PATH=/contacts/search
      BENCH_BODY='{"query":{"operator":"AND","value":[{"field":"role","operator":"=","value":"user"}]},"pagination":{"per_page":50}}' ;;
    conversation/service) BENCH_METHOD=GET BENCH_PATH=/api/v1/conversations/{num} ;;
    conversation/*) BENCH_METHOD=GET BENCH_PATH="/conversations/{num}?display_as=plaintext" ;;
    create/service) BENCH_METHOD=POST BENCH_PATH=/api/v1/users BENCH_BODY='{"email":"new.user@example.com","name":"New User"}' ;;
    create/*) BENCH_METHOD=POST BENCH_PATH=/contacts BENCH_BODY='{"role":"user","email":"new.user@example.com","name":"New User"}' ;;
  esac
  export BENCH_METHOD BENCH_PATH
}
load() {  # load <connections> <seconds> <delay ms or 0> <url>: wrk's one-line summary
  BENCH_DELAY_MS="$3" wrk -t2 -c"$1" -d"$2"s --timeout 10s -s bench/perf/wrk/request.lua "$4" | tail -1
}
measure() {  # measure <scenario> <target>
  local scenario=$1 target=$2 url pids before after line
  url=$(base_url "$target"); shape "$scenario" "$target"; pids=$(pids_of "$target")
  local check_path="${BENCH_PATH//\{hex\}/6762f0d01bb6009f2193bb7e}"; check_path="${check_path//\{num\}/503}"
  curl -sf -o /dev/null -X "$BENCH_METHOD" ${BENCH_AUTH:+-H "Authorization: Bearer $BENCH_AUTH"} \
    ${BENCH_BODY:+-H "Content-Type: application/json" -d "$BENCH_BODY"} "$url$check_path" \
    || { echo "$scenario/$target: $BENCH_METHOD $url$BENCH_PATH does not answer 2xx" >&2; exit 1; }
  load 32 "$WARMUP_SECONDS" 0 "$url" > /dev/null
  before=$(cpu_ticks $pids)
  line=$(load "$CONNECTIONS" "$SATURATION_SECONDS" 0 "$url")
  after=$(cpu_ticks $pids)
  log "$scenario $target saturation connections=$CONNECTIONS $line cpu_ticks=$(( after - before )) rss_kib=$(rss_kib $pids)$([[ $target == service || $target == scg ]] && echo " rss_anon_kib=$(rss_anon_kib "$pids")" || true)"
  local connections=10
  line=$(load "$connections" "$PACED_SECONDS" $(( connections * 1000 / RATE )) "$url")
  log "$scenario $target paced target_rps=$RATE connections=$connections $line rss_kib=$(rss_kib $pids)"
}

log "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
log "tools: $("$JAVA" -version 2>&1 | head -1), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
log "settings: read_cache=${READ_CACHE:-off} saturation=${SATURATION_SECONDS}s paced=${PACED_SECONDS}s@${RATE}rps warmup=${WARMUP_SECONDS}s connections=$CONNECTIONS clk_tck=$(getconf CLK_TCK) java_tool_options=\"$CONTAINER_JAVA_OPTS\" java_opts=\"${JAVA_OPTS:-}\" spring_env=\"$(env | grep '^SPRING_' | tr '\n' ' ')\""

for i in $(seq "$STARTS"); do
  start_gateway
  log "startup service run=$i ready_ms=$ready_ms rss_kib=$(rss_kib "$gateway_pid")"
  [ "$i" -lt "$STARTS" ] && stop_gateway
done
# Spring Cloud Gateway's startup, measured the same number of times while the gateway idles.
for i in $(seq "$STARTS"); do
  start_scg
  log "startup scg run=$i ready_ms=$scg_ready_ms rss_kib=$(rss_kib "$scg_pid")"
  stop_scg
done

# The JIT needs a while under load before the gateway reaches its steady state (on 2 cores, over a minute
# of compiling): warm it on every request shape first, so that warm-up is excluded from what is measured.
for scenario in $SCENARIOS; do
  shape "$scenario" service
  load 32 $(( GATEWAY_WARMUP_SECONDS / $(wc -w <<< "$SCENARIOS") )) 0 "$(base_url service)" > /dev/null
done

# Spring Cloud Gateway, warmed like the gateway (its share of the warm-up, on its one route), then measured
# right after the gateway on GET user by id.
start_scg
shape user scg
load 32 $(( GATEWAY_WARMUP_SECONDS / $(wc -w <<< "$SCENARIOS") )) 0 "$(base_url scg)" > /dev/null

for scenario in $SCENARIOS; do
  for target in direct proxy service; do measure "$scenario" "$target"; done
  if [ "$scenario" = user ]; then measure user scg; fi
done
if [ "${NMT:-0}" = 1 ]; then "$(dirname "$JAVA")/jcmd" "$scg_pid" VM.native_memory summary > "$out/nmt-scg.txt"; fi
stop_scg

# Cost growth: the gateway at 1x, 4x and 16x the base concurrency (user by id, closed loop).
shape user service
for factor in 1 4 16; do
  c=$(( GROWTH_BASE * factor ))
  line=$(load "$c" "$SATURATION_SECONDS" 0 "$(base_url service)")
  log "growth service x$factor connections=$c $line rss_kib=$(rss_kib "$gateway_pid") rss_anon_kib=$(rss_anon_kib)"
done

# A walk over all 10,000 users, 150 a page, following next_cursor; RSS sampled after every page.
cursor=""; pages=0; users=0; max_rss=0; walk_start=$(date +%s%N); rss_start=$(rss_kib "$gateway_pid")
while :; do
  page=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $KEY" "$(base_url service)/api/v1/users?limit=150${cursor:+&cursor=$cursor}")
  status=$(tail -1 <<< "$page"); page=$(sed '$d' <<< "$page")
  if [ "$status" != 200 ]; then log "walk service failed page=$(( pages + 1 )) status=$status $(head -c 300 <<< "$page" | tr ' ' '_')"; break; fi
  pages=$(( pages + 1 )); users=$(( users + $(grep -o '"id":"6762' <<< "$page" | wc -l) ))
  rss=$(rss_kib "$gateway_pid"); [ "$rss" -gt "$max_rss" ] && max_rss=$rss
  cursor=$(grep -o '"next_cursor":"[^"]*"' <<< "$page" | cut -d'"' -f4 || true)
  [ -n "$cursor" ] || break
done
log "walk service done users=$users pages=$pages seconds=$(awk -v s="$walk_start" -v e="$(date +%s%N)" 'BEGIN {printf "%.2f", (e - s) / 1e9}') rss_start_kib=$rss_start rss_max_kib=$max_rss rss_end_kib=$(rss_kib "$gateway_pid")"

if [ "${NMT:-0}" = 1 ]; then "$(dirname "$JAVA")/jcmd" "$gateway_pid" VM.native_memory summary > "$out/nmt-service.txt"; fi

# The gateway once more without the AOT cache (its mapped file is part of the RSS above): startup, then the whole JIT
# warm-up on GET user by id (without the cache's profiles it needs it) and GET user by id at saturation, for its RSS
# measured as above.
stop_gateway
start_gateway noaot
log "startup service-noaot run=1 ready_ms=$ready_ms rss_kib=$(rss_kib "$gateway_pid")"
shape user service
load 32 "$GATEWAY_WARMUP_SECONDS" 0 "$(base_url service)" > /dev/null
before=$(cpu_ticks "$gateway_pid")
line=$(load "$CONNECTIONS" "$SATURATION_SECONDS" 0 "$(base_url service)")
log "user service-noaot saturation connections=$CONNECTIONS $line cpu_ticks=$(( $(cpu_ticks "$gateway_pid") - before )) rss_kib=$(rss_kib "$gateway_pid") rss_anon_kib=$(rss_anon_kib)"
if [ "${NMT:-0}" = 1 ]; then "$(dirname "$JAVA")/jcmd" "$gateway_pid" VM.native_memory summary > "$out/nmt-service-noaot.txt"; fi
"$JAVA" bench/perf/Report.java "$raw" > "$out/report.md"
cat "$out/report.md"
echo "raw output: $raw"
