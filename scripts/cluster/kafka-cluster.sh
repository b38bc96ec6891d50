#!/usr/bin/env bash
# A three-broker KRaft Kafka cluster for the cluster fault suite and for trying Switchyard on
# replicated topics: the same Maven-resolved Kafka as scripts/services.sh (which starts each broker),
# each broker also a controller (three voters), internal topics with 3 replicas and min ISR 2.
# Ports and folders are separate from the single-node broker's, which is never touched.
#
#   bash scripts/cluster/kafka-cluster.sh up|down|status   all three brokers (up waits until all answer)
#   bash scripts/cluster/kafka-cluster.sh start|stop|kill N one broker (N = 1..3 = its node id); kill is SIGKILL
#   bash scripts/cluster/kafka-cluster.sh brokers           print the bootstrap list (host:port,host:port,host:port)
#
# Settings (environment): SWITCHYARD_CLUSTER_KAFKA_HOST (127.0.0.1), SWITCHYARD_CLUSTER_KAFKA_PORT
# (29092: broker N listens on it + N - 1, its controller on it + 100 + N - 1), SWITCHYARD_CLUSTER_DIR
# (<data dir>/cluster: data, run files and logs of broker N in kafka-N/), SWITCHYARD_CLUSTER_KAFKA_HEAP_OPTS
# (-Xms128m -Xmx512m); SWITCHYARD_CACHE_DIR, SWITCHYARD_DATA_DIR, SWITCHYARD_SERVICES_TIMEOUT as in services.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/processes.sh
source "$ROOT/scripts/lib/processes.sh"
HOST="${SWITCHYARD_CLUSTER_KAFKA_HOST:-127.0.0.1}"
BASE_PORT="${SWITCHYARD_CLUSTER_KAFKA_PORT:-29092}"
CLUSTER_DIR="${SWITCHYARD_CLUSTER_DIR:-${SWITCHYARD_DATA_DIR:-$ROOT/.data}/cluster}"
HEAP_OPTS="${SWITCHYARD_CLUSTER_KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
BROKER_IDS=(1 2 3)

say() { printf 'kafka cluster: %s\n' "$*"; }
fail() { printf 'kafka cluster: ERROR: %s\n' "$*" >&2; exit 1; }

broker_port() { echo $(( BASE_PORT + $1 - 1 )); }
controller_port() { echo $(( BASE_PORT + 100 + $1 - 1 )); }

bootstrap() {
  local id list=()
  for id in "${BROKER_IDS[@]}"; do list+=("$HOST:$(broker_port "$id")"); done
  (IFS=,; printf '%s' "${list[*]}")
}

voters() {
  local id list=()
  for id in "${BROKER_IDS[@]}"; do list+=("$id@$HOST:$(controller_port "$id")"); done
  (IFS=,; printf '%s' "${list[*]}")
}

# One id for the three brokers' storage, made once and kept next to their data.
cluster_id() {
  local file="$CLUSTER_DIR/kafka-cluster-id"
  mkdir -p "$CLUSTER_DIR"
  [ -s "$file" ] || node -e 'process.stdout.write(require("node:crypto").randomBytes(16).toString("base64url"))' >"$file"
  cat "$file"
}

