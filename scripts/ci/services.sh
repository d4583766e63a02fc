#!/usr/bin/env bash
# Makes sure the backing services of the `services` test profile listen on 127.0.0.1:
#   MariaDB  3306  (TCP login as root with an empty password)
#   Redis    6379
#   RabbitMQ 5672  (guest/guest)
# Idempotent: a service whose port already listens is left alone, so a second run is a quick
# no-op. Missing servers are installed from the Debian repositories (needs root). Exits 1 with
# a clear message when a service cannot be brought up.
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

log() { echo "[services] $*"; }
die() {
  echo "[services] ERROR: $*" >&2
  exit 1
}

# True when something listens on TCP $1 reachable through 127.0.0.1. Parses `ss -ltn` with awk
# (no `grep -q` in a pipeline: under pipefail its early exit can fail the pipe with SIGPIPE).
listening() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    ss -ltn 2>/dev/null | awk -v port="$port" '
      NR > 1 {
        n = split($4, part, ":")
        host = substr($4, 1, length($4) - length(part[n]) - 1)
        if (part[n] == port && (host == "127.0.0.1" || host == "0.0.0.0" || host == "*" ||
            host == "[::]" || host == "[::ffff:127.0.0.1]" || host == "[::ffff:0.0.0.0]")) found = 1
      }
      END { exit found ? 0 : 1 }'
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# Waits up to $3 seconds for port $1 (service name $2) to listen.
wait_port() {
  local port=$1 name=$2 seconds=$3 waited=0
  until listening "$port"; do
    if ((waited >= seconds)); then
      die "$name did not start listening on 127.0.0.1:$port within ${seconds}s"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "$name listens on 127.0.0.1:$port"
}

has() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------
# Install whatever is missing (only for services that do not already listen, plus the clients
# the final checks use).
# ---------------------------------------------------------------------------------------------
packages=()
if ! listening 3306 && ! has mariadbd && ! has mysqld; then packages+=(mariadb-server); fi
if ! listening 6379 && ! has redis-server; then packages+=(redis-server); fi
if ! listening 5672 && ! has rabbitmq-server; then packages+=(rabbitmq-server); fi
if ! has mariadb || ! has mariadb-admin; then
  [[ " ${packages[*]} " == *" mariadb-server "* ]] || packages+=(mariadb-client)
fi
if ! has redis-cli; then
  [[ " ${packages[*]} " == *" redis-server "* ]] || packages+=(redis-tools)
fi
if ((${#packages[@]} > 0)); then
  ((EUID == 0)) || die "missing ${packages[*]} and not running as root, cannot install"
  log "installing ${packages[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" </dev/null
fi

# ---------------------------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------------------------
if listening 3306; then
  log "MariaDB already listens on 3306"
else
  log "starting MariaDB"
  # Debian's init script checks the server with /etc/mysql/debian.cnf; without that file it
  # cannot see the server come up (it waits 30 s, then reports failure), so go straight to
  # mariadbd-safe then.
  started=false
  if [[ -r /etc/mysql/debian.cnf ]] && has service; then
    if timeout 180 service mariadb start </dev/null; then
      started=true
    elif listening 3306; then
      log "service mariadb start reported failure but MariaDB listens"
      started=true
    else
      log "service mariadb start failed"
    fi
  fi
  if ! $started; then
    log "starting mariadbd-safe in the background"
    mkdir -p /run/mysqld
    chown mysql:mysql /run/mysqld 2>/dev/null || true
    if has mariadbd-safe; then safe=mariadbd-safe; else safe=mysqld_safe; fi
    has "$safe" || die "neither mariadbd-safe nor mysqld_safe is installed"
    nohup "$safe" --user=mysql >/tmp/mariadbd-safe.log 2>&1 </dev/null &
  fi
  wait_port 3306 MariaDB 120
fi

tcp_login() { mariadb --protocol=TCP -h127.0.0.1 -P3306 -uroot -e 'select 1' >/dev/null 2>&1; }
if ! tcp_login; then
  # Debian's root@localhost authenticates by unix socket only; allow an empty password over TCP.
  log "enabling TCP login as root with an empty password"
  mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;" \
    || log "ALTER USER root@localhost failed (already done?)"
  if ! tcp_login; then
    # With skip-name-resolve, 127.0.0.1 does not match 'localhost': give it its own account.
    mariadb -uroot -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;" \
      || log "CREATE USER root@127.0.0.1 failed"
  fi
  tcp_login || die "MariaDB refuses 'mariadb -h127.0.0.1 -uroot' (TCP login as root with an empty password)"
fi

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------
if listening 6379; then
  log "Redis already listens on 6379"
else
  log "starting Redis"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no </dev/null
  wait_port 6379 Redis 30
fi

# ---------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------
if listening 5672; then
  log "RabbitMQ already listens on 5672"
else
  log "starting RabbitMQ"
  # The node is named after the short host name; in a container that name may not resolve,
  # which keeps the node (and rabbitmqctl) from starting. Fall back to rabbit@localhost.
  env_conf=/etc/rabbitmq/rabbitmq-env.conf
  if ! getent hosts "$(hostname -s 2>/dev/null || hostname)" >/dev/null 2>&1 \
    && ! { [[ -f $env_conf ]] && awk '/^[[:space:]]*NODENAME=/ { found = 1 } END { exit found ? 0 : 1 }' "$env_conf"; }; then
    log "host name does not resolve; setting NODENAME=rabbit@localhost in $env_conf"
    mkdir -p /etc/rabbitmq
    echo 'NODENAME=rabbit@localhost' >>"$env_conf"
  fi
  rabbitmq-server -detached </dev/null || log "rabbitmq-server -detached exited non-zero; waiting for the node anyway"
  deadline=$((SECONDS + 180))
  until timeout 120 rabbitmqctl -q await_startup </dev/null >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "RabbitMQ did not finish starting within 180s (see /var/log/rabbitmq)"
    sleep 2
  done
  wait_port 5672 RabbitMQ 60
  if ! rabbitmqctl -q authenticate_user guest guest </dev/null >/dev/null 2>&1; then
    log "creating RabbitMQ user guest/guest"
    rabbitmqctl -q add_user guest guest </dev/null || true
    rabbitmqctl -q set_permissions -p / guest '.*' '.*' '.*' </dev/null
    rabbitmqctl -q authenticate_user guest guest </dev/null >/dev/null || die "RabbitMQ refuses guest/guest"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Final checks
# ---------------------------------------------------------------------------------------------
mariadb-admin --protocol=TCP -h127.0.0.1 -P3306 -uroot ping >/dev/null \
  || die "mariadb-admin -h127.0.0.1 -uroot ping failed"
pong=$(redis-cli -h 127.0.0.1 -p 6379 ping 2>&1) || die "redis-cli ping failed: $pong"
[[ $pong == PONG ]] || die "redis-cli ping answered '$pong'"
# An AMQP 0-9-1 broker answers the protocol header with a method frame (type 1, Connection.Start).
frame=$(timeout 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/5672 && printf "AMQP\x00\x00\x09\x01" >&3 && head -c 1 <&3 | od -An -tx1' 2>/dev/null) \
  || die "RabbitMQ on 127.0.0.1:5672 does not answer"
[[ ${frame//[[:space:]]/} == 01 ]] || die "127.0.0.1:5672 does not speak AMQP 0-9-1 (first byte '${frame}')"
log "MariaDB, Redis and RabbitMQ are up on 127.0.0.1"
