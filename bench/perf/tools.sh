# Sourced by bench/perf.sh and bench/cache.sh (from the repository's root): checks the tools both need and picks the JDK
# (JAVA, else the newest 25 installed, else the default java).
for tool in nginx wrk curl; do
  command -v "$tool" > /dev/null || { echo "needs $tool: apt-get install nginx-light wrk curl" >&2; exit 1; }
done
JAVA="${JAVA:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java}"
[ -x "$JAVA" ] || JAVA="$(command -v java)"
