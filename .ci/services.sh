#!/usr/bin/env bash
# Start the real services the image-inspection tests talk to:
#   - a Docker daemon on /var/run/docker.sock
#   - an open registry (no auth)          on 127.0.0.1:5055
#   - a registry with htpasswd auth       on 127.0.0.1:5056 (user rsb-test, password rsb-test-password)
# The ports and credentials are also written down in tests/support/docker.ts, which is where the tests take them from.
#
# Safe to run twice: packages already installed are not installed again, and a service that already answers is
# left alone. Nothing is exported; state lives under $STATE, logs under $LOGS.
set -euo pipefail

STATE=/var/lib/sagemaker-rstudio-ci
LOGS=/var/log/sagemaker-rstudio-ci
OPEN_PORT=5055
AUTH_PORT=5056
AUTH_USER=rsb-test
AUTH_PASSWORD=rsb-test-password

log() { printf 'services: %s\n' "$*" >&2; }
die() { printf 'services: error: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "must run as root (or with sudo available)"
    SUDO=sudo
fi

started=$(date +%s)

# --- packages -------------------------------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-registry >/dev/null || missing+=(docker-registry)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v htpasswd >/dev/null || missing+=(apache2-utils)
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    log "packages present (docker.io, docker-registry, debootstrap, apache2-utils)"
fi

$SUDO mkdir -p "$STATE" "$LOGS"

# Start a long-running command detached from this script (its own session, stdin closed, output to a log file).
spawn() {
    local logfile=$1
    shift
    $SUDO setsid "$@" >"$logfile" 2>&1 </dev/null &
    echo $!
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
    local limit=$1 what=$2
    shift 2
    local i
    for ((i = 0; i < limit * 5; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    log "$what did not come up within ${limit}s"
    return 1
}

# --- Docker daemon --------------------------------------------------------------------------------------------------
if $SUDO docker info >/dev/null 2>&1; then
    log "dockerd already answering on /var/run/docker.sock"
else
    if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
        $SUDO rm -f /var/run/docker.pid # stale pid file from a daemon that died
    fi
    log "starting dockerd (log: $LOGS/dockerd.log)"
    pid=$(spawn "$LOGS/dockerd.log" dockerd --host=unix:///var/run/docker.sock)
    echo "$pid" | $SUDO tee "$STATE/dockerd.pid" >/dev/null
    if ! wait_for 60 "/var/run/docker.sock" test -S /var/run/docker.sock ||
        ! wait_for 60 "docker info" $SUDO docker info; then
        tail -20 "$LOGS/dockerd.log" >&2
        exit 1
    fi
    log "dockerd up"
fi

# --- registries -----------------------------------------------------------------------------------------------------
http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true; }

write_registry_config() { # name port [htpasswd-path]
    local name=$1 port=$2 htpasswd=${3:-}
    $SUDO mkdir -p "$STATE/$name/data"
    {
        echo "version: 0.1"
        echo "log:"
        echo "  level: warn"
        echo "storage:"
        echo "  filesystem:"
        echo "    rootdirectory: $STATE/$name/data"
        echo "  delete:"
        echo "    enabled: true"
        echo "http:"
        echo "  addr: 127.0.0.1:$port"
        if [ -n "$htpasswd" ]; then
            echo "auth:"
            echo "  htpasswd:"
            echo "    realm: sagemaker-rstudio-test"
            echo "    path: $htpasswd"
        fi
    } | $SUDO tee "$STATE/$name/config.yml" >/dev/null
}

start_registry() { # name port expected-status
    local name=$1 port=$2 expect=$3
    local status
    status=$(http_status "http://127.0.0.1:$port/v2/")
    if [ "$status" = "$expect" ]; then
        log "registry $name already answering on 127.0.0.1:$port"
        return 0
    fi
    if [ "$status" != "000" ]; then
        die "127.0.0.1:$port answers HTTP $status, expected $expect from the $name registry: port taken by something else?"
    fi
    log "starting registry $name on 127.0.0.1:$port (log: $LOGS/registry-$name.log)"
    pid=$(spawn "$LOGS/registry-$name.log" docker-registry serve "$STATE/$name/config.yml")
    echo "$pid" | $SUDO tee "$STATE/$name/pid" >/dev/null
    for _ in $(seq 1 150); do
        [ "$(http_status "http://127.0.0.1:$port/v2/")" = "$expect" ] && return 0
        sleep 0.2
    done
    tail -20 "$LOGS/registry-$name.log" >&2
    die "registry $name did not answer HTTP $expect on 127.0.0.1:$port"
}

write_registry_config open "$OPEN_PORT"
start_registry open "$OPEN_PORT" 200

$SUDO mkdir -p "$STATE/auth"
if [ ! -s "$STATE/auth/htpasswd" ]; then
    # -B: bcrypt, the only format the registry's htpasswd backend accepts.
    $SUDO htpasswd -Bbc "$STATE/auth/htpasswd" "$AUTH_USER" "$AUTH_PASSWORD" 2>/dev/null
fi
write_registry_config auth "$AUTH_PORT" "$STATE/auth/htpasswd"
start_registry auth "$AUTH_PORT" 401

log "ready in $(($(date +%s) - started))s: docker /var/run/docker.sock, registries 127.0.0.1:$OPEN_PORT (open), 127.0.0.1:$AUTH_PORT (htpasswd)"
