#!/usr/bin/env bash
# Rate-budget benchmark: drains N calls through an Intercom stand-in enforcing a budget per
# window, with this gateway and with a naive retry-on-429 client, and prints both side by side.
# Options (environment): REQUESTS (500), BUDGET (100), WINDOW_SECONDS (10), CONCURRENCY (32).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=RateBudgetBenchmark -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.requests="${REQUESTS:-500}" -Dbench.budget="${BUDGET:-100}" \
  -Dbench.window-seconds="${WINDOW_SECONDS:-10}" -Dbench.concurrency="${CONCURRENCY:-32}" \
  -DargLine="-Dbench.requests=${REQUESTS:-500} -Dbench.budget=${BUDGET:-100} -Dbench.window-seconds=${WINDOW_SECONDS:-10} -Dbench.concurrency=${CONCURRENCY:-32}"
cat target/bench/rate-budget.md
