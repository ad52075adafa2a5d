#!/usr/bin/env bash
# The Python package in Spark local mode: builds the wheel with maturin into a venv (pyspark,
# pandas, pyarrow, pytest, maturin pinned), installs Java if missing, and runs python/tests —
# the binding's tests and the Spark job checked against the CLI on the corpus documents.
# Needs network access to PyPI (and Debian apt when java is missing) on its first run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
export CARGO_TERM_COLOR=never
root_target="${CARGO_TARGET_DIR:-$PWD/target}"

if ! command -v java >/dev/null 2>&1; then
  echo "== installing openjdk-17-jre-headless"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

venv="${CLAIMLINT_SPARK_VENV:-$root_target/spark-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
echo "== python packages ($venv)"
"$venv/bin/pip" install -q --disable-pip-version-check \
  "pyspark==3.5.9" "pandas<3" "pyarrow>=14,<20" "pytest>=8,<9" "maturin>=1.9,<2"

echo "== the CLI to compare with (cargo build)"
cargo build --quiet
export CLAIMLINT_BIN="$root_target/debug/claimlint"

echo "== the wheel (maturin build --release)"
wheels="$root_target/wheels"
rm -f "$wheels"/claimlint-*.whl
# A target directory of its own: the binding is a separate workspace (python/Cargo.toml).
CARGO_TARGET_DIR="$root_target/python" "$venv/bin/maturin" build --quiet --release \
  -m python/Cargo.toml -i "$venv/bin/python" --out "$wheels"
"$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheels"/claimlint-*.whl

echo "== pytest python/tests (Spark local[2])"
export CLAIMLINT_SPARK_REQUIRED=1
set +e
"$venv/bin/python" -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning python/tests
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "spark.sh: pytest collected no tests" >&2
  exit 1
fi
echo "spark.sh: finished in $((SECONDS - started)) s (pytest exit $status)"
exit "$status"
