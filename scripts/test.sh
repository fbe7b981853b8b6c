#!/usr/bin/env bash
# Every test: set up (the main job's tools, then browsers, drivers, axe-core, the
# benchmark's peers and the open-data validator), build dist/ (the browser tests drive
# it), then the whole workspace:
# unit tests beside the code, CLI and parser integration tests, and the end-to-end
# tests in tests/ that run the app in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo xtask dist
cargo test --workspace
