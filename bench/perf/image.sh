# Sourced by bench/perf.sh and bench/cache.sh: builds the jars (unless SKIP_BUILD=1) and lays the gateway out as the image
# runs it (extracted layers, a JDK 25 AOT cache from a training run with the image's JVM options) in target/perf/app.
# Needs JAVA; sets app, IMAGE_JAVA_OPTS, CONTAINER_MEMORY and CONTAINER_JAVA_OPTS.
if [ "${SKIP_BUILD:-0}" != 1 ]; then ./mvnw -B -q package -DskipTests && ./mvnw -B -q -f bench/scg/pom.xml package -DskipTests; fi
app="$PWD/target/perf/app"
# The image's JVM options, read from the Dockerfile so the two cannot drift apart; -XX:MaxRAM makes the
# JVM size itself as in a container with the Helm chart's default memory limit (what cgroups would tell it).
IMAGE_JAVA_OPTS="${IMAGE_JAVA_OPTS:-$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"/\1/p' Dockerfile)}"
CONTAINER_MEMORY="${CONTAINER_MEMORY:-$(awk '/^  limits:/ {l=1} l && /memory:/ {sub(/Mi/, "m", $2); print $2; exit}' helm/intercom-gateway/values.yaml)}"
CONTAINER_JAVA_OPTS="$IMAGE_JAVA_OPTS -XX:MaxRAM=$CONTAINER_MEMORY"
if [ ! -f "$app/app.aot" ] || [ target/intercom-gateway.jar -nt "$app/app.aot" ] || [ "$(cat "$app/training.opts" 2> /dev/null)" != "$CONTAINER_JAVA_OPTS" ]; then
  rm -rf "$app" target/perf/extracted && mkdir -p "$app"
  "$JAVA" -Djarmode=tools -jar target/intercom-gateway.jar extract --layers --destination target/perf/extracted
  for layer in target/perf/extracted/*/; do cp -r "$layer." "$app/"; done
  # The training run, as the Dockerfile does it, with the same JVM options.
  (cd "$app" && JAVA_TOOL_OPTIONS="$CONTAINER_JAVA_OPTS" "$JAVA" -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh \
    -Dserver.port=0 -Dmanagement.server.port=0 -jar intercom-gateway.jar > training.log 2>&1)
  echo "$CONTAINER_JAVA_OPTS" > "$app/training.opts"
fi
