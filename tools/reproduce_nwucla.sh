#!/usr/bin/env bash
# Train and test the four NW-UCLA streams (joint, bone, joint motion, bone motion) of ST-GCN, then
# fuse them 2:2:1:1 on a CPU-only machine (docs/results.md: the same configs, seed and fusion, run
# on a GPU, and the commands that produced its numbers).
#   bash tools/reproduce_nwucla.sh [WORK_ROOT] [EPOCHS] [PARALLEL]
# PARALLEL streams train at once, each on OMP threads = cores / PARALLEL.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${1:-work_dirs/nwucla}
EPOCHS=${2:-35}
PARALLEL=${3:-2}
PY=${PYTHON:-.venv/bin/python}
ANN=data/nw-ucla/nw-ucla.pkl
THREADS=$(( $(nproc) / PARALLEL )); [ "$THREADS" -ge 1 ] || THREADS=1

if [ ! -f "$ANN" ]; then
  SRC=data/nw-ucla; [ -d "$SRC/all_sqe" ] || SRC=../shared/data/nw-ucla
  "$PY" tools/data/nwucla_gendata.py --data-path "$SRC" --out "$ANN"
fi

run_stream() {
  local s=$1 wd=$ROOT/$1
  mkdir -p "$wd"
  OMP_NUM_THREADS=$THREADS "$PY" tools/train.py configs/stgcn/stgcn_nwucla/$s.py --work-dir "$wd" \
    --validate --seed 0 --cfg-options train_cfg.max_epochs=$EPOCHS \
    > "$wd/train.out" 2>&1
  OMP_NUM_THREADS=$THREADS "$PY" tools/test.py configs/stgcn/stgcn_nwucla/$s.py "$wd/epoch_$EPOCHS.pth" \
    --work-dir "$wd" --eval top_k_accuracy mean_class_accuracy --out "$wd/result.pkl" > "$wd/test.out" 2>&1
}

start=$(date +%s)
streams=(j b jm bm)
for ((i = 0; i < ${#streams[@]}; i += PARALLEL)); do
  for s in "${streams[@]:i:PARALLEL}"; do run_stream "$s" & done
  wait
done
"$PY" tools/ensemble.py --scores "$ROOT"/{j,b,jm,bm}/result.pkl --weights 2 2 1 1 \
  --out "$ROOT/fused.pkl" | tee "$ROOT/ensemble.txt"
echo "wall time: $(( $(date +%s) - start )) s" | tee -a "$ROOT/ensemble.txt"
"$PY" tools/analysis/confusion_matrix.py "$ROOT/fused.pkl" --label-map tools/data/label_map/nw_ucla.txt \
  --out "$ROOT/confusion_fused.png"
for s in "${streams[@]}"; do
  "$PY" tools/analysis/plot_curves.py "$ROOT/$s" --keys loss acc/top1 --title "ST-GCN NW-UCLA $s" \
    --out "$ROOT/curves_$s.png"
done
