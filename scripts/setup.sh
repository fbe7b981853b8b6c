#!/usr/bin/env bash
# Installs what building and testing need, once; later runs only check (a few seconds).
#   - the wasm32 target, Trunk 0.21.14, wasm-bindgen-cli (the version in Cargo.lock)
#   - wasm-opt from npm's binaryen@132 (Debian's binaryen 108 cannot read today's wasm)
#   - Debian's chromium and chromium-driver, firefox-esr and geckodriver, and axe-core,
#     for the browser tests
# Facts behind these choices: ../shared/TOOLCHAIN.md and docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
say() { printf 'setup: %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q ' 0\.21\.14'; then
  say "installing trunk 0.21.14 (about 6 minutes)"
  # --locked: without it cargo resolves an incompatible cssparser/lightningcss pair.
  cargo install trunk --version 0.21.14 --locked
fi

WB_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 2 minutes)"
  # Not --locked: a locked dependency is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
  say "installing wasm-opt (binaryen 132) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --save-exact binaryen@132.0.0 >/dev/null
fi

if [ ! -f .tools/node_modules/axe-core/axe.min.js ] || ! grep -q '"version": "4.11.0"' .tools/node_modules/axe-core/package.json; then
  say "installing axe-core (accessibility checks in the browser tests) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --save-exact axe-core@4.11.0 >/dev/null
fi

# Peers for `cargo xtask bench` (BENCHMARKS.md): Pagefind (its Linux binary comes as
# the optional dependency @pagefind/linux-x64) and MiniSearch. Nothing is downloaded
# during a build or a bench run.
if ! grep -qs '"version": "1.6.0"' .tools/node_modules/pagefind/package.json \
   || [ ! -d .tools/node_modules/@pagefind/linux-x64 ] \
   || ! grep -qs '"version": "7.2.0"' .tools/node_modules/minisearch/package.json; then
  say "installing pagefind and minisearch (benchmark peers) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --save-exact pagefind@1.6.0 minisearch@7.2.0 >/dev/null
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v firefox-esr >/dev/null; then
  say "installing chromium, chromium-driver and firefox-esr"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
fi

# Firefox's WebDriver server, for the single-file edition's Firefox test. Debian does
# not package it; Mozilla publishes it on crates.io.
# (Read whole: geckodriver panics if a pipe closes before it has printed everything.)
GECKO_VERSION=$(geckodriver --version 2>/dev/null || true)
if [[ "$GECKO_VERSION" != "geckodriver 0.37.1"* ]]; then
  say "installing geckodriver 0.37.1 (about 3 minutes)"
  cargo install geckodriver --version 0.37.1 --locked
fi

say "ready: $(trunk --version), wasm-bindgen $WB_VERSION, $(.tools/node_modules/.bin/wasm-opt --version), $(chromium --version 2>/dev/null | head -1), $(firefox-esr --version 2>/dev/null | head -1), geckodriver 0.37.1"
