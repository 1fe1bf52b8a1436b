#!/usr/bin/env bash
# A throw-away single-node Slurm on this machine, for the batch tests (tests/batch_slurm.rs).
#
#   tests/slurm/setup.sh start DIR   install slurm-wlm + munge if needed (apt-get), then start
#                                    munged, slurmctld and slurmd with every file under DIR
#                                    (keys, config, state, logs, pid files); prints the
#                                    SLURM_CONF to export for sbatch/squeue.
#   tests/slurm/setup.sh stop DIR    stop the daemons started by `start DIR` (by their pid files).
#
# The cluster: one node "localhost" with 2 CPUs, partition "debug", select/cons_tres (CR_CPU),
# proctrack/linuxproc and task/none (no cgroups), no accounting; munge on its own socket and
# key; slurmctld and slurmd run as root, on ports SCWIN_SLURM_PORT and SCWIN_SLURM_PORT+1
# (default 16817/16818), so a system Slurm on the default ports is not disturbed.
# Exits non-zero with a message on stderr when Slurm cannot be installed or does not come up.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
port=${SCWIN_SLURM_PORT:-16817}

log() { echo "slurm setup: $*" >&2; }
die() {
  log "$*"
  exit 1
}

stop_pidfile() {
  local f=$1
  [ -s "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

if [ "$cmd" = stop ]; then
  stop_pidfile "$dir/slurmd.pid"
  stop_pidfile "$dir/slurmctld.pid"
  stop_pidfile "$dir/munged.pid"
  exit 0
fi
[ "$cmd" = start ] || die "unknown command $cmd (start|stop)"

if [ "$(id -u)" != 0 ]; then
  die "must run as root (slurmd starts jobs as their user; munged and slurmctld need root here)"
fi

# 1. Packages.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
  ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  log "installing slurm-wlm and munge with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq slurm-wlm munge; } >"$dir/apt.log" 2>&1; then
    tail -20 "$dir/apt.log" >&2
    die "apt-get install slurm-wlm munge failed (log: $dir/apt.log)"
  fi
fi

# 2. munge: its own key, socket, pid, log and seed files under DIR.
mkdir -p "$dir/munge"
chmod 0700 "$dir/munge"
if [ ! -s "$dir/munge/munge.key" ]; then
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 0400 "$dir/munge/munge.key"
sock="$dir/munge/munge.sock"
stop_pidfile "$dir/munged.pid"
if ! munged --force --socket="$sock" --key-file="$dir/munge/munge.key" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munge/munged.log" \
  --seed-file="$dir/munge/munged.seed" >"$dir/munge/start.log" 2>&1; then
  cat "$dir/munge/start.log" >&2
  tail -5 "$dir/munge/munged.log" >&2 2>/dev/null || true
  die "munged did not start"
fi
if ! munge --socket="$sock" -n | unmunge --socket="$sock" >/dev/null 2>&1; then
  die "munge does not work: a credential made with munge does not decode with unmunge"
fi

# 3. Slurm configuration.
mkdir -p "$dir/ctld" "$dir/spool" "$dir/log"
conf="$dir/slurm.conf"
cat >"$conf" <<EOF
# Single-node Slurm for the scwin batch tests (written by tests/slurm/setup.sh).
ClusterName=scwintest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=300
Waittime=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$conf

# 4. Daemons.
stop_pidfile "$dir/slurmd.pid"
stop_pidfile "$dir/slurmctld.pid"
if ! slurmctld -f "$conf" -i >"$dir/log/slurmctld.start" 2>&1; then
  cat "$dir/log/slurmctld.start" >&2
  tail -20 "$dir/log/slurmctld.log" >&2 2>/dev/null || true
  die "slurmctld did not start"
fi
if ! slurmd -f "$conf" -N localhost >"$dir/log/slurmd.start" 2>&1; then
  cat "$dir/log/slurmd.start" >&2
  tail -20 "$dir/log/slurmd.log" >&2 2>/dev/null || true
  die "slurmd did not start"
fi

# 5. Wait (at most 60 s) until the node is idle.
state=
for _ in $(seq 120); do
  state=$(sinfo -h -N -n localhost -o %T 2>/dev/null || true)
  case "$state" in
  idle*) break ;;
  down* | drain* | fail*) scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true ;;
  esac
  sleep 0.5
done
case "$state" in
idle*) ;;
*)
  log "slurmctld.log:"
  tail -20 "$dir/log/slurmctld.log" >&2 2>/dev/null || true
  log "slurmd.log:"
  tail -20 "$dir/log/slurmd.log" >&2 2>/dev/null || true
  die "the node did not become idle within 60 s (state: ${state:-unknown})"
  ;;
esac
log "single-node Slurm up (node localhost idle)"
echo "SLURM_CONF=$conf"
