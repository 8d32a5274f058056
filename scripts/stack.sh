#!/usr/bin/env bash
# The local stack TokenMeter runs against: the machine's PostgreSQL and Redis, and a single-node
# Kafka 4 broker (KRaft, broker+controller in one JVM) run from jars Maven resolves through
# scripts/kafka/pom.xml. No Docker needed; docker-compose.yml is the same stack for Docker users.
#
#   bash scripts/stack.sh up      start what is missing, create the database and topics (idempotent)
#   bash scripts/stack.sh down    stop the Kafka broker this checkout started (Postgres/Redis stay)
#   bash scripts/stack.sh status  one line per service
#   bash scripts/stack.sh add-producer NAME   a SCRAM user that may write usage.events and vllm.logs
#                                             (password from KAFKA_NEW_PRODUCER_PASSWORD)
#
# The broker authenticates every client with SASL/SCRAM-SHA-512 and authorizes it with ACLs
# (StandardAuthorizer, nothing allowed without an ACL). Its users are made when the storage is formatted:
#   admin               super user: the broker itself, topic and ACL setup (KAFKA_ADMIN_PASSWORD)
#   tokenmeter-api      writes usage.events (the collector)                  (KAFKA_API_PASSWORD)
#   tokenmeter-ingest   the only reader of usage.events and vllm.logs; writes the DLQs (KAFKA_INGEST_PASSWORD)
#   tokenmeter-worker   writes finops.alerts/recommendations, watches the DLQs (KAFKA_WORKER_PASSWORD)
#   tokenmeter-producer a registered direct producer (the CLI's emit and demo) (KAFKA_PRODUCER_PASSWORD)
# The passwords default to the local-development values below; set them before the first `up` anywhere else.
#
# Ports and directory can be moved, so a second broker (a test's own, say) runs beside the usual one:
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_STACK_DIR (.stack/kafka). With
#   STACK_KAFKA_ONLY=1, `up` starts only the broker and its topics (Postgres and Redis are left alone).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

DB_NAME=tokenmeter
KAFKA_HOST=127.0.0.1
KAFKA_PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_POM=$ROOT/scripts/kafka/pom.xml
KAFKA_LIBS=$ROOT/.cache/kafka/libs
KAFKA_DIR=${KAFKA_STACK_DIR:-$ROOT/.stack/kafka}
KAFKA_ADMIN_PASSWORD=${KAFKA_ADMIN_PASSWORD:-admin-local-secret}
KAFKA_API_PASSWORD=${KAFKA_API_PASSWORD:-api-local-secret}
KAFKA_INGEST_PASSWORD=${KAFKA_INGEST_PASSWORD:-ingest-local-secret}
KAFKA_WORKER_PASSWORD=${KAFKA_WORKER_PASSWORD:-worker-local-secret}
KAFKA_PRODUCER_PASSWORD=${KAFKA_PRODUCER_PASSWORD:-producer-local-secret}
SCRAM=SCRAM-SHA-512
KAFKA_DATA=$KAFKA_DIR/data
KAFKA_PROPS=$KAFKA_DIR/server.properties
KAFKA_PID=$KAFKA_DIR/kafka.pid
KAFKA_LOG=$KAFKA_DIR/server.log
KAFKA_WAIT_SECONDS=${KAFKA_WAIT_SECONDS:-90}
# A shared 2-core machine: keep the broker's heap modest.
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}

say() { printf '%-10s %s\n' "$1" "$2"; }
die() {
  say "$1" "ERROR: $2" >&2
  exit 1
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# ---------------------------------------------------------------- PostgreSQL and Redis

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
redis_up() { [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == PONG ]]; }

wait_for() { # name seconds check...
  local name=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || die "$name" "not ready after ${seconds}s"
    sleep 0.5
  done
}

ensure_postgres() {
  if pg_up; then
    say postgres "running on 127.0.0.1:5432"
    return
  fi
  # shellcheck disable=SC2046  # one directory per installed major version
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start >/dev/null
  wait_for postgres 30 pg_up
  say postgres "started on 127.0.0.1:5432"
}

ensure_redis() {
  if redis_up; then
    say redis "running on 127.0.0.1:6379"
    return
  fi
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  wait_for redis 15 redis_up
  say redis "started on 127.0.0.1:6379"
}

ensure_database() {
  local exists
  exists=$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")
  if [[ "$exists" == 1 ]]; then
    say database "$DB_NAME exists"
    return
  fi
  # Another `up` may create it at the same moment; only a real failure counts.
  if ! out=$(psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$DB_NAME\"" 2>&1) &&
    [[ "$out" != *"already exists"* ]]; then
    die database "$out"
  fi
  say database "$DB_NAME created"
}

