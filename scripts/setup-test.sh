#!/usr/bin/env bash
# Installs what the tests and the benchmark need besides the main job's tools (which
# scripts/setup.sh installs first), once; later runs only check (a few seconds).
#   - Debian's chromium and chromium-driver, firefox-esr, and geckodriver: browser tests
#   - axe-core: the accessibility checks in the browser tests
#   - pagefind and minisearch: the benchmark's peers (`cargo xtask bench`)
#   - lighthouse: the prerendered pages' scores (`cargo xtask bench --pages`)
#   - frictionless in .tools/venv: the open-data test
#   - nginx (with its brotli module) and apache2: the deployment tests
# Facts behind these choices: ../shared/TOOLCHAIN.md and docs/toolchain.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=setup.sh
source scripts/setup.sh

has_browsers() { command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v firefox-esr >/dev/null; }
install_browsers() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver firefox-esr >/dev/null
}
step "chromium, chromium-driver, firefox-esr (apt)" has_browsers install_browsers

# The real web servers the deployment tests run the site behind (tests/tests/deploy.rs,
# `cargo xtask nginx`): Debian's nginx with its brotli module (the .br files as they
# are), and Apache. Installed only: the tests start them in the foreground, on their
# own ports, with their own configuration files; the system services are not used.
has_web_servers() {
  [ -x /usr/sbin/nginx ] && [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] && [ -x /usr/sbin/apache2 ]
}
install_web_servers() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx libnginx-mod-http-brotli-static apache2 >/dev/null
}
step "nginx, its brotli module, apache2 (apt)" has_web_servers install_web_servers

# Firefox's WebDriver server, for the single-file edition's Firefox test. Debian does
# not package it; Mozilla publishes it on crates.io.
# (Read whole: geckodriver panics if a pipe closes before it has printed everything.)
has_geckodriver() { local v; v=$(geckodriver --version 2>/dev/null || true); [[ "$v" == "geckodriver 0.37.1"* ]]; }
install_geckodriver() { cargo install geckodriver --version 0.37.1 --locked; }
step "geckodriver 0.37.1" has_geckodriver install_geckodriver "about 3 min"

# The accessibility rules the browser tests run (tests/src/lib.rs loads axe.min.js).
AXE_VERSION=4.14.1
has_axe() { [ -f .tools/node_modules/axe-core/axe.min.js ] && grep -q "\"version\": \"$AXE_VERSION\"" .tools/node_modules/axe-core/package.json; }
install_axe() {
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --save-exact "axe-core@$AXE_VERSION" >/dev/null
}
step "axe-core $AXE_VERSION (into .tools/)" has_axe install_axe

# Peers for `cargo xtask bench` (BENCHMARKS.md): Pagefind (its Linux binary comes as
# the optional dependency @pagefind/linux-x64) and MiniSearch. Nothing is downloaded
# during a build or a bench run.
has_peers() {
  grep -qs '"version": "1.6.0"' .tools/node_modules/pagefind/package.json \
    && [ -d .tools/node_modules/@pagefind/linux-x64 ] \
    && grep -qs '"version": "7.2.0"' .tools/node_modules/minisearch/package.json
}
install_peers() {
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --save-exact pagefind@1.6.0 minisearch@7.2.0 >/dev/null
}
step "pagefind 1.6.0, minisearch 7.2.0 (benchmark peers, into .tools/)" has_peers install_peers

# Lighthouse on the home and an activity page (`cargo xtask bench --pages`, BENCHMARKS.md),
# run against Debian's Chromium (CHROME_PATH). The current release: versions simulate
# differently (../shared/TOOLCHAIN.md), so figures are only compared within one. It
# declares Node >= 22.19 but installs and runs on Debian's Node 20 (a warning only).
LIGHTHOUSE_VERSION=13.5.0
has_lighthouse() {
  [ -x .tools/node_modules/.bin/lighthouse ] \
    && grep -qs "\"version\": \"$LIGHTHOUSE_VERSION\"" .tools/node_modules/lighthouse/package.json
}
install_lighthouse() {
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --save-exact "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
}
step "lighthouse $LIGHTHOUSE_VERSION (into .tools/)" has_lighthouse install_lighthouse

frictionless_t0=$(now_ms)
# --- open data: frictionless (begin) ------------------------------------------
# The reference validator of Frictionless Data Packages (PyPI `frictionless`), in its
# own virtual environment: index-builder/tests/opendata.rs runs
# `.tools/venv/bin/frictionless validate` on the package built from the report.
FRICTIONLESS_VERSION=5.21.0
# (Checked by its installed metadata: starting the tool itself takes seconds.)
if [ ! -x .tools/venv/bin/frictionless ] \
   || ! ls -d .tools/venv/lib/python3*/site-packages/frictionless-"$FRICTIONLESS_VERSION".dist-info >/dev/null 2>&1; then
  say "installing frictionless $FRICTIONLESS_VERSION into .tools/venv (about a minute)"
  mkdir -p .tools
  [ -x .tools/venv/bin/python ] || python3 -m venv .tools/venv
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "frictionless==$FRICTIONLESS_VERSION"
fi
# --- open data: frictionless (end) --------------------------------------------
say "frictionless $FRICTIONLESS_VERSION (.tools/venv): $(since "$frictionless_t0")"

say "tests ready: $(chromium --version 2>/dev/null | head -1), $(firefox-esr --version 2>/dev/null | head -1), geckodriver 0.37.1, axe-core $AXE_VERSION"
