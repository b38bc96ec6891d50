#!/usr/bin/env bash
# Starts, stops and reports the local Kafka broker and ClickHouse server that Switchyard's
# integration tests and local runs use. No Docker: Kafka comes from Maven Central, ClickHouse from
# Debian's clickhouse-server package.
#
#   bash scripts/services.sh up     [kafka|clickhouse]   start what is not already answering, wait until ready
#   bash scripts/services.sh down   [kafka|clickhouse]   stop only what `up` started (pid files)
#   bash scripts/services.sh status [kafka|clickhouse]   print each service's state (exit 3 if one is not answering)
#   bash scripts/services.sh up|down|status --cluster     the same for the clusters instead: runs
#        `bash scripts/cluster/<name>.sh up|down|status` for every script in scripts/cluster/
#
# Settings (environment):
#   SWITCHYARD_KAFKA_HOST (127.0.0.1), SWITCHYARD_KAFKA_PORT (9092), SWITCHYARD_KAFKA_CONTROLLER_PORT (9093)
#   SWITCHYARD_KAFKA_NODE_ID (1), SWITCHYARD_KAFKA_QUORUM_VOTERS (1@host:controller port), SWITCHYARD_KAFKA_CLUSTER_ID
#   (random at the first format), SWITCHYARD_KAFKA_REPLICATION / SWITCHYARD_KAFKA_MIN_ISR (1: internal topics, defaults)
#   SWITCHYARD_KAFKA_VERSION (the one pinned in scripts/kafka/pom.xml), SWITCHYARD_KAFKA_HEAP_OPTS (-Xms256m -Xmx768m)
#   SWITCHYARD_CLICKHOUSE_HOST (127.0.0.1), SWITCHYARD_CLICKHOUSE_HTTP_PORT (8123), SWITCHYARD_CLICKHOUSE_TCP_PORT (9000)
#   SWITCHYARD_CACHE_DIR (.cache), SWITCHYARD_DATA_DIR (.data), SWITCHYARD_RUN_DIR (.run: pid files, logs/)
#   SWITCHYARD_SERVICES_TIMEOUT (seconds to wait for readiness, 180), SWITCHYARD_MAVEN_OPTS (extra mvn arguments)
#   KAFKA_BROKERS / CLICKHOUSE_URL: when set to something other than the local host:port above, that
#   cluster is only checked, never started (the services and tests use the same variables).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/processes.sh
source "$ROOT/scripts/lib/processes.sh"
CACHE_DIR="${SWITCHYARD_CACHE_DIR:-$ROOT/.cache}"
DATA_DIR="${SWITCHYARD_DATA_DIR:-$ROOT/.data}"
RUN_DIR="${SWITCHYARD_RUN_DIR:-$ROOT/.run}"
LOG_DIR="$RUN_DIR/logs"
TIMEOUT="${SWITCHYARD_SERVICES_TIMEOUT:-180}"

KAFKA_HOST="${SWITCHYARD_KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${SWITCHYARD_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${SWITCHYARD_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_NODE_ID="${SWITCHYARD_KAFKA_NODE_ID:-1}"
KAFKA_QUORUM_VOTERS="${SWITCHYARD_KAFKA_QUORUM_VOTERS:-1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT}"
KAFKA_REPLICATION="${SWITCHYARD_KAFKA_REPLICATION:-1}"
KAFKA_MIN_ISR="${SWITCHYARD_KAFKA_MIN_ISR:-1}"
KAFKA_POM="$ROOT/scripts/kafka/pom.xml"
KAFKA_VERSION="${SWITCHYARD_KAFKA_VERSION:-$(sed -n 's|.*<kafka.version>\(.*\)</kafka.version>.*|\1|p' "$KAFKA_POM")}"
KAFKA_HEAP_OPTS="${SWITCHYARD_KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_LIBS="$CACHE_DIR/kafka/$KAFKA_VERSION/libs"
KAFKA_DATA="$DATA_DIR/kafka"
KAFKA_PID_FILE="$RUN_DIR/kafka.pid"
KAFKA_LOG="$LOG_DIR/kafka.log"
KAFKA_LOCAL="$KAFKA_HOST:$KAFKA_PORT"
KAFKA_TARGET="${KAFKA_BROKERS:-$KAFKA_LOCAL}"