# ---------------------------------------------------------------- Kafka

# The copied jars are tied to the pom they came from: changing the pinned version re-fetches.
kafka_libs_stamp() { sha256sum "$KAFKA_POM" | cut -d' ' -f1; }

ensure_kafka_libs() {
  if [[ -f "$KAFKA_LIBS/.pom.sha256" && "$(cat "$KAFKA_LIBS/.pom.sha256")" == "$(kafka_libs_stamp)" ]]; then
    return
  fi
  command -v mvn >/dev/null || die kafka "mvn not found: Maven resolves the Kafka jars (apt-get install maven)"
  say kafka "fetching broker jars with Maven (once; cached in .cache/kafka/libs)"
  local tmp=$KAFKA_LIBS.tmp.$$
  rm -rf "$tmp"
  mkdir -p "$(dirname "$KAFKA_LIBS")"
  if ! mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$tmp" >"$tmp.log" 2>&1; then
    tail -n 20 "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die kafka "Maven could not resolve the Kafka jars (see above)"
  fi
  kafka_libs_stamp >"$tmp/.pom.sha256"
  rm -rf "$KAFKA_LIBS" "$tmp.log"
  mv "$tmp" "$KAFKA_LIBS"
}

# The broker's configuration. It holds the admin password (JAAS), so the file is private.
kafka_props() {
  cat <<EOF
# Written by scripts/stack.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$CONTROLLER_PORT
# Clients and the broker itself authenticate with SCRAM over SASL_PLAINTEXT (loopback only, so no
# TLS). The controller listener uses PLAIN with a static user: SCRAM users live in the metadata
# the controller serves, so it cannot depend on them itself.
listeners=SASL_PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
# PLAIN beside SCRAM for librdkafka clients (kcat): Debian's librdkafka 2.0 fails Kafka 4's SCRAM
# exchange. Same users and passwords, so the same principals and ACLs; loopback only.
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD" user_admin="$KAFKA_ADMIN_PASSWORD" user_tokenmeter-api="$KAFKA_API_PASSWORD" user_tokenmeter-ingest="$KAFKA_INGEST_PASSWORD" user_tokenmeter-worker="$KAFKA_WORKER_PASSWORD" user_tokenmeter-producer="$KAFKA_PRODUCER_PASSWORD";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD" user_admin="$KAFKA_ADMIN_PASSWORD";
# Nothing is allowed without an ACL; scripts/create-topics.ts grants each principal its topics.
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
log.dirs=$KAFKA_DATA
# One node: internal topics cannot have more than one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Consumers join at once instead of waiting 3 s for more members (tests start many groups).
group.initial.rebalance.delay.ms=0
num.partitions=6
# Topics come from libs/contracts via scripts/create-topics.ts; a typo must fail, not create a topic.
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
EOF
}

write_kafka_props() {
  mkdir -p "$KAFKA_DIR"
  (
    umask 077
    kafka_props >"$KAFKA_PROPS"
  )
}

# The users made at format time, as `--add-scram` arguments, one per line.
scram_users() {
  local entry
  for entry in "admin=$KAFKA_ADMIN_PASSWORD" "tokenmeter-api=$KAFKA_API_PASSWORD" \
    "tokenmeter-ingest=$KAFKA_INGEST_PASSWORD" "tokenmeter-worker=$KAFKA_WORKER_PASSWORD" \
    "tokenmeter-producer=$KAFKA_PRODUCER_PASSWORD"; do
    printf '%s\n' --add-scram "$SCRAM=[name=${entry%%=*},password=${entry#*=}]"
  done
}

