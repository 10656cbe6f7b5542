#!/usr/bin/env bash
# Local PostgreSQL for BVRAI.
#
#   postgres.sh ensure [DB...]     PostgreSQL listening on $PGHOST:$PGPORT (installs it with apt and
#                                  starts the cluster when nothing listens), login role bvrai/bvrai
#                                  (CREATEDB) and the databases (default: bvrai keycloak) owned by it.
#   postgres.sh recreate DB...     drop (if it exists, forcing connections off) and create DB owned by bvrai.
#   postgres.sh status             is anything listening, can bvrai log in.
#
# Works with trust auth (psql -h HOST -U postgres) and with a stock Debian install (peer auth on the
# local socket: SQL then runs as the postgres OS user through su/sudo; scram on TCP for bvrai).
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), BVRAI_DB_USER (bvrai), BVRAI_DB_PASSWORD (bvrai),
#              PGSUPERUSER (postgres), PG_SUPER_MODE (force tcp|su|sudo|self instead of auto-detecting).
set -euo pipefail
export AXONIQ_UPDATE_CHECKER_DISABLED=true

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
DB_USER="${BVRAI_DB_USER:-bvrai}"
DB_PASSWORD="${BVRAI_DB_PASSWORD:-bvrai}"
PGSUPERUSER="${PGSUPERUSER:-postgres}"
# never let a caller's PGPASSWORD/PGUSER/PGDATABASE leak into the superuser connection
unset PGPASSWORD PGUSER PGDATABASE
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"

log() { echo "[postgres] $*" >&2; }
die() { echo "[postgres] ERROR: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root (or sudo) for: $*"; fi
}

listening() {
  if command -v pg_isready >/dev/null 2>&1; then
    # 0 = accepting, 1 = rejecting (starting up: it listens), 2 = no response, 3 = no attempt
    local rc=0; pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 2 || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 1 ]
  fi
  (exec 3<>"/dev/tcp/$PGHOST/$PGPORT") 2>/dev/null
}

wait_listening() {
  local i
  for i in $(seq 1 30); do listening && return 0; sleep 1; done
  return 1
}

start_clusters() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  local ver name port status
  while read -r ver name port status _; do
    [ -n "$ver" ] || continue
    if [ "$status" != online ]; then
      log "starting cluster $ver/$name (port $port)"
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
        || as_root service postgresql start || true
    fi
  done < <(pg_lsclusters -h 2>/dev/null || true)
}

install_postgres() {
  command -v apt-get >/dev/null 2>&1 || die "nothing listens on $PGHOST:$PGPORT and apt-get is not available: install PostgreSQL yourself"
  log "installing PostgreSQL with apt"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
}

ensure_server() {
  if listening; then return 0; fi
  case "$PGHOST" in
    127.0.0.1|localhost|::1) ;;
    *) die "nothing listens on $PGHOST:$PGPORT (remote host: not installing anything)";;
  esac
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    install_postgres
  fi
  start_clusters
  wait_listening || die "PostgreSQL still not listening on $PGHOST:$PGPORT (check pg_lsclusters and the cluster's port)"
  log "PostgreSQL is listening on $PGHOST:$PGPORT"
}

ensure_client() {
  command -v psql >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "psql not found"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-client
}

# How to run SQL as a superuser: decided once, stored in SUPER_MODE.
SUPER_MODE="${PG_SUPER_MODE:-}"   # tcp|su|sudo|self; normally auto-detected
PSQL_OPTS=(-X -q -v ON_ERROR_STOP=1 -At -d postgres)
pick_super_mode() {
  [ -n "$SUPER_MODE" ] && return 0
  # 1. TCP as the superuser without a password (trust, or a ~/.pgpass entry)
  if psql -w -h "$PGHOST" -p "$PGPORT" -U "$PGSUPERUSER" "${PSQL_OPTS[@]}" -c 'select 1' >/dev/null 2>&1; then
    SUPER_MODE=tcp; return 0
  fi
  case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) die "cannot connect to $PGHOST:$PGPORT as $PGSUPERUSER without a password (set up ~/.pgpass)";; esac
  # 2. local socket as the postgres OS user (peer auth, stock Debian)
  if [ "$(id -u)" = 0 ]; then
    if (cd / && su "$PGSUPERUSER" -s /bin/sh -c "psql -w -p $PGPORT ${PSQL_OPTS[*]} -c 'select 1'") >/dev/null 2>&1; then
      SUPER_MODE=su; return 0
    fi
  elif command -v sudo >/dev/null 2>&1; then
    if (cd / && sudo -n -u "$PGSUPERUSER" psql -w -p "$PGPORT" "${PSQL_OPTS[@]}" -c 'select 1') >/dev/null 2>&1 \
       || (cd / && sudo -u "$PGSUPERUSER" psql -w -p "$PGPORT" "${PSQL_OPTS[@]}" -c 'select 1') >/dev/null; then
      SUPER_MODE=sudo; return 0
    fi
  fi
  # 3. the current OS user is itself a superuser role (peer on socket)
  if psql -w -p "$PGPORT" "${PSQL_OPTS[@]}" -c 'select 1' >/dev/null 2>&1; then
    SUPER_MODE=self; return 0
  fi
  die "cannot run SQL as a PostgreSQL superuser (tried TCP as $PGSUPERUSER, su/sudo to $PGSUPERUSER, socket as $(id -un))"
}

