#!/usr/bin/env bash
# Fuzzing: every cargo-fuzz target for a bounded time (FUZZ_SECONDS each, default 30), starting
# from the committed seeds; then the hostile-input tests too slow for a debug build, in release.
# A crash fails the run and leaves its input in fuzz/artifacts/<target>/ (see docs/robustness.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
FUZZ_SECONDS="${FUZZ_SECONDS:-30}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== cargo install cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

# cargo-fuzz passes -Z flags (sanitizers, coverage); RUSTC_BOOTSTRAP lets the stable toolchain
# accept them.
export RUSTC_BOOTSTRAP=1
# Its own target dir, so fuzz builds (sanitizer flags) never invalidate the main build's.
main_target_dir="${CARGO_TARGET_DIR:-}"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
for target in ${FUZZ_TARGETS:-text_pipeline extract load_bytes rule_pack config}; do
  echo "== cargo fuzz run $target (${FUZZ_SECONDS}s)"
  # Work on a copy: libFuzzer adds what it finds to its first corpus directory.
  corpus="$(mktemp -d)"
  cp -R "fuzz/seeds/$target/." "$corpus/"
  log="$(mktemp)"
  set +e
  cargo fuzz run --fuzz-dir fuzz "$target" "$corpus" -- \
    -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
    -print_final_stats=1 >"$log" 2>&1
  status=$?
  set -e
  rm -rf "$corpus"
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz target $target failed (exit $status); the input is in fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || tail -n 5 "$log"
  rm -f "$log"
done
unset RUSTC_BOOTSTRAP
if [ -n "$main_target_dir" ]; then export CARGO_TARGET_DIR="$main_target_dir"; else unset CARGO_TARGET_DIR; fi

if [ -z "${FUZZ_SKIP_RELEASE_TESTS:-}" ]; then
  echo "== bad inputs and packs, release build (the 100 MB line and the 50,000-phrase timing are release-only)"
  cargo test --release --test bad_input --test bad_packs
fi
