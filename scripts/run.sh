#!/usr/bin/env bash
# The main job: set up, build the index from the bundled report, build the app, and
# serve it on http://127.0.0.1:8080 (Ctrl-C to stop). Pass --input FILE for another report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
exec cargo xtask serve --addr 127.0.0.1:8080 "$@"
