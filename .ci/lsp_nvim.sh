#!/usr/bin/env bash
# `claimlint lsp` under a real editor: headless Neovim (Debian's) with its built-in LSP client.
# Installs Neovim when missing; usage: bash .ci/lsp_nvim.sh [path/to/claimlint]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nvim >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
fi
bin="${1:-${CARGO_TARGET_DIR:-target}/debug/claimlint}"
if [ "$#" -eq 0 ]; then
  cargo build --quiet
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '# 案内\n\n🧬😀 当院の再生医療なら必ず治る。\n\nOur 🧬 miracle cure works.\n' > "$work/page.md"
# Neovim's headless stdout is the terminal UI channel; the script's report goes to a file.
CLAIMLINT="$(realpath "$bin")" WORK="$work" timeout 120 \
  nvim --headless --clean -c "luafile tests/nvim/lsp_test.lua" >"$work/out.txt" 2>&1 || status=$?
cat "$work/out.txt"
exit "${status:-0}"