CLUSTER_ID=""
services() { # broker-id up|down|status
  local id="$1" directory="$CLUSTER_DIR/kafka-$1"
  [ -n "$CLUSTER_ID" ] || CLUSTER_ID="$(cluster_id)"
  # The single-node broker's address must not leak in: services.sh would only check it.
  env -u KAFKA_BROKERS \
    SWITCHYARD_KAFKA_HOST="$HOST" \
    SWITCHYARD_KAFKA_PORT="$(broker_port "$id")" \
    SWITCHYARD_KAFKA_CONTROLLER_PORT="$(controller_port "$id")" \
    SWITCHYARD_KAFKA_NODE_ID="$id" \
    SWITCHYARD_KAFKA_QUORUM_VOTERS="$(voters)" \
    SWITCHYARD_KAFKA_CLUSTER_ID="$CLUSTER_ID" \
    SWITCHYARD_KAFKA_REPLICATION=3 \
    SWITCHYARD_KAFKA_MIN_ISR=2 \
    SWITCHYARD_KAFKA_HEAP_OPTS="$HEAP_OPTS" \
    SWITCHYARD_CACHE_DIR="${SWITCHYARD_CACHE_DIR:-$ROOT/.cache}" \
    SWITCHYARD_DATA_DIR="$directory/data" \
    SWITCHYARD_RUN_DIR="$directory/run" \
    bash "$ROOT/scripts/services.sh" "$2" kafka 2>&1 | sed -e "s/^services: kafka:/services: kafka-$id:/"
  return "${PIPESTATUS[0]}"
}

valid_id() {
  case "${1:-}" in 1 | 2 | 3) ;; *) fail "broker id must be 1, 2 or 3 (got '${1:-}')" ;; esac
}

kill_broker() { # id: SIGKILL, no controlled shutdown (the fault scenarios' broker crash)
  local pid_file="$CLUSTER_DIR/kafka-$1/run/kafka.pid" pid
  [ -f "$pid_file" ] || fail "broker $1 was not started by this script"
  pid="$(cat "$pid_file")"
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q kafka.Kafka || fail "broker $1 is not running"
  # It may have exited since the check: then there is nothing to kill.
  kill -KILL "$pid" 2>/dev/null || true
  wait_gone "$pid" 30 || fail "broker $1 (pid $pid) still runs 30 s after SIGKILL"
  rm -f "$pid_file"
  say "broker $1 (pid $pid) killed"
}

main() {
  local command="${1:-}" id status=0 started=$SECONDS
  case "$command" in
    up)
      # All at once: with three voters, none is ready before a majority of them runs. The first
      # alone until Kafka is resolved (once, into the shared cache).
      local pids=() libs
      libs="${SWITCHYARD_CACHE_DIR:-$ROOT/.cache}/kafka/$(sed -n 's|.*<kafka.version>\(.*\)</kafka.version>.*|\1|p' "$ROOT/scripts/kafka/pom.xml")/libs/.complete"
      CLUSTER_ID="$(cluster_id)"
      for id in "${BROKER_IDS[@]}"; do
        services "$id" up &
        pids+=($!)
        while [ ! -f "$libs" ] && [ -d "/proc/$!" ]; do sleep 1; done
      done
      for id in "${pids[@]}"; do wait "$id" || status=1; done
      (( status == 0 )) || fail "a broker did not start (logs in $CLUSTER_DIR/kafka-N/run/logs)"
      say "three brokers up at $(bootstrap) in $(( SECONDS - started ))s"
      ;;
    down)
      # All at once: each broker's controlled shutdown needs a controller quorum, and one by one
      # the last broker would wait for a majority that has already stopped (and be SIGKILLed).
      local pids=()
      for id in "${BROKER_IDS[@]}"; do
        services "$id" down &
        pids+=($!)
      done
      for id in "${pids[@]}"; do wait "$id" || status=1; done
      say "three brokers stopped in $(( SECONDS - started ))s"
      return "$status"
      ;;
    status)
      for id in "${BROKER_IDS[@]}"; do services "$id" status || status=3; done
      return "$status"
      ;;
    start) valid_id "${2:-}"; services "$2" up ;;
    stop) valid_id "${2:-}"; services "$2" down ;;
    kill) valid_id "${2:-}"; kill_broker "$2" ;;
    brokers) bootstrap; echo ;;
    *)
      printf 'usage: bash scripts/cluster/kafka-cluster.sh up|down|status|brokers, or start|stop|kill 1|2|3\n' >&2
      exit 64
      ;;
  esac
}

main "$@"
