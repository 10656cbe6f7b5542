#!/usr/bin/env bash
# Local Keycloak for BVRAI (the realm as code in keycloak/realm/bvrai-realm.json).
#
#   keycloak.sh [start]   download (once), build (once), start in the background, wait until ready;
#                         a no-op when it already runs; re-imports the realm when the JSON changed.
#   keycloak.sh stop      stop the instance this script started.
#   keycloak.sh status    pid, health, issuer.
#   keycloak.sh restart   stop + start.
#   keycloak.sh logs      tail -f the log.
#
# Environment (defaults):
#   BVRAI_HOME ($HOME/.cache/bvrai)      cache outside the repo: distribution, logs, pid file
#   KEYCLOAK_PORT (8180)                 HTTP port on 127.0.0.1
#   KEYCLOAK_MANAGEMENT_PORT (9180)      management port (health: /health/ready)
#   KEYCLOAK_ADMIN_PASSWORD (admin)      bootstrap admin of the master realm (user "admin")
#   KEYCLOAK_DB (keycloak)               PostgreSQL database (role bvrai/bvrai, see postgres.sh)
#   KEYCLOAK_READY_TIMEOUT (300)         seconds to wait for /health/ready
#   PGHOST (127.0.0.1), PGPORT (5432), BVRAI_DB_USER (bvrai), BVRAI_DB_PASSWORD (bvrai)
#   JAVA_HOME                            used when set; otherwise `java` on PATH (>= 17)
#
# Realm re-import: the sha256 of the realm JSON that was last imported into the database is kept in
# the cache. When the JSON differs (or the hash is unknown) and the realm exists in the database,
# `kc.sh import --override true` replaces the realm before start (Keycloak must be stopped for that:
# a running instance is restarted). NOTE: that drops everything created at runtime in realm bvrai
# (registered organizations and users). A missing realm is imported by `start --import-realm`.
set -euo pipefail
export AXONIQ_UPDATE_CHECKER_DISABLED=true

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

KC_VERSION="26.7.3"
BVRAI_HOME="${BVRAI_HOME:-$HOME/.cache/bvrai}"
KC_HOME="$BVRAI_HOME/keycloak-$KC_VERSION"
KC_HTTP_HOST="127.0.0.1"
KC_PORT="${KEYCLOAK_PORT:-8180}"
KC_MGMT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
KC_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}"
KC_DB_NAME="${KEYCLOAK_DB:-keycloak}"
READY_TIMEOUT="${KEYCLOAK_READY_TIMEOUT:-300}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
DB_USER="${BVRAI_DB_USER:-bvrai}"
DB_PASSWORD="${BVRAI_DB_PASSWORD:-bvrai}"
REALM_NAME="bvrai"
REALM_JSON="$REPO_ROOT/keycloak/realm/bvrai-realm.json"

# build-time options: changing them triggers a new `kc.sh build` (marker keyed on them).
BUILD_OPTS=(--db=postgres --health-enabled=true)

LOG_FILE="$BVRAI_HOME/keycloak-$KC_PORT.log"
PID_FILE="$BVRAI_HOME/keycloak-$KC_PORT.pid"
LOCK_FILE="$BVRAI_HOME/keycloak.lock"
REALM_STATE="$BVRAI_HOME/keycloak-realm-$REALM_NAME-$PGHOST-$PGPORT-$KC_DB_NAME.sha256"

BASE_URL="http://$KC_HTTP_HOST:$KC_PORT"
HEALTH_URL="http://$KC_HTTP_HOST:$KC_MGMT_PORT/health/ready"
ISSUER="$BASE_URL/realms/$REALM_NAME"

log() { echo "[keycloak] $*" >&2; }
die() { echo "[keycloak] ERROR: $*" >&2; exit 1; }
now() { date +%s; }

mkdir -p "$BVRAI_HOME"

# ---------------------------------------------------------------- java
check_java() {
  local java
  if [ -n "${JAVA_HOME:-}" ]; then
    java="$JAVA_HOME/bin/java"
    [ -x "$java" ] || die "JAVA_HOME=$JAVA_HOME has no bin/java"
  else
    java="$(command -v java || true)"
    [ -n "$java" ] || die "no java: set JAVA_HOME or put java >= 17 on PATH"
  fi
  local spec
  spec="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)"
  spec="${spec#1.}"
  [ -n "$spec" ] && [ "${spec%%.*}" -ge 17 ] 2>/dev/null || die "$java is Java '$spec'; Keycloak $KC_VERSION needs >= 17"
}

