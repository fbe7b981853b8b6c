#!/usr/bin/env bash
# The main job: set up (only what building needs: scripts/setup.sh), build the index from
# the bundled report, build the app, and serve it on http://127.0.0.1:8080 as soon as the
# site is ready (the single file and the kiosk follow; Ctrl-C to stop). Steps whose inputs
# did not change since the last run are skipped. Pass --input FILE for another report,
# --fast for lower compression levels while developing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
exec cargo xtask serve --addr 127.0.0.1:8080 "$@"
