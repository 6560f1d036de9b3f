#!/usr/bin/env bash
# Startup time (JVM launch to a refreshed context) of the image's run path (extracted layers, java -jar) with and without a JDK 25
# AOT cache made by a training run, as the Dockerfile does it. Prints each run and the ratio.
# SPRING_AOT=1 adds a third variant: the same plus Spring's build-time AOT (Maven profile spring-aot, run with
# -Dspring.aot.enabled=true). The image does not use it (it fixes configuration choices at build time); it is measured so the
# choice can be made on figures.
# Usage: [SPRING_AOT=1] bench/startup.sh [runs per variant, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
JDK="${JDK:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}"
JAVA="${JAVA:-$JDK/bin/java}"
SPRING_AOT="${SPRING_AOT:-0}"
work=target/startup-bench

layout() {  # extracts a jar like the Dockerfile does into $work/$2 and trains an AOT cache there; extra args go to the JVM
  local jar="$1" dir="$work/$2"; shift 2
  "$JAVA" -Djarmode=tools -jar "$jar" extract --layers --destination "$dir.extracted"
  mkdir -p "$dir"
  for layer in "$dir".extracted/*/; do cp -r "$layer." "$dir/"; done
  (cd "$dir" && "$JAVA" "$@" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -Dserver.port=0 -Dmanagement.server.port=0 \
    -jar intercom-gateway.jar > ../"$(basename "$dir")"-training.log 2>&1 || true)
}
if [ "$SPRING_AOT" = 1 ]; then
  # process-aot compiles the generated sources with Maven's own JDK, which must be 21+.
  JAVA_HOME="$JDK" ./mvnw -B -q clean package -DskipTests -Pspring-aot
  mkdir -p "$work/spring-aot.jar" && cp target/intercom-gateway.jar "$work/spring-aot.jar/"   # extract keeps the jar's name
  layout "$work/spring-aot.jar/intercom-gateway.jar" spring-aot -Dspring.aot.enabled=true
  rm -rf target/classes target/spring-aot   # the normal build below must not carry the generated classes
else
  rm -rf "$work" && mkdir -p "$work"
fi
./mvnw -B -q package -DskipTests
layout target/intercom-gateway.jar app

startup() {  # seconds from JVM launch until the context is refreshed (ports open) and the run exits; $1 = directory
  local dir="$1" log="$PWD/$1.run.log" start end; shift
  start=$(date +%s.%N)
  if ! (cd "$dir" && "$JAVA" "$@" -Dspring.context.exit=onRefresh -Dserver.port=0 -Dmanagement.server.port=0 \
    -jar intercom-gateway.jar > "$log" 2>&1); then
    echo FAILED; return
  fi
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN {printf "%.2f", e - s}'
}
plain=(); cached=(); spring=()
for i in $(seq "$RUNS"); do
  plain+=("$(startup "$work/app")")
  cached+=("$(startup "$work/app" -XX:AOTCache=app.aot)")
  if [ "$SPRING_AOT" = 1 ]; then
    spring+=("$(startup "$work/spring-aot" -XX:AOTCache=app.aot -Dspring.aot.enabled=true)")
  fi
done
if printf '%s\n' "${plain[@]}" "${cached[@]}" "${spring[@]}" | grep -q FAILED; then
  echo "a run failed: see $work/*.run.log" >&2; exit 1
fi
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "without AOT cache (s): ${plain[*]}  median $(median "${plain[@]}")"
echo "with AOT cache (s):    ${cached[*]}  median $(median "${cached[@]}")"
awk -v a="$(median "${cached[@]}")" -v b="$(median "${plain[@]}")" 'BEGIN {printf "ratio with/without: %.2f\n", a / b}'
if [ "$SPRING_AOT" = 1 ]; then
  echo "with AOT cache + Spring build-time AOT (s): ${spring[*]}  median $(median "${spring[@]}")"
  awk -v a="$(median "${spring[@]}")" -v b="$(median "${cached[@]}")" 'BEGIN {printf "ratio Spring AOT/AOT cache only: %.2f\n", a / b}'
fi