# ---------------------------------------------------------------- download + build
ensure_dist() {
  [ -x "$KC_HOME/bin/kc.sh" ] && return 0
  local dl="$BVRAI_HOME/downloads" t0; t0=$(now)
  local tgz="$dl/keycloak-quarkus-dist-$KC_VERSION.tar.gz"
  mkdir -p "$dl"
  if [ ! -s "$tgz" ]; then
    if command -v mvn >/dev/null 2>&1; then
      log "downloading org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz (Maven)"
      # run outside any project (the repo's pom is irrelevant here); plugin 3.8.x, not the default 2.8
      (cd "$dl" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
          -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz" -DoutputDirectory="$dl") \
          >>"$LOG_FILE" 2>&1 || { tail -n 30 "$LOG_FILE" >&2; die "Maven download failed (log: $LOG_FILE)"; }
    else
      log "downloading keycloak-quarkus-dist $KC_VERSION from Maven Central (curl)"
      curl -fSL -o "$tgz.part" \
        "https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.tar.gz" \
        && mv "$tgz.part" "$tgz" || die "download failed"
    fi
  fi
  local tmp; tmp="$(mktemp -d "$BVRAI_HOME/.extract.XXXXXX")"
  tar xzf "$tgz" -C "$tmp" || { rm -rf "$tmp"; die "cannot extract $tgz"; }
  [ -x "$tmp/keycloak-$KC_VERSION/bin/kc.sh" ] || { rm -rf "$tmp"; die "unexpected archive layout in $tgz"; }
  rm -rf "$KC_HOME"
  mv "$tmp/keycloak-$KC_VERSION" "$KC_HOME"
  rmdir "$tmp"
  rm -f "$tgz"   # the artifact stays in ~/.m2 when Maven fetched it
  log "extracted to $KC_HOME in $(( $(now) - t0 )) s"
}

ensure_build() {
  local key; key="$(printf '%s\n' "$KC_VERSION" "${BUILD_OPTS[@]}" | sha256sum | cut -c1-16)"
  local marker="$KC_HOME/.bvrai-build-$key"
  [ -f "$marker" ] && return 0
  local t0; t0=$(now)
  log "kc.sh build ${BUILD_OPTS[*]}"
  rm -f "$KC_HOME"/.bvrai-build-*
  if ! "$KC_HOME/bin/kc.sh" build "${BUILD_OPTS[@]}" >>"$LOG_FILE" 2>&1; then
    tail -n 40 "$LOG_FILE" >&2; die "kc.sh build failed (log: $LOG_FILE)"
  fi
  touch "$marker"
  log "built in $(( $(now) - t0 )) s"
}

# ---------------------------------------------------------------- process + health
pid_alive() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

is_ready() { curl -fsS -m 3 -o /dev/null "$HEALTH_URL" 2>/dev/null; }
realm_served() { curl -fsS -m 3 -o /dev/null "$ISSUER/.well-known/openid-configuration" 2>/dev/null; }
port_busy() { (exec 3<>"/dev/tcp/$KC_HTTP_HOST/$1") 2>/dev/null; }

wait_ready() {
  local t0="$1" pid; pid="$(cat "$PID_FILE")"
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 60 "$LOG_FILE" >&2; rm -f "$PID_FILE"
      die "Keycloak exited during start-up (log: $LOG_FILE)"
    fi
    if is_ready && realm_served; then return 0; fi
    if [ $(( $(now) - t0 )) -ge "$READY_TIMEOUT" ]; then
      tail -n 60 "$LOG_FILE" >&2
      die "Keycloak not ready after ${READY_TIMEOUT}s (pid $pid still running; log: $LOG_FILE)"
    fi
    sleep 1
  done
}

kc_env() {
  export KC_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$KC_DB_NAME"
  export KC_DB_USERNAME="$DB_USER"
  export KC_DB_PASSWORD="$DB_PASSWORD"
  export KC_BOOTSTRAP_ADMIN_USERNAME="admin"
  export KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD"
  # a single local node: no JGroups clustering / JDBC_PING discovery (a run-time option in Keycloak 26.7)
  export KC_CACHE=local
  export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -XX:TieredStopAtLevel=1"
}

# ---------------------------------------------------------------- realm
realm_hash() { sha256sum "$REALM_JSON" | cut -d' ' -f1; }

realm_in_db() {
  [ "$(PGPASSWORD="$DB_PASSWORD" psql -w -X -q -At -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -d "$KC_DB_NAME" \
        -c "SELECT 1 FROM realm WHERE name = '$REALM_NAME'" 2>/dev/null || true)" = 1 ]
}

realm_changed() { [ "$(cat "$REALM_STATE" 2>/dev/null || true)" != "$(realm_hash)" ]; }

prepare_realm() {
  mkdir -p "$KC_HOME/data/import"
  rm -f "$KC_HOME"/data/import/*.json
  cp "$REALM_JSON" "$KC_HOME/data/import/$REALM_NAME-realm.json"
  if realm_in_db; then
    if realm_changed; then
      local t0; t0=$(now)
      log "realm JSON changed since the last import: kc.sh import --override true (replaces realm $REALM_NAME)"
      if ! ( kc_env; "$KC_HOME/bin/kc.sh" import --optimized --file "$REALM_JSON" --override true ) >>"$LOG_FILE" 2>&1; then
        tail -n 60 "$LOG_FILE" >&2; die "realm import failed (log: $LOG_FILE)"
      fi
      realm_hash >"$REALM_STATE"
      log "realm re-imported in $(( $(now) - t0 )) s"
    fi
  else
    # imported by --import-realm at start; the hash is recorded once the server is ready
    rm -f "$REALM_STATE"
  fi
}

# ---------------------------------------------------------------- commands
do_start() {
  local t0; t0=$(now)
  [ -f "$REALM_JSON" ] || die "realm JSON not found: $REALM_JSON"
  if pid_alive; then
    if ! is_ready; then log "starting (pid $(cat "$PID_FILE")), waiting"; wait_ready "$t0"; fi
    if realm_in_db && realm_changed; then
      log "realm JSON changed: restarting to re-import"
      do_stop
    else
      [ -f "$REALM_STATE" ] || realm_hash >"$REALM_STATE"
      log "already up (pid $(cat "$PID_FILE")): $ISSUER"
      return 0
    fi
  elif is_ready || port_busy "$KC_PORT"; then
    if realm_served; then
      log "a Keycloak not started by this script already serves $ISSUER: leaving it alone"
      return 0
    fi
    die "port $KC_PORT (or $KC_MGMT_PORT) is in use by something else"
  elif port_busy "$KC_MGMT_PORT"; then
    die "management port $KC_MGMT_PORT is in use (set KEYCLOAK_MANAGEMENT_PORT)"
  fi

  check_java
  ensure_dist
  ensure_build
  "$SCRIPT_DIR/postgres.sh" ensure "$KC_DB_NAME"
  prepare_realm

  log "starting Keycloak $KC_VERSION on $BASE_URL (management :$KC_MGMT_PORT, log $LOG_FILE)"
  echo "===== $(date -Is) start" >>"$LOG_FILE"
  (
    exec 9>&-   # do not hand the lock to the long-running server
    kc_env
    cd "$KC_HOME"
    # setsid: own session/process group, so `stop` can signal kc.sh and its java child together
    exec setsid nohup "$KC_HOME/bin/kc.sh" start --optimized \
      --http-enabled=true --http-host="$KC_HTTP_HOST" --http-port="$KC_PORT" \
      --http-management-port="$KC_MGMT_PORT" \
      --hostname-strict=false --import-realm \
      >>"$LOG_FILE" 2>&1 </dev/null
  ) &
  echo $! >"$PID_FILE"
  wait_ready "$t0"
  realm_hash >"$REALM_STATE"
  log "ready in $(( $(now) - t0 )) s: issuer $ISSUER"
}

do_stop() {
  if ! pid_alive; then
    rm -f "$PID_FILE"
    log "not running (no live pid in $PID_FILE)"
    return 0
  fi
  local pid t0; pid="$(cat "$PID_FILE")"; t0=$(now)
  log "stopping pid $pid"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30 s: SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  # the java child belongs to the same process group; wait until the port is free
  for i in $(seq 1 40); do port_busy "$KC_PORT" || break; sleep 0.5; done
  rm -f "$PID_FILE"
  log "stopped in $(( $(now) - t0 )) s"
}

do_status() {
  local rc=0
  if pid_alive; then echo "pid:    $(cat "$PID_FILE") (started by this script)"; else echo "pid:    none"; rc=3; fi
  if is_ready; then echo "health: UP ($HEALTH_URL)"; rc=0; else echo "health: DOWN ($HEALTH_URL)"; rc=3; fi
  if realm_served; then echo "realm:  $ISSUER"; else echo "realm:  not served"; rc=3; fi
  echo "jwks:   $ISSUER/protocol/openid-connect/certs"
  echo "log:    $LOG_FILE"
  return $rc
}

with_lock() {
  exec 9>"$LOCK_FILE"
  flock -w 300 9 || die "another keycloak.sh holds $LOCK_FILE"
  "$@"
}

case "${1:-start}" in
  start)   with_lock do_start ;;
  stop)    with_lock do_stop ;;
  restart) with_lock do_stop; do_start ;;
  status)  do_status ;;
  logs)    exec tail -n 100 -f "$LOG_FILE" ;;
  *) echo "usage: $0 {start|stop|restart|status|logs}" >&2; exit 2 ;;
esac
