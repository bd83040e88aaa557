#!/usr/bin/env bash
# Starts and stops a local Gannet cluster on one machine: Kafka (KRaft, from the Maven Central
# jars, as a child JVM), Redis and PostgreSQL (Debian packages, installed when missing and run as
# root), and N Gannet nodes. Everything lives in one directory (default target/local-cluster).
# See "Running a local cluster" in README.md, or run: scripts/local-cluster.sh help
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROG="scripts/local-cluster.sh"

usage() {
  cat <<EOF
Usage:
  $PROG start [options]     start Kafka, Redis, PostgreSQL and the nodes (what already runs is kept)
  $PROG stop [--purge]      stop the nodes, then Kafka, Redis and PostgreSQL; --purge deletes the directory
  $PROG status              what runs, from the pid files (exit code 3 when something is not running)
  $PROG check               Kafka (create, list, produce, consume), Redis, PostgreSQL and every node
  $PROG kill-node N         SIGKILL node-N (to try failover)
  $PROG start-node N        start node-N again (or a new one) with the cluster's settings

Options (start; the last start's values are kept in DIR/cluster.env and reused):
  --dir DIR                    cluster directory     (GANNET_CLUSTER_DIR, default target/local-cluster)
  --nodes N                    number of nodes       (GANNET_CLUSTER_NODES, default 3)
  --base-port P                MQTT port of node-1; node-i gets P+i-1      (GANNET_CLUSTER_BASE_PORT, 1883)
  --http-base-port P           management port of node-1; node-i gets P+10*(i-1)
                                                     (GANNET_CLUSTER_HTTP_BASE_PORT, 8083)
  --bind ADDR                  address the nodes listen on (GANNET_CLUSTER_BIND, 127.0.0.1)
  --kafka-port P               Kafka PLAINTEXT       (GANNET_CLUSTER_KAFKA_PORT, 9092)
  --kafka-controller-port P    Kafka CONTROLLER      (GANNET_CLUSTER_KAFKA_CONTROLLER_PORT, 9093)
  --redis-port P               Redis                 (GANNET_CLUSTER_REDIS_PORT, 6379)
  --postgres-port P            PostgreSQL            (GANNET_CLUSTER_POSTGRES_PORT, 5432)
  --build                      rebuild the broker jar first (otherwise built only when missing)

Environment only: GANNET_SECURITY_ADMIN_PASSWORD (password of 'admin', default admin),
GANNET_CLUSTER_NODE_JAVA_OPTS (default -Xms128m -Xmx1g), GANNET_CLUSTER_KAFKA_JAVA_OPTS
(default -Xms256m -Xmx512m), GANNET_CLUSTER_KAFKA_VERSION (default 4.3.1),
GANNET_CLUSTER_WAIT_SECONDS (start timeout per service, default 120),
GANNET_CLUSTER_STOP_SECONDS (SIGTERM before SIGKILL, default 30).
Other GANNET_* variables (GANNET_LOG_LEVEL, GANNET_CLUSTER_KAFKA_TOPIC_PREFIX...) reach the nodes.
EOF
}

say() { printf '[local-cluster] %s\n' "$*"; }
warn() { printf '[local-cluster] WARNING: %s\n' "$*" >&2; }
die() { printf '[local-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Settings: built-in defaults < DIR/cluster.env (the last start) < environment < options
# ---------------------------------------------------------------------------------------------

SAVED_KEYS=(NODES MQTT_BASE_PORT HTTP_BASE_PORT BIND KAFKA_PORT KAFKA_CONTROLLER_PORT REDIS_PORT POSTGRES_PORT KAFKA_VERSION)
PORT_KEYS=(MQTT_BASE_PORT HTTP_BASE_PORT KAFKA_PORT KAFKA_CONTROLLER_PORT REDIS_PORT POSTGRES_PORT)
declare -A ENV_OF=(
  [NODES]=GANNET_CLUSTER_NODES [MQTT_BASE_PORT]=GANNET_CLUSTER_BASE_PORT
  [HTTP_BASE_PORT]=GANNET_CLUSTER_HTTP_BASE_PORT [BIND]=GANNET_CLUSTER_BIND
  [KAFKA_PORT]=GANNET_CLUSTER_KAFKA_PORT [KAFKA_CONTROLLER_PORT]=GANNET_CLUSTER_KAFKA_CONTROLLER_PORT
  [REDIS_PORT]=GANNET_CLUSTER_REDIS_PORT [POSTGRES_PORT]=GANNET_CLUSTER_POSTGRES_PORT
  [KAFKA_VERSION]=GANNET_CLUSTER_KAFKA_VERSION
)
declare -A OPT=()
declare -A SAVED=()

NODES=3
MQTT_BASE_PORT=1883
HTTP_BASE_PORT=8083
BIND=127.0.0.1
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
REDIS_PORT=6379
POSTGRES_PORT=5432
KAFKA_VERSION=4.3.1

ADMIN_PASSWORD=${GANNET_SECURITY_ADMIN_PASSWORD:-admin}
NODE_JAVA_OPTS=${GANNET_CLUSTER_NODE_JAVA_OPTS:--Xms128m -Xmx1g}
KAFKA_JAVA_OPTS=${GANNET_CLUSTER_KAFKA_JAVA_OPTS:--Xms256m -Xmx512m}
WAIT_SECONDS=${GANNET_CLUSTER_WAIT_SECONDS:-120}
STOP_SECONDS=${GANNET_CLUSTER_STOP_SECONDS:-30}
DIR=${GANNET_CLUSTER_DIR:-$REPO_ROOT/target/local-cluster}
BUILD=0
PURGE=0

load_settings() {
  local key value
  if [[ -f $DIR/cluster.env ]]; then
    while IFS='=' read -r key value; do
      [[ -n ${ENV_OF[$key]+x} ]] || continue
      SAVED[$key]=$value
      printf -v "$key" '%s' "$value"
    done <"$DIR/cluster.env"
  fi
  for key in "${SAVED_KEYS[@]}"; do
    local env_name=${ENV_OF[$key]}
    if [[ -n ${!env_name:-} ]]; then printf -v "$key" '%s' "${!env_name}"; fi
    if [[ -n ${OPT[$key]+x} ]]; then printf -v "$key" '%s' "${OPT[$key]}"; fi
  done
  # These are the script's own: none of them may reach a node (they look like broker keys).
  unset GANNET_CLUSTER_DIR GANNET_CLUSTER_NODE_JAVA_OPTS GANNET_CLUSTER_KAFKA_JAVA_OPTS \
    GANNET_CLUSTER_WAIT_SECONDS GANNET_CLUSTER_STOP_SECONDS
  for key in "${SAVED_KEYS[@]}"; do unset "${ENV_OF[$key]}"; done

  if ! [[ $NODES =~ ^[0-9]+$ ]] || ((NODES < 1 || NODES > 50)); then die "--nodes must be 1 to 50, not '$NODES'"; fi
  for key in "${PORT_KEYS[@]}"; do
    if ! [[ ${!key} =~ ^[0-9]+$ ]] || ((${!key} < 1 || ${!key} > 65535)); then
      die "${key,,} must be a port from 1 to 65535, not '${!key}'"
    fi
  done
  [[ $WAIT_SECONDS =~ ^[0-9]+$ && $STOP_SECONDS =~ ^[0-9]+$ ]] \
    || die "GANNET_CLUSTER_WAIT_SECONDS and GANNET_CLUSTER_STOP_SECONDS must be whole seconds"
  [[ -n $BIND ]] || die "--bind must not be empty"
}

save_settings() {
  local key
  for key in "${SAVED_KEYS[@]}"; do printf '%s=%s\n' "$key" "${!key}"; done >"$DIR/cluster.env.tmp"
  mv "$DIR/cluster.env.tmp" "$DIR/cluster.env"
}

mqtt_port() { echo $((MQTT_BASE_PORT + $1 - 1)); }
http_port() { echo $((HTTP_BASE_PORT + 10 * ($1 - 1))); }
node_dir() { echo "$DIR/nodes/node-$1"; }
# The address clients use to reach a node (0.0.0.0 and :: listen everywhere, loopback included).
node_host() { if [[ $BIND == 0.0.0.0 || $BIND == :: ]]; then echo 127.0.0.1; else echo "$BIND"; fi; }

# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------

# True when PID runs (a zombie does not count) and its command line contains MARKER as a whole word.
pid_running() {
  local pid=$1 marker=${2:-} stat cmdline
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]] || return 1
  if [[ -n $marker ]]; then
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *"$marker "* ]] || return 1
  fi
}