CLICKHOUSE_HOST="${SWITCHYARD_CLICKHOUSE_HOST:-127.0.0.1}"
CLICKHOUSE_HTTP_PORT="${SWITCHYARD_CLICKHOUSE_HTTP_PORT:-8123}"
CLICKHOUSE_TCP_PORT="${SWITCHYARD_CLICKHOUSE_TCP_PORT:-9000}"
CLICKHOUSE_SYSTEM_CONFIG="/etc/clickhouse-server"
CLICKHOUSE_DATA="$DATA_DIR/clickhouse"
CLICKHOUSE_CONFIG_DIR="$RUN_DIR/clickhouse"
CLICKHOUSE_PID_FILE="$RUN_DIR/clickhouse.pid"
CLICKHOUSE_LOG="$LOG_DIR/clickhouse-server.log"
CLICKHOUSE_ERROR_LOG="$LOG_DIR/clickhouse-server.err.log"
CLICKHOUSE_LOCAL="http://$CLICKHOUSE_HOST:$CLICKHOUSE_HTTP_PORT"
CLICKHOUSE_TARGET="${CLICKHOUSE_URL:-$CLICKHOUSE_LOCAL}"

say() { printf 'services: %s\n' "$*"; }
fail() { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# helpers

tcp_open() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

check() { # kafka|clickhouse target; quiet unless asked
  node "$ROOT/scripts/check-service.js" "$1" "$2"
}

kafka_answers() {
  local reason status=0
  reason="$(check kafka "$KAFKA_TARGET" 2>&1)" || status=$?
  if [ "$status" -eq 2 ]; then
    # Before `npm ci` there is no kafkajs: an open port is the best we can tell.
    local first="${KAFKA_TARGET%%,*}"
    tcp_open "${first%:*}" "${first##*:}"
    return
  fi
  LAST_REASON="$reason"
  return "$status"
}

clickhouse_answers() {
  LAST_REASON="$(check clickhouse "$CLICKHOUSE_TARGET" 2>&1)"
}

show_log_tail() { # file...
  local file
  for file in "$@"; do
    [ -s "$file" ] || continue
    printf -- '--- last lines of %s ---\n' "$file" >&2
    tail -n 30 "$file" >&2
  done
}

wait_until_ready() { # name answers-function pid-file logs...
  local name="$1" answers="$2" pid_file="$3"
  shift 3
  local started=$SECONDS
  until "$answers"; do
    if ! started_alive "$pid_file"; then
      show_log_tail "$@"
      fail "$name exited during start-up (logs above; full logs in $LOG_DIR)"
    fi
    if (( SECONDS - started >= TIMEOUT )); then
      show_log_tail "$@"
      fail "$name did not become ready within ${TIMEOUT}s: ${LAST_REASON:-no answer} (logs above; full logs in $LOG_DIR)"
    fi
    sleep 1
  done
  say "$name ready after $(( SECONDS - started ))s"
}

stop_process() { # name pid-file fragment
  local name="$1" pid_file="$2" fragment="$3" pid
  if ! pid="$(pid_alive "$pid_file" "$fragment")"; then
    if [ -f "$pid_file" ]; then
      rm -f "$pid_file"
      say "$name: not running (removed a stale pid file)"
    else
      say "$name: not started by this script, nothing to stop"
    fi
    return 0
  fi
  say "$name: stopping pid $pid"
  stop_pid "$name" "$pid"
  rm -f "$pid_file"
  say "$name: stopped"
}

require_node() {
  command -v node >/dev/null 2>&1 || fail "node is not on PATH: install Node.js 20 first (the readiness checks use it)"
}

# ---------------------------------------------------------------------------------------------
# Kafka

require_java() {
  command -v java >/dev/null 2>&1 || fail "java is not on PATH: Kafka $KAFKA_VERSION needs Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless)"
  local version major
  version="$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  major="${version%%.*}"
  if [ "$major" = "1" ]; then major="$(printf '%s' "$version" | cut -d. -f2)"; fi
  if [ -z "$major" ] || (( major < 17 )); then
    fail "java $version is too old: Kafka $KAFKA_VERSION's broker needs Java 17 or newer"
  fi
}

resolve_kafka() {
  [ -f "$KAFKA_LIBS/.complete" ] && return 0
  command -v mvn >/dev/null 2>&1 || fail "mvn is not on PATH: Maven resolves the Kafka broker from Maven Central (Debian: apt-get install maven)"
  say "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION from Maven Central into $KAFKA_LIBS (first run only)"
  local staging="$KAFKA_LIBS.partial.$$" output
  rm -rf "$staging"
  mkdir -p "$staging"
  # shellcheck disable=SC2086  # SWITCHYARD_MAVEN_OPTS is a list of arguments
  if ! output="$(mvn -q -B -f "$KAFKA_POM" dependency:copy-dependencies \
      -Dkafka.version="$KAFKA_VERSION" -DincludeScope=runtime -DoutputDirectory="$staging" \
      ${SWITCHYARD_MAVEN_OPTS:-} 2>&1)"; then
    rm -rf "$staging"
    printf '%s\n' "$output" | tail -n 40 >&2
    fail "mvn could not resolve Kafka $KAFKA_VERSION (output above)"
  fi
  ls "$staging"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || fail "mvn finished but kafka_2.13-$KAFKA_VERSION.jar is missing from $staging"
  touch "$staging/.complete"
  rm -rf "$KAFKA_LIBS"
  mv "$staging" "$KAFKA_LIBS"
  say "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars in $KAFKA_LIBS"
}

render_kafka_config() {
  mkdir -p "$RUN_DIR/kafka" "$KAFKA_DATA" "$LOG_DIR"
  sed -e "s|@KAFKA_HOST@|$KAFKA_HOST|g" \
      -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
      -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_LOG_DIRS@|$KAFKA_DATA|g" \
      -e "s|@KAFKA_NODE_ID@|$KAFKA_NODE_ID|g" \
      -e "s|@KAFKA_QUORUM_VOTERS@|$KAFKA_QUORUM_VOTERS|g" \
      -e "s|@KAFKA_REPLICATION@|$KAFKA_REPLICATION|g" \
      -e "s|@KAFKA_MIN_ISR@|$KAFKA_MIN_ISR|g" \
      -e "s|@KAFKA_REGISTRATION_TIMEOUT_MS@|$(( TIMEOUT * 1000 ))|g" \
      "$ROOT/scripts/kafka/server.properties.template" >"$RUN_DIR/kafka/server.properties"
}

set_kafka_java() { # fills KAFKA_JAVA: the JVM command line with the broker's classpath
  # shellcheck disable=SC2206  # KAFKA_HEAP_OPTS is a list of JVM options
  KAFKA_JAVA=(java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    -Dlog4j2.configurationFile="$ROOT/scripts/kafka/log4j2.xml"
    -Dswitchyard.kafka.log.file="$KAFKA_LOG"
    -cp "$KAFKA_LIBS/*")
}

format_kafka_storage() {
  [ -f "$KAFKA_DATA/meta.properties" ] && return 0
  local cluster_id
  # The brokers of one cluster share an id (given); a broker alone makes one up.
  cluster_id="${SWITCHYARD_KAFKA_CLUSTER_ID:-$("${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid 2>>"$KAFKA_LOG" | tail -n 1)}"
  [ -n "$cluster_id" ] || fail "kafka: could not generate a cluster id (see $KAFKA_LOG)"
  say "kafka: formatting KRaft storage in $KAFKA_DATA (cluster $cluster_id)"
  if ! "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN_DIR/kafka/server.properties" --ignore-formatted >>"$KAFKA_LOG" 2>&1; then
    show_log_tail "$KAFKA_LOG"
    fail "kafka: formatting storage failed"
  fi
  printf '%s\n' "$KAFKA_VERSION" >"$KAFKA_DATA/.formatted-by-version"
}

