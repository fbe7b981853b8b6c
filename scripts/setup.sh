#!/usr/bin/env bash
# Installs what the main job (scripts/run.sh: build the app and serve it) needs, once;
# later runs only check (a few seconds). Each step says what it does and how long it took.
#   - the wasm32 target, Trunk 0.21.14, wasm-bindgen-cli (the version in Cargo.lock)
#   - wasm-opt from npm's binaryen@132 (Debian's binaryen 108 cannot read today's wasm)
# What only the tests and the benchmark need is in scripts/setup-test.sh.
# Facts behind these choices: ../shared/TOOLCHAIN.md and docs/toolchain.md.
# (scripts/setup-test.sh sources this file: it reuses `say` and `step`.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
say() { printf 'setup: %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

# Milliseconds since the epoch, and the time since one as "0.4 s" or "12 min 48 s".
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
since() {
  local ms=$(( $(now_ms) - $1 ))
  if (( ms < 60000 )); then printf '%d.%d s' $(( ms / 1000 )) $(( ms % 1000 / 100 ))
  else printf '%d min %02d s' $(( ms / 60000 )) $(( ms / 1000 % 60 )); fi
}

# step WHAT CHECK INSTALL [FRESH]: runs the function INSTALL unless the function CHECK
# succeeds, then checks again. FRESH is what the install took on a fresh 2-core machine.
step() {
  local what=$1 check=$2 install=$3 fresh=${4:-} t0
  t0=$(now_ms)
  if "$check"; then
    say "$what: present ($(since "$t0"))"
    return
  fi
  say "$what: installing${fresh:+ (a fresh 2-core machine took $fresh)}"
  "$install"
  "$check" || { say "$what: still missing after its installation"; exit 1; }
  say "$what: installed in $(since "$t0")"
}

has_wasm_target() { rustup target list --installed | grep -qx wasm32-unknown-unknown; }
add_wasm_target() { rustup target add wasm32-unknown-unknown; }
step "wasm32-unknown-unknown target" has_wasm_target add_wasm_target "a few seconds"

has_trunk() { trunk --version 2>/dev/null | grep -q ' 0\.21\.14'; }
# --locked: without it cargo resolves an incompatible cssparser/lightningcss pair.
install_trunk() { cargo install trunk --version 0.21.14 --locked; }
step "trunk 0.21.14" has_trunk install_trunk "12 min 48 s"

WB_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
has_wasm_bindgen() { wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; }
# Not --locked: a locked dependency is missing from the registry mirror.
install_wasm_bindgen() { cargo install wasm-bindgen-cli --version "$WB_VERSION" --force; }
step "wasm-bindgen-cli $WB_VERSION" has_wasm_bindgen install_wasm_bindgen "5 min 51 s"

has_wasm_opt() { .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version 132'; }
install_wasm_opt() {
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --save-exact binaryen@132.0.0 >/dev/null
}
step "wasm-opt (npm binaryen 132, into .tools/)" has_wasm_opt install_wasm_opt

say "main job ready: $(trunk --version), wasm-bindgen $WB_VERSION, $(.tools/node_modules/.bin/wasm-opt --version)"
