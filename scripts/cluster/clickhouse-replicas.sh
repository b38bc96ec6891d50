#!/usr/bin/env bash
# Starts and stops a replicated ClickHouse for the cluster suite: one ZooKeeper (Debian's `zookeeper`
# package) and two clickhouse-server replicas of one shard, cluster `switchyard`, on their own ports
# and folders. The single-node server of scripts/services.sh (8123/9000) is never touched.
#
#   bash scripts/cluster/clickhouse-replicas.sh up            start ZooKeeper and both replicas, wait until ready
#   bash scripts/cluster/clickhouse-replicas.sh down          stop both replicas, then ZooKeeper
#   bash scripts/cluster/clickhouse-replicas.sh status        print each one's state (exit 3 if one is not answering)
#   bash scripts/cluster/clickhouse-replicas.sh stop N|start N   stop or start replica N (1 or 2) alone (fault scenarios)
#
# Then point the services at it: CLICKHOUSE_URL=http://127.0.0.1:8124 CLICKHOUSE_CLUSTER=switchyard
# (the README's "A replicated ClickHouse" section). Settings (environment):
#   SWITCHYARD_ZOOKEEPER_PORT (2281), SWITCHYARD_CLICKHOUSE_REPLICA_HTTP_PORTS (8124,8125),
#   SWITCHYARD_CLICKHOUSE_REPLICA_TCP_PORTS (9101,9102), SWITCHYARD_CLICKHOUSE_REPLICA_INTERSERVER_PORTS (9111,9112),
#   SWITCHYARD_DATA_DIR (.data), SWITCHYARD_RUN_DIR (.run): this script uses their cluster/ subfolders.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../lib/processes.sh
source "$ROOT/scripts/lib/processes.sh"
DATA_DIR="${SWITCHYARD_DATA_DIR:-$ROOT/.data}/cluster"
RUN_DIR="${SWITCHYARD_RUN_DIR:-$ROOT/.run}/cluster"
HOST=127.0.0.1
CLUSTER=switchyard
ZOOKEEPER_PORT="${SWITCHYARD_ZOOKEEPER_PORT:-2281}"
IFS=, read -r -a HTTP_PORTS <<<"${SWITCHYARD_CLICKHOUSE_REPLICA_HTTP_PORTS:-8124,8125}"
IFS=, read -r -a TCP_PORTS <<<"${SWITCHYARD_CLICKHOUSE_REPLICA_TCP_PORTS:-9101,9102}"
IFS=, read -r -a INTERSERVER_PORTS <<<"${SWITCHYARD_CLICKHOUSE_REPLICA_INTERSERVER_PORTS:-9111,9112}"
ZOOKEEPER_DATA="$DATA_DIR/zookeeper"
ZOOKEEPER_RUN="$RUN_DIR/zookeeper"
ZOOKEEPER_PID_FILE="$ZOOKEEPER_RUN/zookeeper.pid"
TIMEOUT="${SWITCHYARD_SERVICES_TIMEOUT:-180}"

say() { printf 'clickhouse-replicas: %s\n' "$*"; }
fail() { printf 'clickhouse-replicas: ERROR: %s\n' "$*" >&2; exit 1; }

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------
# ZooKeeper

zookeeper_answers() {
  # `ruok` says imok as soon as the port is open, before sessions are served; a replica started then
  # cannot attach its replicated tables and 18.16 exits. `srvr` names the mode only once it serves.
  local reply
  reply="$( (exec 3<>"/dev/tcp/$HOST/$ZOOKEEPER_PORT" && printf 'srvr' >&3 && timeout 2 cat <&3) 2>/dev/null || true)"
  [[ "$reply" == *"Mode: standalone"* ]]
}

install_zookeeper() {
  [ -f /usr/share/java/zookeeper.jar ] && return 0
  [ "$(id -u)" = "0" ] || fail "zookeeper is not installed: sudo apt-get install -y zookeeper"
  say "installing Debian's zookeeper package (first run only)"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends zookeeper >/dev/null 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=600 update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends zookeeper >/dev/null; } \
    || fail "apt-get could not install zookeeper"
}

zookeeper_up() {
  if pid_alive "$ZOOKEEPER_PID_FILE" zookeeper >/dev/null && zookeeper_answers; then
    say "zookeeper: already running on $HOST:$ZOOKEEPER_PORT"
    return 0
  fi
  tcp_open "$HOST" "$ZOOKEEPER_PORT" && fail "zookeeper: port $ZOOKEEPER_PORT is taken by something this script did not start; set SWITCHYARD_ZOOKEEPER_PORT"
  install_zookeeper
  mkdir -p "$ZOOKEEPER_DATA" "$ZOOKEEPER_RUN"
  cat >"$ZOOKEEPER_RUN/zoo.cfg" <<EOF
tickTime=2000
dataDir=$ZOOKEEPER_DATA
clientPort=$ZOOKEEPER_PORT
clientPortAddress=$HOST
admin.enableServer=false
4lw.commands.whitelist=srvr
EOF
  say "zookeeper: starting on $HOST:$ZOOKEEPER_PORT (data $ZOOKEEPER_DATA)"
  setsid nohup java -Xms64m -Xmx256m -Dzookeeper.log.dir="$ZOOKEEPER_RUN" -cp "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$ZOOKEEPER_RUN/zoo.cfg" >>"$ZOOKEEPER_RUN/zookeeper.out" 2>&1 </dev/null &
  echo $! >"$ZOOKEEPER_PID_FILE"
  local started=$SECONDS
  until zookeeper_answers; do
    started_alive "$ZOOKEEPER_PID_FILE" || { tail -n 30 "$ZOOKEEPER_RUN/zookeeper.out" >&2; fail "zookeeper exited during start-up"; }
    (( SECONDS - started < TIMEOUT )) || fail "zookeeper did not answer within ${TIMEOUT}s (see $ZOOKEEPER_RUN/zookeeper.out)"
    sleep 1
  done
  say "zookeeper: ready after $(( SECONDS - started ))s"
}

