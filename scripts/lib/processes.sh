# Process checks shared by scripts/services.sh and scripts/cluster/*.sh (sourced, not run).

pid_alive() { # pid-file expected-command-fragment → prints pid when the process is ours and alive
  local pid_file="$1" fragment="$2" pid
  [ -f "$pid_file" ] || return 1
  pid="$(cat "$pid_file")"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # A recycled pid must not be mistaken for ours.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$fragment" || return 1
  printf '%s' "$pid"
}

process_running() { # pid → true while it runs: neither gone nor a zombie
  local state
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 1
  state="$(sed -E 's/^.*\) (.).*$/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

started_alive() { # pid-file → true while the process this script just started runs
  # Not by command line: right after `cmd &` the child may still be the forked shell, whose
  # command line is this script's, until it execs (seen in about 1 in 7 starts). A pid this
  # script started seconds ago cannot have been recycled; an exited one is gone or a zombie.
  [ -f "$1" ] || return 1
  process_running "$(cat "$1")"
}

wait_gone() { # pid seconds → true once the process has ended, false if it still runs after that long
  local deadline=$(( SECONDS + $2 ))
  while process_running "$1"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.1
  done
}

stop_pid() { # name pid → SIGTERM, up to 60 s; then SIGKILL, up to 30 s; returns once it has ended (the script's say and fail report)
  kill -TERM "$2" 2>/dev/null || true
  wait_gone "$2" 60 && return 0
  say "$1: still running after 60s, killing pid $2"
  kill -KILL "$2" 2>/dev/null || true
  # Gone before a start reuses its ports and folders.
  wait_gone "$2" 30 || fail "$1: pid $2 still runs 30s after SIGKILL"
}