kafka_up() {
  if [ "$KAFKA_TARGET" != "$KAFKA_LOCAL" ]; then
    kafka_answers || fail "kafka: KAFKA_BROKERS=$KAFKA_TARGET does not answer (${LAST_REASON:-}); unset it to let this script start a local broker"
    say "kafka: using the cluster at KAFKA_BROKERS=$KAFKA_TARGET (not started here)"
    return 0
  fi
  if pid_alive "$KAFKA_PID_FILE" kafka.Kafka >/dev/null; then
    say "kafka: started earlier by this script (pid $(cat "$KAFKA_PID_FILE")), waiting until it answers"
    wait_until_ready kafka kafka_answers "$KAFKA_PID_FILE" "$KAFKA_LOG" "$LOG_DIR/kafka.out"
    return 0
  fi
  rm -f "$KAFKA_PID_FILE"
  if tcp_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    kafka_answers || fail "kafka: $KAFKA_LOCAL is taken by something that does not answer as a Kafka broker (${LAST_REASON:-}); stop it or set SWITCHYARD_KAFKA_PORT"
    say "kafka: reusing the broker already answering at $KAFKA_LOCAL (not started by this script)"
    return 0
  fi
  if tcp_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    fail "kafka: controller port $KAFKA_HOST:$KAFKA_CONTROLLER_PORT is taken; stop what holds it or set SWITCHYARD_KAFKA_CONTROLLER_PORT"
  fi
  require_java
  resolve_kafka
  set_kafka_java
  render_kafka_config
  format_kafka_storage
  say "kafka: starting Kafka $KAFKA_VERSION on $KAFKA_LOCAL (controller $KAFKA_CONTROLLER_PORT, data $KAFKA_DATA, log $KAFKA_LOG)"
  : >"$LOG_DIR/kafka.out"
  # Its own session, so that the broker outlives this script and the terminal or CI step that ran
  # it; setsid and nohup exec, so $! is the JVM's pid.
  setsid nohup "${KAFKA_JAVA[@]}" kafka.Kafka "$RUN_DIR/kafka/server.properties" >>"$LOG_DIR/kafka.out" 2>&1 </dev/null &
  echo $! >"$KAFKA_PID_FILE"
  wait_until_ready kafka kafka_answers "$KAFKA_PID_FILE" "$KAFKA_LOG" "$LOG_DIR/kafka.out"
}

