#!/bin/bash
# A Slurm batch script for a pajesim sweep over MPI (docs/sweep-format.md#on-a-cluster).
#
#   sbatch docs/slurm-sweep.sh scenarios/sweeps/staffing-and-advances.json out/sweep
#
# One pajesim rank per task: rank 0 hands out the runs (a dynamic queue: runs differ in length)
# and computes runs itself; it alone writes the output folder, which must be on a file system
# it can write. The spec, the base scenario and its legal parameters must be readable by every
# node (a shared file system, or the same checkout at the same path on every node). A run takes
# one core and, at 10 000 families, about 50 MB; at 1 200 000 families about 3 GB.
#
#SBATCH --job-name=pajesim-sweep
#SBATCH --ntasks=64
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=4G
#SBATCH --time=02:00:00
#SBATCH --output=pajesim-sweep-%j.log

set -euo pipefail
spec=${1:?usage: sbatch docs/slurm-sweep.sh SPEC.json OUT_DIR}
out=${2:-out/sweep}
pajesim=${PAJESIM:-build/release/harness/pajesim}

# A job stopped by its time limit or a failed node loses only the runs in progress: submit the
# same script with RESUME=1 to finish the others (the tables come out the same bytes).
resume=()
if [ "${RESUME:-0}" = 1 ]; then resume=(--resume); fi

# srun starts the ranks through Slurm's PMI (Open MPI built with Slurm support); with
# `mpirun -n "$SLURM_NTASKS"` instead, Open MPI reads the allocation from Slurm itself.
srun "$pajesim" sweep "$spec" --out "$out" --quiet "${resume[@]}"