# Storage formatted before the broker had SCRAM users (an older stack.sh) cannot authenticate anyone:
# it is moved aside and formatted again (the local stack keeps no data that only Kafka has).
SCRAM_STAMP_NAME=.tokenmeter-scram-users
format_kafka_storage() {
  if [[ -f "$KAFKA_DATA/meta.properties" ]]; then
    [[ -f "$KAFKA_DATA/$SCRAM_STAMP_NAME" ]] && return
    local aside
    aside=$KAFKA_DIR/data.unauthenticated.$(date +%Y%m%d%H%M%S)
    mv "$KAFKA_DATA" "$aside"
    say kafka "storage had no SCRAM users (made before SASL); moved to ${aside#"$ROOT/"}"
  fi
  local cluster_id
  cluster_id=$(java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  [[ -n "$cluster_id" ]] || die kafka "could not generate a cluster id"
  local -a users
  mapfile -t users < <(scram_users)
  if ! out=$(java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_PROPS" \
    "${users[@]}" 2>&1); then
    printf '%s\n' "$out" | tail -n 20 >&2
    die kafka "formatting KRaft storage in $KAFKA_DATA failed"
  fi
  echo "$SCRAM users: admin tokenmeter-api tokenmeter-ingest tokenmeter-worker tokenmeter-producer" \
    >"$KAFKA_DATA/$SCRAM_STAMP_NAME"
  say kafka "formatted KRaft storage (cluster $cluster_id)"
}

# The pid in the pid file, if that process is alive and is a Kafka broker.
our_kafka_pid() {
  [[ -f "$KAFKA_PID" ]] || return 1
  local pid
  pid=$(cat "$KAFKA_PID")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

# A broker answers when a Kafka client, signed in as admin, gets cluster metadata back, not merely
# when the port is open. `plain` asks without SASL instead (a broker from before SASL answers that).
kafka_answers() {
  port_open "$KAFKA_HOST" "$KAFKA_PORT" || return 1
  KAFKA_PROBE_PASSWORD=$KAFKA_ADMIN_PASSWORD timeout 15 node -e '
    const { Kafka, logLevel } = require("kafkajs");
    const sasl = process.argv[2] === "plain" ? undefined
      : { mechanism: "scram-sha-512", username: "admin", password: process.env.KAFKA_PROBE_PASSWORD };
    const kafka = new Kafka({ brokers: [process.argv[1]], logLevel: logLevel.NOTHING, sasl,
      connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } });
    const admin = kafka.admin();
    admin.connect().then(() => admin.describeCluster())
      .then((c) => process.exit(c.brokers.length > 0 ? 0 : 1), () => process.exit(1));
  ' "$KAFKA_HOST:$KAFKA_PORT" "${1:-sasl}" >/dev/null 2>&1
}

wait_for_kafka() { # pid or empty
  local pid=${1:-} deadline=$((SECONDS + KAFKA_WAIT_SECONDS))
  # The readiness probe is a kafkajs client: without it every probe fails and the wait looks like a dead broker.
  node -e 'require.resolve("kafkajs")' 2>/dev/null || die kafka "kafkajs is not installed: run npm ci first (npm test and npm run demo do)"

  until kafka_answers; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$KAFKA_LOG" >&2 || true
      die kafka "the broker exited while starting (log above, full log in ${KAFKA_LOG#"$ROOT/"})"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$KAFKA_LOG" >&2 || true
      die kafka "no answer on $KAFKA_HOST:$KAFKA_PORT after ${KAFKA_WAIT_SECONDS}s (log above, full log in ${KAFKA_LOG#"$ROOT/"})"
    fi
    sleep 1
  done
}

start_kafka() {
  command -v java >/dev/null || die kafka "java not found: the broker needs Java 17+"
  ensure_kafka_libs
  write_kafka_props
  format_kafka_storage
  [[ -f "$KAFKA_LOG" ]] && mv -f "$KAFKA_LOG" "$KAFKA_LOG.prev"
  rm -f "$KAFKA_PID"
  # setsid: the broker outlives this shell, its terminal and its process group. The inner shell
  # writes its own pid and then becomes java (exec), so the pid file names the broker itself.
  # shellcheck disable=SC2016,SC2086  # $$ is for the inner shell; KAFKA_HEAP_OPTS holds several flags
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_PID" \
    java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.showDateTime=true \
    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_PROPS" >"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  local pid="" tries=0
  until [[ -s "$KAFKA_PID" ]] && pid=$(cat "$KAFKA_PID") && [[ -n "$pid" ]]; do
    ((++tries < 50)) || die kafka "the broker process did not start (see ${KAFKA_LOG#"$ROOT/"})"
    sleep 0.1
  done
  say kafka "starting broker (pid $pid, log ${KAFKA_LOG#"$ROOT/"})"
  wait_for_kafka "$pid"
  say kafka "running on $KAFKA_HOST:$KAFKA_PORT (pid $pid)"
}

ensure_kafka() {
  local pid
  # Two `up`s at once (parallel runners, or two checkouts) must not both start a broker: the lock
  # is per port, machine-wide. The broker must not inherit fd 9, or it would hold the lock.
  local lock=${TMPDIR:-/tmp}/tokenmeter-kafka-$KAFKA_PORT.lock
  exec 9>>"$lock"
  flock -w $((KAFKA_WAIT_SECONDS + 60)) 9 || die kafka "another scripts/stack.sh up holds $lock"
  if pid=$(our_kafka_pid); then
    if [[ "$(kafka_props)" != "$(cat "$KAFKA_PROPS" 2>/dev/null)" ]]; then
      # Ours, but started with another configuration (before SASL, say): start it again with this one.
      say kafka "running with an older configuration (pid $pid); restarting it"
      stop_kafka
      start_kafka
      return
    fi
    # Ours and alive: running, or still starting from an `up` a moment ago.
    wait_for_kafka "$pid"
    say kafka "already running on $KAFKA_HOST:$KAFKA_PORT (pid $pid)"
  elif port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    # Someone else's broker (another checkout, or Docker): reuse it, never start a second one. One
    # that answers without SASL but not with it is from before SASL, and only its owner can restart it.
    if ! kafka_answers && kafka_answers plain; then
      die kafka "the broker on $KAFKA_HOST:$KAFKA_PORT (not started by this checkout) has no SASL: run \
\`bash scripts/stack.sh up\` in the checkout that started it (or stop it), then again here"
    fi
    wait_for_kafka
    say kafka "already running on $KAFKA_HOST:$KAFKA_PORT (not started by this checkout; reused)"
  else
    [[ -f "$KAFKA_PID" ]] && rm -f "$KAFKA_PID" # stale: the process is gone
    start_kafka
  fi
}

# The admin's credentials, for scripts/create-topics.ts (libs/config names).
admin_env() {
  env KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_USERNAME=admin \
    KAFKA_PASSWORD="$KAFKA_ADMIN_PASSWORD" "$@"
}

ensure_topics() {
  local out
  if ! out=$(admin_env node -r ./scripts/register.js scripts/create-topics.ts 2>&1); then
    printf '%s\n' "$out" >&2
    die topics "could not create topics"
  fi
  say topics "$out"
}

stop_kafka() {
  local pid
  if ! pid=$(our_kafka_pid); then
    rm -f "$KAFKA_PID"
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      say kafka "not started by this checkout; left running on $KAFKA_HOST:$KAFKA_PORT"
    else
      say kafka "not running"
    fi
    return
  fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      say kafka "did not stop within 60s; killed (pid $pid)"
      break
    fi
    sleep 0.5
  done
  rm -f "$KAFKA_PID"
  say kafka "stopped (pid $pid)"
}

status() {
  local pid
  if pg_up; then say postgres "up (127.0.0.1:5432)"; else say postgres down; fi
  if redis_up; then say redis "up (127.0.0.1:6379)"; else say redis down; fi
  if kafka_answers; then
    if pid=$(our_kafka_pid); then
      say kafka "up ($KAFKA_HOST:$KAFKA_PORT, pid $pid)"
    else
      say kafka "up ($KAFKA_HOST:$KAFKA_PORT, not started by this checkout)"
    fi
  elif pid=$(our_kafka_pid); then
    say kafka "down (pid $pid alive but not answering on $KAFKA_HOST:$KAFKA_PORT)"
  else
    say kafka down
  fi
}

# A SCRAM user for a direct producer (a log shipper, a gateway), allowed to write usage.events and
# vllm.logs. Which team a record of theirs counts for is decided by its signature (see README, Security).
add_producer() {
  local name=${1:-} password=${KAFKA_NEW_PRODUCER_PASSWORD:-}
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die producer "expected a name of letters, digits, '.', '_' or '-'"
  [[ ${#password} -ge 12 ]] || die producer "set KAFKA_NEW_PRODUCER_PASSWORD (at least 12 characters)"
  kafka_answers || die producer "no broker answers on $KAFKA_HOST:$KAFKA_PORT (run up first)"
  KAFKA_ADMIN_PASSWORD=$KAFKA_ADMIN_PASSWORD KAFKA_NEW_PRODUCER_PASSWORD=$password \
    java -cp "$KAFKA_LIBS/*" "$ROOT/scripts/kafka/ScramUser.java" "$KAFKA_HOST:$KAFKA_PORT" "$name" >/dev/null ||
    die producer "could not create the SCRAM user $name"
  local out
  out=$(admin_env node -r ./scripts/register.js scripts/create-topics.ts --producer "$name" 2>&1) ||
    die producer "$out"
  say producer "$name may write usage.events and vllm.logs ($SCRAM)"
}

case "${1:-}" in
  up)
    if [[ "${STACK_KAFKA_ONLY:-}" != 1 ]]; then
      ensure_postgres
      ensure_redis
      ensure_database
    fi
    ensure_kafka
    ensure_topics
    ;;
  down) stop_kafka ;;
  status) status ;;
  add-producer) add_producer "${2:-}" ;;
  *)
    echo "usage: bash scripts/stack.sh up|down|status|add-producer NAME" >&2
    exit 2
    ;;
esac