kafka_down() {
  stop_process kafka "$KAFKA_PID_FILE" kafka.Kafka
}

kafka_status() {
  local pid state
  if kafka_answers; then state="answering"; else state="not answering"; fi
  if pid="$(pid_alive "$KAFKA_PID_FILE" kafka.Kafka)"; then
    say "kafka: $state at $KAFKA_TARGET (pid $pid, started by this script, Kafka $KAFKA_VERSION, log $KAFKA_LOG)"
  elif [ "$state" = "answering" ]; then
    say "kafka: $state at $KAFKA_TARGET (not started by this script)"
  else
    say "kafka: $state at $KAFKA_TARGET${LAST_REASON:+ ($LAST_REASON)}"
  fi
  [ "$state" = "answering" ]
}

# ---------------------------------------------------------------------------------------------
# ClickHouse

clickhouse_binary() {
  local candidate
  for candidate in "$(command -v clickhouse-server 2>/dev/null || true)" /usr/sbin/clickhouse-server /usr/bin/clickhouse-server; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      printf '%s' "$candidate"
      return 0
    fi
  done
  return 1
}

install_clickhouse() {
  clickhouse_binary >/dev/null && return 0
  command -v apt-get >/dev/null 2>&1 || fail "clickhouse-server is not installed and apt-get is missing: install ClickHouse yourself, or point CLICKHOUSE_URL at a running server"
  if [ "$(id -u)" -ne 0 ]; then
    fail "clickhouse-server is not installed: run as root, or: sudo apt-get update && sudo apt-get install -y clickhouse-server clickhouse-client"
  fi
  say "clickhouse: installing Debian's clickhouse-server and clickhouse-client (first run only)"
  local output
  if ! output="$(apt-get -o DPkg::Lock::Timeout=600 update 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends clickhouse-server clickhouse-client 2>&1)"; then
    printf '%s\n' "$output" | tail -n 30 >&2
    fail "apt-get could not install clickhouse-server (output above)"
  fi
  clickhouse_binary >/dev/null || fail "apt-get finished but clickhouse-server is still missing"
}