stop_pid_file() { # name pid-file fragment
  local pid
  if ! pid="$(pid_alive "$2" "$3")"; then
    rm -f "$2"
    say "$1: not running"
    return 0
  fi
  stop_pid "$1" "$pid"
  rm -f "$2"
  say "$1: stopped"
}

# ---------------------------------------------------------------------------------------------
# ClickHouse replicas: scripts/services.sh starts each one from the package's config with its own
# ports and folders; the replication settings go in a config.d file next to that config.

replica_environment() { # N: the environment services.sh needs for replica N
  local index=$(( $1 - 1 ))
  printf '%s\n' \
    "SWITCHYARD_CLICKHOUSE_HTTP_PORT=${HTTP_PORTS[$index]}" \
    "SWITCHYARD_CLICKHOUSE_TCP_PORT=${TCP_PORTS[$index]}" \
    "SWITCHYARD_RUN_DIR=$RUN_DIR/clickhouse-$1" \
    "SWITCHYARD_DATA_DIR=$DATA_DIR/clickhouse-$1" \
    "CLICKHOUSE_URL=http://$HOST:${HTTP_PORTS[$index]}"
}

replica_services() { # N up|down|status
  local -a environment
  mapfile -t environment < <(replica_environment "$1")
  env -u KAFKA_BROKERS "${environment[@]}" bash "$ROOT/scripts/services.sh" "$2" clickhouse | sed "s/^services: clickhouse/clickhouse-$1/"
  return "${PIPESTATUS[0]}"
}

write_replica_config() { # N
  local index=$(( $1 - 1 )) directory="$RUN_DIR/clickhouse-$1/clickhouse/config.d"
  mkdir -p "$directory"
  {
    printf '<yandex>\n'
    printf '    <interserver_http_port>%s</interserver_http_port>\n' "${INTERSERVER_PORTS[$index]}"
    printf '    <interserver_http_host>%s</interserver_http_host>\n' "$HOST"
    printf '    <zookeeper><node><host>%s</host><port>%s</port></node></zookeeper>\n' "$HOST" "$ZOOKEEPER_PORT"
    printf '    <macros><shard>01</shard><replica>replica-%s</replica></macros>\n' "$1"
    printf '    <distributed_ddl><path>/clickhouse/switchyard/task_queue/ddl</path></distributed_ddl>\n'
    printf '    <remote_servers>\n        <%s>\n            <shard>\n                <internal_replication>true</internal_replication>\n' "$CLUSTER"
    local other
    for other in "${!TCP_PORTS[@]}"; do
      printf '                <replica><host>%s</host><port>%s</port></replica>\n' "$HOST" "${TCP_PORTS[$other]}"
    done
    printf '            </shard>\n        </%s>\n    </remote_servers>\n</yandex>\n' "$CLUSTER"
  } >"$directory/replication.xml"
}

replica_up() { # N
  local index=$(( $1 - 1 ))
  tcp_open "$HOST" "${INTERSERVER_PORTS[$index]}" && ! pid_alive "$RUN_DIR/clickhouse-$1/clickhouse.pid" clickhouse >/dev/null \
    && fail "clickhouse-$1: interserver port ${INTERSERVER_PORTS[$index]} is taken; set SWITCHYARD_CLICKHOUSE_REPLICA_INTERSERVER_PORTS"
  write_replica_config "$1"
  replica_services "$1" up
}

check_replica() { # N
  case "${1:-}" in 1 | 2) ;; *) fail "replica must be 1 or 2" ;; esac
}

main() {
  case "${1:-}" in
    up)
      local started=$SECONDS
      zookeeper_up
      replica_up 1
      replica_up 2
      say "up in $(( SECONDS - started ))s: CLICKHOUSE_URL=http://$HOST:${HTTP_PORTS[0]} (or :${HTTP_PORTS[1]}) CLICKHOUSE_CLUSTER=$CLUSTER"
      ;;
    down)
      replica_services 2 down
      replica_services 1 down
      stop_pid_file zookeeper "$ZOOKEEPER_PID_FILE" zookeeper
      ;;
    status)
      local failed=0
      if zookeeper_answers; then say "zookeeper: answering on $HOST:$ZOOKEEPER_PORT"; else say "zookeeper: not answering on $HOST:$ZOOKEEPER_PORT"; failed=1; fi
      replica_services 1 status || failed=1
      replica_services 2 status || failed=1
      (( failed == 0 )) || exit 3
      ;;
    stop)
      check_replica "${2:-}"
      replica_services "$2" down
      ;;
    start)
      check_replica "${2:-}"
      replica_up "$2"
      ;;
    *)
      printf 'usage: bash scripts/cluster/clickhouse-replicas.sh up|down|status|stop N|start N\n' >&2
      exit 64
      ;;
  esac
}

main "$@"
