#!/usr/bin/env bash
# The one command: build claimlint, make the corpus if it is absent, run the benchmarks.
#
#   bash bench/run.sh                      # 200 MiB corpus, seed 1, 5 runs -> bench/LATEST.md (+ .json)
#   bash bench/run.sh --runs 3             # extra arguments go to bench/run.py
#   SIZE_MB=20 bash bench/run.sh --runs 2  # a quick check
#
# Environment: SIZE_MB (200), SEED (1), CORPUS (target/bench-corpus),
# REAL_MB (50; 0 skips the realistic corpus), REAL_CORPUS (target/bench-realistic),
# RG (an rg binary; default rg on PATH, and without one the rg rows are skipped: nothing is
# installed), BIN (target/release/claimlint), NO_BUILD=1 to skip `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${SIZE_MB:-200}
SEED=${SEED:-1}
CORPUS=${CORPUS:-target/bench-corpus}
BIN=${BIN:-target/release/claimlint}
REAL_MB=${REAL_MB:-50}
REAL_CORPUS=${REAL_CORPUS:-target/bench-realistic}

if [ -z "${NO_BUILD:-}" ]; then
    cargo build --release
fi
# --reuse: keep a corpus made with the same seed, size and generator version; remake it otherwise.
python3 bench/gen_corpus.py --out "$CORPUS" --size-mb "$SIZE_MB" --seed "$SEED" --reuse
EXTRA=()
if [ "$REAL_MB" != 0 ]; then
    python3 bench/gen_realistic.py --out "$REAL_CORPUS" --size-mb "$REAL_MB" --seed "$SEED" --reuse
    EXTRA+=(--realistic "$REAL_CORPUS")
fi
if [ -n "${RG:-}" ]; then
    EXTRA+=(--rg "$RG")
fi
exec python3 bench/run.py --bin "$BIN" --corpus "$CORPUS" "${EXTRA[@]}" "$@"
