#!/usr/bin/env bash
# Agent-write benchmark, three phases: REST API (through Axon, read-your-writes), the same commands on the
# platform's command bus inside the driver's JVM (platform context without web server, same bvrai_bench database,
# its own organization), and plain JDBC with the same commit pattern.
#
#   infra/scripts/bench.sh [driver options]      e.g. --concurrency 32 --commands 4000, --skip-command-bus
#
# Ensures PostgreSQL, recreates the database bvrai_bench, ensures Keycloak, builds when a jar is missing or a
# source is newer than it, starts the platform on port 8090 against bvrai_bench, waits for readiness, runs
# ai.bvrai.bench.AgentWriteBenchmark (options passed through; `--help` lists them) and stops the platform.
# Results: target/bench/agent-writes.md (+ .json); platform log: target/bench/platform.log.
#
# Environment:
#   BENCH_PORT (8090)        platform HTTP port
#   BENCH_DB (bvrai_bench)   database, dropped and recreated on every run
#   BENCH_SKIP_BUILD=1       use the jars as they are
#   BENCH_JFR=1              record the platform with JFR (profile settings) to target/bench/platform.jfr
#   BENCH_PLATFORM_OPTS      extra JVM options for the platform (e.g. -Xmx1g)
#   BENCH_DRIVER_OPTS        extra JVM options for the driver
#   PGHOST (127.0.0.1), PGPORT (5432), BVRAI_DB_USER (bvrai), BVRAI_DB_PASSWORD (bvrai), KEYCLOAK_PORT (8180)
set -euo pipefail
export AXONIQ_UPDATE_CHECKER_DISABLED=true
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$REPO_ROOT"

PORT="${BENCH_PORT:-8090}"
DB="${BENCH_DB:-bvrai_bench}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
DB_USER="${BVRAI_DB_USER:-bvrai}"
DB_PASSWORD="${BVRAI_DB_PASSWORD:-bvrai}"
KC_URL="http://127.0.0.1:${KEYCLOAK_PORT:-8180}"
JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
OUT_DIR="$REPO_ROOT/target/bench"
PLATFORM_JAR="platform/target/platform-0.1.0-SNAPSHOT.jar"
DRIVER_JAR="benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar"
PLATFORM_PID=""

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }

stop_platform() {
  if [ -n "$PLATFORM_PID" ] && kill -0 "$PLATFORM_PID" 2>/dev/null; then
    log "stopping the platform (pid $PLATFORM_PID)"
    kill "$PLATFORM_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$PLATFORM_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$PLATFORM_PID" 2>/dev/null || true
    wait "$PLATFORM_PID" 2>/dev/null || true
  fi
}
trap stop_platform EXIT
trap 'exit 130' INT TERM

needs_build() {
  [ -f "$PLATFORM_JAR" ] && [ -f "$DRIVER_JAR" ] || return 0
  # any main source or pom newer than the jar that contains it
  [ -n "$(find pom.xml shared-events infra keycloak command-side query-side voice-saga platform \
            \( -path '*/src/main/*' -o -name pom.xml \) -newer "$PLATFORM_JAR" -type f -print -quit 2>/dev/null)" ] && return 0
  [ -n "$(find benchmarks/pom.xml benchmarks/src/main -newer "$DRIVER_JAR" -type f -print -quit)" ] && return 0
  return 1
}

mkdir -p "$OUT_DIR"

bash "$SCRIPT_DIR/postgres.sh" ensure
bash "$SCRIPT_DIR/postgres.sh" recreate "$DB"
bash "$SCRIPT_DIR/keycloak.sh" start

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] && needs_build; then
  log "building (mvn -o -DskipTests install)"
  mvn -q -o -DskipTests install || { log "offline build failed: trying online"; mvn -q -DskipTests install; }
fi
[ -f "$PLATFORM_JAR" ] || die "$PLATFORM_JAR missing"
[ -f "$DRIVER_JAR" ] || die "$DRIVER_JAR missing"

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  die "something already listens on port $PORT"
fi

PLATFORM_OPTS=()
if [ "${BENCH_JFR:-0}" = 1 ]; then
  PLATFORM_OPTS+=("-XX:StartFlightRecording=filename=$OUT_DIR/platform.jfr,settings=profile,dumponexit=true")
fi
# shellcheck disable=SC2206
PLATFORM_OPTS+=(${BENCH_PLATFORM_OPTS:-})

log "starting the platform on port $PORT against $DB (log: $OUT_DIR/platform.log)"
"$JAVA" "${PLATFORM_OPTS[@]}" -jar "$PLATFORM_JAR" \
  --server.port="$PORT" \
  --spring.datasource.url="$JDBC_URL" \
  --spring.datasource.username="$DB_USER" \
  --spring.datasource.password="$DB_PASSWORD" \
  >"$OUT_DIR/platform.log" 2>&1 &
PLATFORM_PID=$!

READY_URL="http://127.0.0.1:$PORT/actuator/health/readiness"
for i in $(seq 1 180); do
  kill -0 "$PLATFORM_PID" 2>/dev/null || { tail -40 "$OUT_DIR/platform.log" >&2; die "the platform exited during start-up"; }
  if curl -fsS "$READY_URL" 2>/dev/null | grep -q '"status":"UP"'; then
    log "platform ready after ${i}s"
    break
  fi
  [ "$i" = 180 ] && { tail -40 "$OUT_DIR/platform.log" >&2; die "platform not ready after 180 s"; }
  sleep 1
done

# shellcheck disable=SC2206
DRIVER_OPTS=(${BENCH_DRIVER_OPTS:-})
rc=0
"$JAVA" "${DRIVER_OPTS[@]}" -jar "$DRIVER_JAR" \
  --base-url "http://127.0.0.1:$PORT" \
  --jdbc-url "$JDBC_URL" --jdbc-user "$DB_USER" --jdbc-password "$DB_PASSWORD" \
  --keycloak "$KC_URL" \
  --platform-pid "$PLATFORM_PID" \
  --out "$OUT_DIR/agent-writes.md" \
  "$@" || rc=$?
exit "$rc"