escape_sed() { printf '%s' "$1" | sed -e 's/[|&\\]/\\&/g'; }

render_clickhouse_config() {
  [ -f "$CLICKHOUSE_SYSTEM_CONFIG/config.xml" ] || fail "clickhouse: $CLICKHOUSE_SYSTEM_CONFIG/config.xml is missing (reinstall clickhouse-server)"
  mkdir -p "$CLICKHOUSE_CONFIG_DIR" "$CLICKHOUSE_DATA" "$LOG_DIR"
  local data log_dir config="$CLICKHOUSE_CONFIG_DIR/config.xml"
  data="$(escape_sed "$CLICKHOUSE_DATA/")"
  log_dir="$(escape_sed "$LOG_DIR/")"
  # Derived from the package's own config so that its defaults for this server version stay; only
  # paths, ports and the listen address change. The replica port is dropped: one node has none.
  sed -e "s|/var/lib/clickhouse/|$data|g" \
      -e "s|/var/log/clickhouse-server/|$log_dir|g" \
      -e "s|<http_port>[0-9]*</http_port>|<http_port>$CLICKHOUSE_HTTP_PORT</http_port>|" \
      -e "s|<tcp_port>[0-9]*</tcp_port>|<tcp_port>$CLICKHOUSE_TCP_PORT</tcp_port>\n    <listen_host>$CLICKHOUSE_HOST</listen_host>|" \
      -e '/<interserver_http_port>/d' \
      -e '/^[[:space:]]*<listen_host>::1<\/listen_host>/d' \
      "$CLICKHOUSE_SYSTEM_CONFIG/config.xml" >"$config"
  cp "$CLICKHOUSE_SYSTEM_CONFIG/users.xml" "$CLICKHOUSE_CONFIG_DIR/users.xml"
  if ! grep -q "<http_port>$CLICKHOUSE_HTTP_PORT</http_port>" "$config" \
    || ! grep -q "<listen_host>$CLICKHOUSE_HOST</listen_host>" "$config" \
    || grep -q '/var/lib/clickhouse' "$config"; then
    fail "clickhouse: could not derive a config from $CLICKHOUSE_SYSTEM_CONFIG/config.xml (unexpected layout)"
  fi
}