# The pid in FILE when that process runs and matches MARKER, else nothing (exit 1).
running_pid() {
  local file=$1 marker=$2 pid
  [[ -f $file ]] || return 1
  pid=$(head -n 1 "$file" 2>/dev/null | tr -d '[:space:]')
  pid_running "$pid" "$marker" || return 1
  echo "$pid"
}

port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# stop_pids NAME=PID...: SIGTERM to each, SIGKILL to those still running after STOP_SECONDS.
stop_pids() {
  local pair deadline alive=() killed=0
  for pair in "$@"; do kill -TERM "${pair#*=}" 2>/dev/null || true; done
  deadline=$((SECONDS + STOP_SECONDS))
  while :; do
    alive=()
    for pair in "$@"; do pid_running "${pair#*=}" && alive+=("$pair"); done
    ((${#alive[@]} > 0)) || return 0
    if ((SECONDS >= deadline)); then
      ((!killed)) || die "${alive[*]%%=*} survived SIGKILL (pid ${alive[*]#*=})"
      warn "${alive[*]%%=*} still running ${STOP_SECONDS}s after SIGTERM: SIGKILL (pid ${alive[*]#*=})"
      for pair in "${alive[@]}"; do kill -KILL "${pair#*=}" 2>/dev/null || true; done
      set -- "${alive[@]}"
      killed=1
      deadline=$((SECONDS + 10))
    fi
    sleep 0.2
  done
}

log_tail() {
  local log=$1
  if [[ -f $log ]]; then
    printf '%s\n' "---- last lines of $log ----" >&2
    tail -n 30 "$log" >&2
    printf '%s\n' "----" >&2
  fi
}

# wait_until NAME LOG PID-COMMAND READY-COMMAND...: polls READY-COMMAND until it succeeds; fails
# at once when PID-COMMAND finds the process gone, and after WAIT_SECONDS.
wait_until() {
  local name=$1 log=$2 alive_check=$3; shift 3
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@"; do
    if ! $alive_check; then
      log_tail "$log"
      die "$name exited during start-up (log: $log)"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$log"
      die "$name not ready after ${WAIT_SECONDS}s (log: $log)"
    fi
    sleep 0.5
  done
}

is_root() { [[ $(id -u) == 0 ]]; }

# ---------------------------------------------------------------------------------------------
# Clean-up of what this invocation started, when it fails or is interrupted
# ---------------------------------------------------------------------------------------------

STARTED=()
SUCCEEDED=0
POLICY_RC_CREATED=0

on_exit() {
  local rc=$? i
  # A second Ctrl-C must not leave half of the clean-up undone.
  trap '' INT TERM
  trap - EXIT
  if ((POLICY_RC_CREATED)); then rm -f /usr/sbin/policy-rc.d; fi
  if ((!SUCCEEDED && ${#STARTED[@]} > 0)); then
    if ((rc == 130 || rc == 143)); then warn "interrupted: stopping what this run started (${STARTED[*]})"
    else warn "start failed: stopping what this run started (${STARTED[*]})"; fi
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
      (stop_component "${STARTED[i]}") || warn "could not stop ${STARTED[i]}"
    done
  fi
  exit "$rc"
}

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------

JAVA=java
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then JAVA=$JAVA_HOME/bin/java; fi

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "Java not found: install JDK 17 or newer (or set JAVA_HOME)"
  local version major
  version=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  major=${version%%.*}
  [[ $major == 1 ]] && major=$(echo "$version" | cut -d. -f2)
  [[ $major =~ ^[0-9]+$ ]] || major=0
  ((major >= 17)) || die "Java 17 or newer needed; $JAVA is '${version:-unknown}'"
}

check_maven() {
  command -v mvn >/dev/null 2>&1 || die "Maven not found: install Maven 3.8.7 or newer (needed to $1)"
}

# Installs Debian packages when root; the services are not started by the packages (policy-rc.d).
apt_install() {
  local what=$1; shift
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    die "$what is missing: install the Debian/Ubuntu package(s) $* (this script installs them only when run as root)"
  fi
  say "installing $* (apt-get)"
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# added by %s while installing packages: do not start services\nexit 101\n' "$PROG" >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    POLICY_RC_CREATED=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq "$@" >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
  fi
  if ((POLICY_RC_CREATED)); then rm -f /usr/sbin/policy-rc.d; POLICY_RC_CREATED=0; fi
}

PG_BIN=""
find_pg_bin() {
  local bin best=""
  for bin in /usr/lib/postgresql/*/bin; do
    [[ -x $bin/initdb && -x $bin/pg_ctl ]] || continue
    if [[ -z $best ]] || (( ${bin//[^0-9]/} > ${best//[^0-9]/} )); then best=$bin; fi
  done
  if [[ -z $best ]] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    best=$(dirname "$(command -v pg_ctl)")
  fi
  PG_BIN=$best
  [[ -n $PG_BIN ]]
}

ensure_redis_installed() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    apt_install Redis redis-server
  fi
}

ensure_postgres_installed() {
  find_pg_bin || { apt_install PostgreSQL postgresql; find_pg_bin || die "PostgreSQL's binaries not found after installing"; }
  [[ -x $PG_BIN/psql ]] || command -v psql >/dev/null 2>&1 || apt_install psql postgresql-client
}

psql_bin() { if [[ -x $PG_BIN/psql ]]; then echo "$PG_BIN/psql"; else command -v psql; fi; }

# Runs a PostgreSQL server tool as the postgres user when root (initdb refuses root).
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# Broker jar
# ---------------------------------------------------------------------------------------------

BROKER_JAR=$REPO_ROOT/broker-server/target/gannet-broker.jar
BROKER_LIB=$REPO_ROOT/broker-server/target/lib

ensure_broker_jar() {
  if ((BUILD)) || [[ ! -f $BROKER_JAR || ! -d $BROKER_LIB ]]; then
    check_maven "build the broker"
    say "building the broker: mvn -q -DskipTests -pl broker-server -am package (log: $DIR/logs/build.log)"
    if ! (cd "$REPO_ROOT" && mvn -B -q -DskipTests -pl broker-server -am package) >"$DIR/logs/build.log" 2>&1; then
      log_tail "$DIR/logs/build.log"
      die "the broker build failed (log: $DIR/logs/build.log)"
    fi
  fi
}

# The nodes run from a copy in DIR/broker, so that rebuilding the project does not pull the jars
# from under running nodes. The copy is refreshed when no node runs.
install_broker_copy() {
  local copy=$DIR/broker
  if any_node_running; then
    [[ -f $copy/gannet-broker.jar ]] || die "nodes run but $copy is missing"
    if ! cmp -s "$BROKER_JAR" "$copy/gannet-broker.jar"; then
      warn "nodes are running: new nodes use the broker copied when the first one started ($copy)"
    fi
    return 0
  fi
  if [[ -f $copy/gannet-broker.jar ]] && cmp -s "$BROKER_JAR" "$copy/gannet-broker.jar" \
    && diff -q <(ls "$BROKER_LIB") <(ls "$copy/lib") >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$copy.tmp"
  mkdir -p "$copy.tmp"
  cp "$BROKER_JAR" "$copy.tmp/"
  cp -r "$BROKER_LIB" "$copy.tmp/lib"
  rm -rf "$copy"
  mv "$copy.tmp" "$copy"
}

# ---------------------------------------------------------------------------------------------
# Kafka (KRaft, one combined broker and controller) from the Maven Central jars
# ---------------------------------------------------------------------------------------------

kafka_libs() { echo "$DIR/kafka/libs-$KAFKA_VERSION"; }
kafka_pid() { running_pid "$DIR/kafka/kafka.pid" "-Dgannet.local-cluster.kafka=$DIR"; }
kafka_alive() { kafka_pid >/dev/null; }

ensure_kafka_libs() {
  local libs pom
  libs=$(kafka_libs)
  [[ -f $libs/.complete ]] && return 0
  check_maven "download Kafka's jars"
  mkdir -p "$DIR/kafka"
  pom=$DIR/kafka/pom.xml
  cat >"$pom" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by $PROG: the runtime classpath of a Kafka broker, copied into libs-$KAFKA_VERSION. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.gannet.local-cluster</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <!-- kafka_2.13 declares slf4j 1.7; 2.0 is what slf4j-simple 2.0 binds to -->
      <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
</project>
EOF
  say "fetching Kafka $KAFKA_VERSION's jars with Maven (from Maven Central unless already in the local repository) into $libs"
  rm -rf "$libs.tmp"
  if ! mvn -B -q -f "$pom" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs.tmp" >"$DIR/logs/kafka-fetch.log" 2>&1; then
    log_tail "$DIR/logs/kafka-fetch.log"
    die "could not fetch Kafka's jars (log: $DIR/logs/kafka-fetch.log)"
  fi
  ls "$libs.tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar in $libs.tmp"
  touch "$libs.tmp/.complete"
  rm -rf "$libs"
  mv "$libs.tmp" "$libs"
}

kafka_java_args() {
  local opts=()
  read -r -a opts <<<"$KAFKA_JAVA_OPTS"
  KAFKA_JAVA_ARGS=("$JAVA" "${opts[@]}" -Djava.awt.headless=true
    -Dorg.slf4j.simpleLogger.showDateTime=true "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss,SSS"
    -cp "$(kafka_libs)/*")
}

# start_detached LOG DIR MARKER COMMAND...: runs COMMAND in DIR in its own session (no terminal,
# so it outlives this script and a Ctrl-C in its terminal), output appended to LOG; sets LAST_PID.
# Returns once the process runs COMMAND (whose arguments hold MARKER), or is gone.
LAST_PID=""
start_detached() {
  local log=$1 cwd=$2 marker=$3 i; shift 3
  (cd "$cwd" && exec setsid "$@") >>"$log" 2>&1 </dev/null &
  LAST_PID=$!
  for ((i = 0; i < 100; i++)); do
    pid_running "$LAST_PID" "$marker" || ! pid_running "$LAST_PID" && return 0
    sleep 0.05
  done
}

write_kafka_config() {
  cat >"$DIR/kafka/server.properties" <<EOF
# Written by $PROG at every start: one combined KRaft broker and controller on 127.0.0.1.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DIR/kafka/data
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Gannet creates its topics with the settings they need; one created by accident would lack them.
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
EOF
}

KAFKA_LOG_OFFSET=0
kafka_ready() {
  port_open 127.0.0.1 "$KAFKA_PORT" || return 1
  tail -c "+$((KAFKA_LOG_OFFSET + 1))" "$DIR/logs/kafka.log" 2>/dev/null | grep -q "Kafka Server started"
}

# Formats the storage on the first start, then starts Kafka without waiting (see wait_kafka).
launch_kafka() {
  local log=$DIR/logs/kafka.log cluster_id
  mkdir -p "$DIR/kafka/data"
  write_kafka_config
  kafka_java_args
  if [[ ! -f $DIR/kafka/data/meta.properties ]]; then
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    say "formatting Kafka's storage (cluster id $cluster_id)"
    if ! "${KAFKA_JAVA_ARGS[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$DIR/kafka/server.properties" >>"$log" 2>&1; then
      log_tail "$log"
      die "kafka.tools.StorageTool format failed (log: $log)"
    fi
  fi
  KAFKA_LOG_OFFSET=$(stat -c %s "$log" 2>/dev/null || echo 0)
  say "starting Kafka on 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
  start_detached "$log" "$DIR/kafka" "-Dgannet.local-cluster.kafka=$DIR" \
    "${KAFKA_JAVA_ARGS[@]}" "-Dgannet.local-cluster.kafka=$DIR" kafka.Kafka "$DIR/kafka/server.properties"
  echo "$LAST_PID" >"$DIR/kafka/kafka.pid"
  STARTED+=(kafka)
}

wait_kafka() { wait_until Kafka "$DIR/logs/kafka.log" kafka_alive kafka_ready; }

# ---------------------------------------------------------------------------------------------
# Redis (Debian's redis-server), append-only file on, so a restart keeps the queues
# ---------------------------------------------------------------------------------------------

redis_pid() { running_pid "$DIR/redis/redis.pid" redis-server; }
redis_alive() { redis_pid >/dev/null || [[ ! -f $DIR/redis/redis.pid ]]; }
redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && redis_pid >/dev/null; }

start_redis() {
  local log=$DIR/logs/redis.log
  mkdir -p "$DIR/redis/data"
  cat >"$DIR/redis/redis.conf" <<EOF
# Written by $PROG at every start.
port $REDIS_PORT
bind 127.0.0.1
protected-mode yes
daemonize yes
pidfile $DIR/redis/redis.pid
logfile $log
dir $DIR/redis/data
appendonly yes
appendfsync everysec
save ""
EOF
  rm -f "$DIR/redis/redis.pid"
  say "starting Redis on 127.0.0.1:$REDIS_PORT"
  STARTED+=(redis)
  if ! redis-server "$DIR/redis/redis.conf" >>"$log" 2>&1; then
    log_tail "$log"
    die "redis-server failed (log: $log)"
  fi
  wait_until Redis "$log" redis_alive redis_ready
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL (Debian's binaries): initdb and pg_ctl in DIR/postgres, as the postgres user when root
# ---------------------------------------------------------------------------------------------

pg_data() { echo "$DIR/postgres/data"; }
postgres_pid() { running_pid "$(pg_data)/postmaster.pid" postgres; }

# Creates the database cluster on the first start; starts nothing.
prepare_postgres() {
  local pgdir=$DIR/postgres log=$DIR/logs/postgres.log data
  data=$(pg_data)
  mkdir -p "$pgdir"
  touch "$log"
  if is_root; then
    chown postgres:postgres "$pgdir" "$log"
    runuser -u postgres -- test -w "$pgdir" \
      || die "the postgres user cannot write to $pgdir (a parent directory is closed to it): choose another --dir, e.g. under /tmp"
  fi
  # A Unix socket path is at most 107 bytes.
  ((${#pgdir} + 20 < 107)) || die "$pgdir is too long for PostgreSQL's socket: choose a shorter --dir"
  if [[ ! -f $data/PG_VERSION ]]; then
    say "creating the PostgreSQL database cluster in $data"
    if ! as_pg "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >>"$log" 2>&1; then
      log_tail "$log"
      die "initdb failed (log: $log)"
    fi
  fi
}

start_postgres() {
  local pgdir=$DIR/postgres log=$DIR/logs/postgres.log data psql
  data=$(pg_data)
  say "starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
  STARTED+=(postgres)
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t "$WAIT_SECONDS" \
    -o "-p $POSTGRES_PORT -k '$pgdir' -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
    log_tail "$log"
    die "pg_ctl start failed (log: $log)"
  fi
  psql=$(psql_bin)
  local sql=("$psql" -h "$pgdir" -p "$POSTGRES_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt)
  if [[ -z $("${sql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'gannet'") ]]; then
    "${sql[@]}" -c "CREATE ROLE gannet LOGIN PASSWORD 'gannet'" >/dev/null
  fi
  if [[ -z $("${sql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'gannet'") ]]; then
    "${sql[@]}" -c "CREATE DATABASE gannet OWNER gannet" >/dev/null
  fi
}

stop_postgres() {
  local data
  data=$(pg_data)
  postgres_pid >/dev/null || return 0
  find_pg_bin || die "PostgreSQL runs from $data but pg_ctl is not found"
  say "stopping PostgreSQL"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t "$STOP_SECONDS" stop >/dev/null \
    || as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null
}

# ---------------------------------------------------------------------------------------------
# Gannet nodes
# ---------------------------------------------------------------------------------------------

node_pid() { running_pid "$(node_dir "$1")/node.pid" "-Dgannet.local-cluster.node=$(node_dir "$1")"; }

any_node_running() {
  local pidfile n
  for pidfile in "$DIR"/nodes/node-*/node.pid; do
    [[ -f $pidfile ]] || continue
    n=${pidfile%/node.pid}
    n=${n##*/node-}
    node_pid "$n" >/dev/null && return 0
  done
  return 1
}

# Every node with a directory, in order (1 2 3 ... 10).
known_nodes() {
  local d
  for d in "$DIR"/nodes/node-*; do
    if [[ -d $d ]]; then echo "${d##*/node-}"; fi
  done | sort -n
}

launch_node() {
  local i=$1 ndir log opts=()
  ndir=$(node_dir "$i")
  log=$DIR/logs/node-$i.log
  mkdir -p "$ndir/data"
  read -r -a opts <<<"$NODE_JAVA_OPTS"
  say "starting node-$i: MQTT $BIND:$(mqtt_port "$i"), management $BIND:$(http_port "$i")"
  printf '\n==== %s: node-%s started by %s ====\n' "$(date '+%F %T')" "$i" "$PROG" >>"$log"
  start_detached "$log" "$ndir" "-Dgannet.local-cluster.node=$ndir" env \
    GANNET_CLUSTER_ENABLED=true \
    "GANNET_CLUSTER_NODE_ID=node-$i" \
    "GANNET_CLUSTER_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT" \
    GANNET_CLUSTER_KAFKA_REPLICATION_FACTOR=1 \
    "GANNET_CLUSTER_REDIS_URI=redis://127.0.0.1:$REDIS_PORT" \
    "GANNET_CLUSTER_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/gannet" \
    GANNET_CLUSTER_POSTGRES_USER=gannet \
    GANNET_CLUSTER_POSTGRES_PASSWORD=gannet \
    "GANNET_MQTT_HOST=$BIND" "GANNET_MQTT_PORT=$(mqtt_port "$i")" \
    "GANNET_HTTP_HOST=$BIND" "GANNET_HTTP_PORT=$(http_port "$i")" \
    "GANNET_DATA_DIR=$ndir/data" \
    "GANNET_SECURITY_ADMIN_PASSWORD=$ADMIN_PASSWORD" \
    "$JAVA" "${opts[@]}" "-Dgannet.local-cluster.node=$ndir" -jar "$DIR/broker/gannet-broker.jar"
  echo "$LAST_PID" >"$ndir/node.pid"
  STARTED+=("node:$i")
}

WAIT_NODE=""
node_alive() { node_pid "$WAIT_NODE" >/dev/null; }
node_ready() {
  port_open "$(node_host)" "$(mqtt_port "$WAIT_NODE")" && port_open "$(node_host)" "$(http_port "$WAIT_NODE")"
}

wait_node() {
  WAIT_NODE=$1
  wait_until "node-$1" "$DIR/logs/node-$1.log" node_alive node_ready
}

# ---------------------------------------------------------------------------------------------
# Stopping
# ---------------------------------------------------------------------------------------------

stop_component() {
  local what=$1 pid
  case $what in
    node:*)
      pid=$(node_pid "${what#node:}") || return 0
      stop_pids "node-${what#node:}=$pid"
      rm -f "$(node_dir "${what#node:}")/node.pid"
      ;;
    kafka)
      pid=$(kafka_pid) || return 0
      stop_pids "Kafka=$pid"
      rm -f "$DIR/kafka/kafka.pid"
      ;;
    redis)
      pid=$(redis_pid) || return 0
      stop_pids "Redis=$pid"
      ;;
    postgres)
      stop_postgres
      ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------------------------

# check_ports NAME=PORT...: fails when two of the ports are equal, or one is taken by another program.
check_ports() {
  local pair name port host
  declare -A seen=()
  for pair in "$@"; do
    name=${pair%%=*} port=${pair#*=}
    [[ -z ${seen[$port]+x} ]] || die "port $port is set for both ${seen[$port]} and $name"
    seen[$port]=$name
  done
  for pair in "$@"; do
    name=${pair%%=*} port=${pair#*=} host=127.0.0.1
    [[ $name != node-* ]] || host=$(node_host)
    if port_open "$host" "$port"; then
      die "port $port ($name) is in use by another program: stop it, or choose another port (see $PROG help)"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------

stop_command() {
  if [[ $DIR == "$REPO_ROOT/target/local-cluster" ]]; then echo "$PROG stop"; else echo "$PROG stop --dir $DIR"; fi
}

refuse_port_changes_while_running() {
  local key running=0
  { kafka_alive || redis_pid || postgres_pid || any_node_running; } >/dev/null 2>&1 && running=1
  ((running)) || return 0
  for key in "${PORT_KEYS[@]}" BIND; do
    if [[ -n ${SAVED[$key]+x} && ${SAVED[$key]} != "${!key}" ]]; then
      die "the cluster in $DIR runs with ${key,,}=${SAVED[$key]}: run '$(stop_command)' before changing it to ${!key}"
    fi
  done
}

cmd_start() {
  local i t0=$SECONDS ports=()
  check_java
  mkdir -p "$DIR/logs" "$DIR/nodes"
  [[ $DIR != *[[:space:]\'\"\\]* ]] || die "the cluster directory must not contain spaces or quotes: $DIR"
  refuse_port_changes_while_running

  # What is to be started, and its ports; what already runs is kept.
  local want_kafka=1 want_redis=1 want_postgres=1 want_nodes=()
  kafka_alive && want_kafka=0
  redis_pid >/dev/null && want_redis=0
  postgres_pid >/dev/null && want_postgres=0
  if ((want_kafka)); then ports+=("kafka=$KAFKA_PORT" "kafka-controller=$KAFKA_CONTROLLER_PORT"); fi
  if ((want_redis)); then ports+=("redis=$REDIS_PORT"); fi
  if ((want_postgres)); then ports+=("postgres=$POSTGRES_PORT"); fi
  for ((i = 1; i <= NODES; i++)); do
    node_pid "$i" >/dev/null && continue
    want_nodes+=("$i")
    ports+=("node-$i-mqtt=$(mqtt_port "$i")" "node-$i-http=$(http_port "$i")")
  done
  check_ports "${ports[@]}"
  save_settings

  # Everything that can fail without starting anything comes first.
  if ((want_redis)); then ensure_redis_installed; fi
  if ((want_postgres)); then ensure_postgres_installed; prepare_postgres; fi
  if ((want_kafka)); then ensure_kafka_libs; fi
  ensure_broker_jar
  install_broker_copy

  # Redis and PostgreSQL start while Kafka's JVM warms up.
  if ((want_kafka)); then launch_kafka; else say "Kafka already runs (pid $(kafka_pid))"; fi
  if ((want_redis)); then start_redis; else say "Redis already runs (pid $(redis_pid))"; fi
  if ((want_postgres)); then start_postgres; else say "PostgreSQL already runs (pid $(postgres_pid))"; fi
  if ((want_kafka)); then wait_kafka; fi
  for i in "${want_nodes[@]}"; do launch_node "$i"; done
  for i in "${want_nodes[@]}"; do wait_node "$i"; done
  SUCCEEDED=1
  if ((${#STARTED[@]} > 0)); then say "started in $((SECONDS - t0)) s"; else say "everything already runs"; fi
  echo
  print_status || true
  cat <<EOF

Logs:     $DIR/logs/ (kafka.log, redis.log, postgres.log, node-N.log)
Console:  java -jar console-app/target/gannet-console.jar, then log in to http://$(node_host):$HTTP_BASE_PORT as admin
          (password: GANNET_SECURITY_ADMIN_PASSWORD, default admin)
Try:      mosquitto_sub -h $(node_host) -p $MQTT_BASE_PORT -t 'test/#' -v
Stop:     $(stop_command)   (--purge also deletes $DIR)
EOF
}

cmd_stop() {
  local n pid nodes=() stopped=0
  for n in $(known_nodes); do
    if pid=$(node_pid "$n"); then nodes+=("node-$n=$pid"); fi
  done
  if ((${#nodes[@]} > 0)); then
    say "stopping ${nodes[*]%%=*}"
    stopped=1
    stop_pids "${nodes[@]}"
    for n in $(known_nodes); do rm -f "$(node_dir "$n")/node.pid"; done
  fi
  if kafka_pid >/dev/null; then say "stopping Kafka"; stop_component kafka; stopped=1; fi
  if redis_pid >/dev/null; then say "stopping Redis"; stop_component redis; stopped=1; fi
  if postgres_pid >/dev/null; then stop_postgres; stopped=1; fi
  ((stopped)) || say "nothing runs in $DIR"
  if ((PURGE)); then
    if [[ -d $DIR ]]; then
      [[ -f $DIR/cluster.env || -d $DIR/kafka || -d $DIR/nodes ]] \
        || die "$DIR does not look like a local cluster directory: not deleting it"
      rm -rf "$DIR"
      say "deleted $DIR"
    fi
  elif ((stopped)); then
    say "stopped; data kept in $DIR"
  fi
}

# One line per service and node; returns 3 when something of the cluster is not running.
print_status() {
  local rc=0 pid n host
  host=$(node_host)
  printf 'Gannet local cluster in %s\n' "$DIR"
  line() { printf '  %-11s %-8s %-11s %s\n' "$@"; }
  if pid=$(kafka_pid); then
    line kafka running "pid $pid" "127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT)"
  else line kafka stopped "" "127.0.0.1:$KAFKA_PORT"; rc=3; fi
  if pid=$(redis_pid); then line redis running "pid $pid" "redis://127.0.0.1:$REDIS_PORT"
  else line redis stopped "" "redis://127.0.0.1:$REDIS_PORT"; rc=3; fi
  if pid=$(postgres_pid); then
    line postgres running "pid $pid" "jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/gannet (user gannet, password gannet)"
  else line postgres stopped "" "jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/gannet"; rc=3; fi
  local nodes
  nodes=$( { seq 1 "$NODES"; known_nodes; } | sort -nu)
  for n in $nodes; do
    local where
    where="mqtt://$host:$(mqtt_port "$n")  http://$host:$(http_port "$n")/api"
    if pid=$(node_pid "$n"); then
      port_open "$host" "$(mqtt_port "$n")" || where="$where  (MQTT port not answering)"
      line "node-$n" running "pid $pid" "$where"
    elif ((n <= NODES)); then
      line "node-$n" stopped "" "$where"; rc=3
    else
      line "node-$n" stopped "" "$where  (not part of --nodes $NODES)"
    fi
  done
  return "$rc"
}

cmd_status() {
  [[ -f $DIR/cluster.env ]] || { say "no local cluster in $DIR (start one with: $PROG start)"; return 3; }
  print_status
}

cmd_kill_node() {
  local n=$1 pid
  pid=$(node_pid "$n") || die "node-$n is not running"
  kill -KILL "$pid"
  local deadline=$((SECONDS + 10))
  while pid_running "$pid"; do
    ((SECONDS < deadline)) || die "node-$n (pid $pid) survives SIGKILL"
    sleep 0.1
  done
  rm -f "$(node_dir "$n")/node.pid"
  say "node-$n killed (SIGKILL, pid $pid); start it again with: $PROG start-node $n"
}

cmd_start_node() {
  local n=$1 pid
  check_java
  [[ -f $DIR/cluster.env ]] || die "no local cluster in $DIR: run '$PROG start' first"
  if pid=$(node_pid "$n"); then say "node-$n already runs (pid $pid)"; return 0; fi
  if ! kafka_alive || ! redis_pid >/dev/null || ! postgres_pid >/dev/null; then
    die "Kafka, Redis and PostgreSQL must run first: $PROG start"
  fi
  check_ports "node-$n-mqtt=$(mqtt_port "$n")" "node-$n-http=$(http_port "$n")"
  [[ -f $DIR/broker/gannet-broker.jar ]] || { ensure_broker_jar; install_broker_copy; }
  launch_node "$n"
  wait_node "$n"
  SUCCEEDED=1
  say "node-$n runs (pid $(node_pid "$n")): mqtt://$(node_host):$(mqtt_port "$n")  http://$(node_host):$(http_port "$n")/api"
}

write_kafka_check() {
  cat >"$DIR/kafka/KafkaCheck.java" <<'EOF'
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Written by local-cluster.sh check: creates a topic, lists topics, produces and consumes one record in a group, deletes the topic. */
public class KafkaCheck {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = "local-cluster-check-" + System.currentTimeMillis();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "default.api.timeout.ms", 30000))) {
            String clusterId = admin.describeCluster().clusterId().get();
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            TreeSet<String> topics = new TreeSet<>(admin.listTopics().names().get());
            if (!topics.contains(topic)) {
                throw new IllegalStateException("created topic " + topic + " is not listed: " + topics);
            }
            System.out.println("kafka: cluster " + clusterId + ", created " + topic + ", topics " + topics);
            Properties producer = new Properties();
            producer.put("bootstrap.servers", bootstrap);
            producer.put("acks", "all");
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
                p.send(new ProducerRecord<>(topic, "key", "hello")).get();
            }
            Properties consumer = new Properties();
            consumer.put("bootstrap.servers", bootstrap);
            consumer.put("group.id", topic);
            consumer.put("auto.offset.reset", "earliest");
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of(topic));
                long deadline = System.currentTimeMillis() + 30_000;
                while (true) {
                    ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        System.out.println("kafka: produced and consumed '" + records.iterator().next().value()
                                + "' in consumer group " + topic);
                        c.commitSync();
                        break;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the record produced to " + topic + " was not consumed in 30 s");
                    }
                }
            }
            admin.deleteTopics(List.of(topic)).all().get();
            admin.deleteConsumerGroups(List.of(topic)).all().get();
        }
    }
}
EOF
}

cmd_check() {
  local failed=0 n host out
  [[ -f $DIR/cluster.env ]] || die "no local cluster in $DIR: run '$PROG start' first"
  check_java
  host=$(node_host)
  if kafka_alive; then
    write_kafka_check
    if out=$("$JAVA" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(kafka_libs)/*" \
      "$DIR/kafka/KafkaCheck.java" "127.0.0.1:$KAFKA_PORT" 2>&1); then
      printf '%s\n' "$out" | grep '^kafka:'
    else
      printf '%s\n' "$out" | tail -n 20; echo "kafka: FAILED"; failed=1
    fi
  else echo "kafka: not running"; failed=1; fi

  if out=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>&1) && [[ $out == PONG ]]; then
    echo "redis: PING -> $out, $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config get appendonly | tr '\n' ' ')"
  else echo "redis: FAILED ($out)"; failed=1; fi

  find_pg_bin || true
  if out=$(PGPASSWORD=gannet PGCONNECT_TIMEOUT=5 "$(psql_bin)" -h 127.0.0.1 -p "$POSTGRES_PORT" -U gannet -d gannet -qAt \
    -v ON_ERROR_STOP=1 -c "CREATE TEMP TABLE local_cluster_check (x int)" \
    -c "SELECT current_user || ' on ' || current_database() || ', ' || version()" 2>&1); then
    echo "postgres: connected as $out"
  else echo "postgres: FAILED ($out)"; failed=1; fi

  for ((n = 1; n <= NODES; n++)); do
    if ! node_pid "$n" >/dev/null; then echo "node-$n: not running"; failed=1; continue; fi
    if ! port_open "$host" "$(mqtt_port "$n")"; then echo "node-$n: MQTT port $(mqtt_port "$n") not answering"; failed=1; continue; fi
    if command -v curl >/dev/null 2>&1; then
      if out=$(curl -fsS --max-time 5 "http://$host:$(http_port "$n")/api/health" 2>&1); then
        echo "node-$n: MQTT $host:$(mqtt_port "$n") answers, GET /api/health -> $out"
      else echo "node-$n: /api/health FAILED ($out)"; failed=1; fi
    else
      echo "node-$n: MQTT $host:$(mqtt_port "$n") answers"
    fi
  done
  ((failed == 0)) || die "check failed"
  say "every check passed"
}

# ---------------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------------

main() {
  local command=${1:-help} node=""
  shift || true
  case $command in
    start | stop | status | check) ;;
    kill-node | start-node)
      node=${1:-}
      if ! [[ $node =~ ^[1-9][0-9]*$ ]] || ((node > 50)); then die "usage: $PROG $command N (a node number, 1 to 50)"; fi
      shift
      ;;
    help | -h | --help) usage; return 0 ;;
    *) usage >&2; die "unknown command '$command'" ;;
  esac
  while (($# > 0)); do
    local option=$1 value=${2:-}
    case $option in
      --dir | --nodes | --base-port | --http-base-port | --bind | --kafka-port | --kafka-controller-port | --redis-port | --postgres-port)
        [[ $command == start || $option == --dir ]] || die "$option is an option of start"
        (($# >= 2)) || die "$option needs a value"
        shift 2
        ;;
      --build) [[ $command == start ]] || die "--build is an option of start"; BUILD=1; shift; continue ;;
      --purge) [[ $command == stop ]] || die "--purge is an option of stop"; PURGE=1; shift; continue ;;
      -h | --help) usage; return 0 ;;
      *) die "unknown option '$option' (see $PROG help)" ;;
    esac
    case $option in
      --dir) DIR=$value ;;
      --nodes) OPT[NODES]=$value ;;
      --base-port) OPT[MQTT_BASE_PORT]=$value ;;
      --http-base-port) OPT[HTTP_BASE_PORT]=$value ;;
      --bind) OPT[BIND]=$value ;;
      --kafka-port) OPT[KAFKA_PORT]=$value ;;
      --kafka-controller-port) OPT[KAFKA_CONTROLLER_PORT]=$value ;;
      --redis-port) OPT[REDIS_PORT]=$value ;;
      --postgres-port) OPT[POSTGRES_PORT]=$value ;;
    esac
  done
  [[ -n $DIR ]] || die "--dir must not be empty"
  DIR=$(realpath -m -- "$DIR")
  load_settings
  trap on_exit EXIT
  trap 'trap "" INT TERM; exit 130' INT
  trap 'trap "" INT TERM; exit 143' TERM
  case $command in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    check) cmd_check ;;
    kill-node) cmd_kill_node "$node" ;;
    start-node) cmd_start_node "$node" ;;
  esac
}

main "$@"
