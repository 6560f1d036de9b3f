#!/usr/bin/env bash
# Startup time (JVM launch to a refreshed context) of the image's run path (extracted layers, java -jar) with and without a JDK 25
# AOT cache made by a training run, as the Dockerfile could do it. Prints each run and the ratio.
# Usage: bench/startup.sh [runs per variant, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
JAVA="${JAVA:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java}"
./mvnw -B -q package -DskipTests
work=target/startup-bench
rm -rf "$work" && mkdir -p "$work/app"
"$JAVA" -Djarmode=tools -jar target/intercom-gateway.jar extract --layers --destination "$work/extracted"
for layer in "$work"/extracted/*/; do cp -r "$layer." "$work/app/"; done
cd "$work/app"
# Training run: start the context, record the AOT cache, exit.
"$JAVA" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -Dserver.port=0 -Dmanagement.server.port=0 \
  -jar intercom-gateway.jar > ../training.log 2>&1 || true
startup() {  # seconds from JVM launch until the context is refreshed (ports open) and the run exits
  local start end
  start=$(date +%s.%N)
  "$JAVA" "$@" -Dspring.context.exit=onRefresh -Dserver.port=0 -Dmanagement.server.port=0 \
    -jar intercom-gateway.jar > /dev/null 2>&1
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", e - s}'
}
plain=(); cached=()
for i in $(seq "$RUNS"); do
  plain+=("$(startup)")
  cached+=("$(startup -XX:AOTCache=app.aot)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "without AOT cache (s): ${plain[*]}  median $(median "${plain[@]}")"
echo "with AOT cache (s):    ${cached[*]}  median $(median "${cached[@]}")"
awk -v a="$(median "${cached[@]}")" -v b="$(median "${plain[@]}")" 'BEGIN {printf "ratio with/without: %.2f\n", a / b}'
