#!/usr/bin/env bash
# The local stack TokenMeter runs against: the machine's PostgreSQL and Redis, and a single-node
# Kafka 4 broker (KRaft, broker+controller in one JVM) run from jars Maven resolves through
# scripts/kafka/pom.xml. No Docker needed; docker-compose.yml is the same stack for Docker users.
#
#   bash scripts/stack.sh up      start what is missing, create the database and topics (idempotent)
#   bash scripts/stack.sh down    stop the Kafka broker this checkout started (Postgres/Redis stay)
#   bash scripts/stack.sh status  one line per service
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

DB_NAME=tokenmeter
KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
CONTROLLER_PORT=9093
KAFKA_POM=$ROOT/scripts/kafka/pom.xml
KAFKA_LIBS=$ROOT/.cache/kafka/libs
KAFKA_DIR=$ROOT/.stack/kafka
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

write_kafka_props() {
  mkdir -p "$KAFKA_DIR"
  cat >"$KAFKA_PROPS" <<EOF
# Written by scripts/stack.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
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

format_kafka_storage() {
  [[ -f "$KAFKA_DATA/meta.properties" ]] && return
  local cluster_id
  cluster_id=$(java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  [[ -n "$cluster_id" ]] || die kafka "could not generate a cluster id"
  if ! out=$(java -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_PROPS" 2>&1); then
    printf '%s\n' "$out" | tail -n 20 >&2
    die kafka "formatting KRaft storage in $KAFKA_DATA failed"
  fi
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

# A broker answers when a Kafka client gets cluster metadata back, not merely when the port is open.
kafka_answers() {
  port_open "$KAFKA_HOST" "$KAFKA_PORT" || return 1
  timeout 15 node -e '
    const { Kafka, logLevel } = require("kafkajs");
    const kafka = new Kafka({ brokers: [process.argv[1]], logLevel: logLevel.NOTHING,
      connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } });
    const admin = kafka.admin();
    admin.connect().then(() => admin.describeCluster())
      .then((c) => process.exit(c.brokers.length > 0 ? 0 : 1), () => process.exit(1));
  ' "$KAFKA_HOST:$KAFKA_PORT" >/dev/null 2>&1
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
    # Ours and alive: running, or still starting from an `up` a moment ago.
    wait_for_kafka "$pid"
    say kafka "already running on $KAFKA_HOST:$KAFKA_PORT (pid $pid)"
  elif port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    # Someone else's broker (another checkout, or Docker): reuse it, never start a second one.
    wait_for_kafka
    say kafka "already running on $KAFKA_HOST:$KAFKA_PORT (not started by this checkout; reused)"
  else
    [[ -f "$KAFKA_PID" ]] && rm -f "$KAFKA_PID" # stale: the process is gone
    start_kafka
  fi
}

ensure_topics() {
  local out
  if ! out=$(KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" node -r ./scripts/register.js scripts/create-topics.ts 2>&1); then
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

case "${1:-}" in
  up)
    ensure_postgres
    ensure_redis
    ensure_database
    ensure_kafka
    ensure_topics
    ;;
  down) stop_kafka ;;
  status) status ;;
  *)
    echo "usage: bash scripts/stack.sh up|down|status" >&2
    exit 2
    ;;
esac
