#!/usr/bin/env bash
# Train on a Slurm cluster: one task per GPU, across nodes as Slurm places them.
#   tools/slurm_train.sh PARTITION JOB_NAME CONFIG [tools/train.py options]
# GPUS (default 8), GPUS_PER_NODE (default 8), CPUS_PER_TASK (default 5) size the job;
# SRUN_ARGS adds srun options; PYTHON picks the interpreter (default: python).
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 PARTITION JOB_NAME CONFIG [tools/train.py options]" >&2
    exit 2
fi
PARTITION=$1
JOB_NAME=$2
CONFIG=$3
shift 3
GPUS=${GPUS:-8}
GPUS_PER_NODE=${GPUS_PER_NODE:-$(( GPUS < 8 ? GPUS : 8 ))}
TOOLS=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086  # SRUN_ARGS holds several options
PYTHONPATH="$TOOLS/..${PYTHONPATH:+:$PYTHONPATH}" exec srun -p "$PARTITION" \
    --job-name="$JOB_NAME" --gres=gpu:"$GPUS_PER_NODE" --ntasks="$GPUS" \
    --ntasks-per-node="$GPUS_PER_NODE" --cpus-per-task="${CPUS_PER_TASK:-5}" \
    --kill-on-bad-exit=1 ${SRUN_ARGS:-} \
    "${PYTHON:-python}" -u "$TOOLS/train.py" "$CONFIG" --launcher slurm "$@"