clickhouse_up() {
  if [ "$CLICKHOUSE_TARGET" != "$CLICKHOUSE_LOCAL" ] && [ "$CLICKHOUSE_TARGET" != "$CLICKHOUSE_LOCAL/" ]; then
    clickhouse_answers || fail "clickhouse: CLICKHOUSE_URL=$CLICKHOUSE_TARGET does not answer (${LAST_REASON:-}); unset it to let this script start a local server"
    say "clickhouse: using the server at CLICKHOUSE_URL=$CLICKHOUSE_TARGET (not started here)"
    return 0
  fi
  if pid_alive "$CLICKHOUSE_PID_FILE" clickhouse >/dev/null; then
    say "clickhouse: started earlier by this script (pid $(cat "$CLICKHOUSE_PID_FILE")), waiting until it answers"
    wait_until_ready clickhouse clickhouse_answers "$CLICKHOUSE_PID_FILE" "$CLICKHOUSE_LOG" "$CLICKHOUSE_ERROR_LOG" "$LOG_DIR/clickhouse.out"
    return 0
  fi
  rm -f "$CLICKHOUSE_PID_FILE"
  if tcp_open "$CLICKHOUSE_HOST" "$CLICKHOUSE_HTTP_PORT"; then
    clickhouse_answers || fail "clickhouse: $CLICKHOUSE_HOST:$CLICKHOUSE_HTTP_PORT is taken by something that does not answer as ClickHouse (${LAST_REASON:-}); stop it or set SWITCHYARD_CLICKHOUSE_HTTP_PORT"
    say "clickhouse: reusing the server already answering at $CLICKHOUSE_LOCAL (not started by this script)"
    return 0
  fi
  if tcp_open "$CLICKHOUSE_HOST" "$CLICKHOUSE_TCP_PORT"; then
    fail "clickhouse: native port $CLICKHOUSE_HOST:$CLICKHOUSE_TCP_PORT is taken; stop what holds it or set SWITCHYARD_CLICKHOUSE_TCP_PORT"
  fi
  install_clickhouse
  # Where the package's own service starts on installation, it now holds the port: use it.
  if tcp_open "$CLICKHOUSE_HOST" "$CLICKHOUSE_HTTP_PORT" && clickhouse_answers; then
    say "clickhouse: reusing the server the package started at $CLICKHOUSE_LOCAL (not started by this script)"
    return 0
  fi
  render_clickhouse_config
  local binary
  binary="$(clickhouse_binary)"
  say "clickhouse: starting $("$binary" --version 2>/dev/null | head -n 1 || echo clickhouse-server) on $CLICKHOUSE_LOCAL (native $CLICKHOUSE_TCP_PORT, data $CLICKHOUSE_DATA, logs $LOG_DIR)"
  : >"$LOG_DIR/clickhouse.out"
  setsid nohup "$binary" --config-file="$CLICKHOUSE_CONFIG_DIR/config.xml" >>"$LOG_DIR/clickhouse.out" 2>&1 </dev/null &
  echo $! >"$CLICKHOUSE_PID_FILE"
  wait_until_ready clickhouse clickhouse_answers "$CLICKHOUSE_PID_FILE" "$CLICKHOUSE_LOG" "$CLICKHOUSE_ERROR_LOG" "$LOG_DIR/clickhouse.out"
}

clickhouse_down() {
  stop_process clickhouse "$CLICKHOUSE_PID_FILE" clickhouse
}

clickhouse_status() {
  local pid state
  if clickhouse_answers; then state="answering"; else state="not answering"; fi
  if pid="$(pid_alive "$CLICKHOUSE_PID_FILE" clickhouse)"; then
    say "clickhouse: $state at $CLICKHOUSE_TARGET (pid $pid, started by this script, logs $LOG_DIR)"
  elif [ "$state" = "answering" ]; then
    say "clickhouse: $state at $CLICKHOUSE_TARGET (not started by this script)"
  else
    say "clickhouse: $state at $CLICKHOUSE_TARGET${LAST_REASON:+ ($LAST_REASON)}"
  fi
  [ "$state" = "answering" ]
}

# ---------------------------------------------------------------------------------------------

usage() {
  printf 'usage: bash scripts/services.sh up|down|status [kafka|clickhouse|--cluster]\n' >&2
  exit 64
}

# The opt-in clusters (three Kafka brokers, ClickHouse replicas): one script each in scripts/cluster/.
clusters() { # up|down|status
  local script failed=0
  for script in "$ROOT"/scripts/cluster/*.sh; do
    [ -f "$script" ] || continue
    bash "$script" "$1" || failed=1
  done
  (( failed == 0 )) || exit 3
}

main() {
  local command="${1:-}" only="${2:-}" services=(kafka clickhouse)
  case "$only" in
    "") ;;
    kafka | clickhouse) services=("$only") ;;
    --cluster)
      case "$command" in up | down | status) clusters "$command"; return ;; *) usage ;; esac
      ;;
    *) usage ;;
  esac
  case "$command" in
    up)
      require_node
      mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR" "$CACHE_DIR"
      local service started=$SECONDS
      for service in "${services[@]}"; do "${service}_up"; done
      say "up in $(( SECONDS - started ))s"
      ;;
    down)
      local service index
      # Reverse order of `up`.
      for (( index=${#services[@]}-1; index>=0; index-- )); do
        service="${services[$index]}"
        "${service}_down"
      done
      ;;
    status)
      require_node
      local service failed=0
      for service in "${services[@]}"; do "${service}_status" || failed=1; done
      (( failed == 0 )) || exit 3
      ;;
    *) usage ;;
  esac
}

main "$@"
