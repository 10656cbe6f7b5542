#!/usr/bin/env bash
# Analytics benchmark (docs/benchmarks.md): replay speed beside a raw sequential read of the event table, and the
# latency of the analytics and call-list queries with a million calls in the read models. One run, one fresh
# database (bvrai_bench_analytics), the platform's Spring context inside the driver's JVM (no web server).
#
#   infra/scripts/bench-analytics.sh [--base-calls 300] [--clones 150] [--read-model-calls 1000000] [--queries 200]
#
# Results: target/bench/analytics.md. Builds with `mvn compile` (offline first; never install).
set -euo pipefail
export AXONIQ_UPDATE_CHECKER_DISABLED=true
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"

DB="${BENCH_DB:-bvrai_bench_analytics}"
JDBC_URL="jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$DB"

bash "$SCRIPT_DIR/postgres.sh" ensure
bash "$SCRIPT_DIR/postgres.sh" recreate "$DB"
bash "$SCRIPT_DIR/keycloak.sh" start

mkdir -p target/bench
BUILD=(compile dependency:build-classpath -pl benchmarks -am -Dmdep.outputFile="$REPO_ROOT/target/analytics-bench.cp")
mvn -B -q -o "${BUILD[@]}" 2>/dev/null || mvn -B -q "${BUILD[@]}"
exec "$JAVA" -Xmx1g ${BENCH_DRIVER_OPTS:-} -cp "benchmarks/target/classes:$(cat target/analytics-bench.cp)" \
  ai.bvrai.bench.AnalyticsBenchmark --jdbc-url "$JDBC_URL" --jdbc-user "${BVRAI_DB_USER:-bvrai}" \
  --jdbc-password "${BVRAI_DB_PASSWORD:-bvrai}" --out target/bench/analytics.md "$@"
