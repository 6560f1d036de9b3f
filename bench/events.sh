#!/usr/bin/env bash
# Events benchmark: RATE signed notifications a second for DURATION seconds to POST /webhooks/intercom while one
# subscriber reads GET /api/v1/events; prints what was accepted, delivered (once?), and how late.
# Options (environment): RATE (1000), DURATION (30), STORE (memory | redis).
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS="-Dbench.rate=${RATE:-1000} -Dbench.seconds=${DURATION:-30} -Dbench.store=${STORE:-memory}"
./mvnw -B -q test -Dtest=EventsBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false $ARGS -DargLine="$ARGS"
cat target/bench/events.md