# super_sql: reads SQL from stdin, prints tuples-only output.
super_sql() {
  pick_super_mode
  case "$SUPER_MODE" in
    tcp)  psql -w -h "$PGHOST" -p "$PGPORT" -U "$PGSUPERUSER" "${PSQL_OPTS[@]}" ;;
    su)   (cd / && su "$PGSUPERUSER" -s /bin/sh -c "psql -w -p $PGPORT ${PSQL_OPTS[*]}") ;;
    sudo) (cd / && sudo -u "$PGSUPERUSER" psql -w -p "$PGPORT" "${PSQL_OPTS[@]}") ;;
    self) psql -w -p "$PGPORT" "${PSQL_OPTS[@]}" ;;
  esac
}

check_ident() {
  [[ "$1" =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid identifier: '$1' (use lower-case letters, digits, _)"
}

ensure_role() {
  check_ident "$DB_USER"
  local pw="${DB_PASSWORD//\'/\'\'}"
  super_sql <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$pw';
  ELSE
    ALTER ROLE $DB_USER LOGIN CREATEDB;
  END IF;
END
\$\$;
SQL
}

db_exists() {
  [ "$(echo "SELECT 1 FROM pg_database WHERE datname = '$1';" | super_sql)" = 1 ]
}

ensure_db() {
  check_ident "$1"
  if db_exists "$1"; then
    # keep ownership consistent even if someone created it by hand
    echo "ALTER DATABASE $1 OWNER TO $DB_USER;" | super_sql
  else
    log "creating database $1 owned by $DB_USER"
    echo "CREATE DATABASE $1 OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0;" | super_sql
  fi
}

recreate_db() {
  check_ident "$1"
  log "recreating database $1 owned by $DB_USER"
  echo "DROP DATABASE IF EXISTS $1 WITH (FORCE);" | super_sql
  echo "CREATE DATABASE $1 OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0;" | super_sql
}

check_login() {
  PGPASSWORD="$DB_PASSWORD" psql -w -h "$PGHOST" -p "$PGPORT" -U "$DB_USER" -X -q -At -d "$1" -c 'select 1' >/dev/null 2>&1
}

cmd="${1:-ensure}"; shift || true
case "$cmd" in
  ensure)
    ensure_server
    ensure_client
    ensure_role
    dbs=("$@"); [ ${#dbs[@]} -gt 0 ] || dbs=(bvrai keycloak)
    for db in "${dbs[@]}"; do ensure_db "$db"; done
    check_login "${dbs[0]}" || die "role $DB_USER cannot log in over TCP to $PGHOST:$PGPORT/${dbs[0]} with its password (check pg_hba.conf)"
    log "ready: postgresql://$DB_USER@$PGHOST:$PGPORT/{$(IFS=,; echo "${dbs[*]}")} (mode: $SUPER_MODE)"
    ;;
  recreate)
    [ $# -gt 0 ] || die "usage: $0 recreate DBNAME..."
    ensure_server
    ensure_client
    ensure_role
    for db in "$@"; do recreate_db "$db"; done
    ;;
  status)
    if listening; then
      echo "PostgreSQL listening on $PGHOST:$PGPORT"
      if check_login "${1:-postgres}"; then echo "role $DB_USER can log in"; else echo "role $DB_USER cannot log in (yet)"; fi
    else
      echo "nothing listening on $PGHOST:$PGPORT"; exit 1
    fi
    ;;
  *) echo "usage: $0 {ensure [DB...]|recreate DB...|status}" >&2; exit 2;;
esac
