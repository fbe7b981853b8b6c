#!/usr/bin/env bash
# Fuzzes the parser, the bundle loader and the query path for SECONDS each (default 60)
# with cargo-fuzz (libFuzzer). The machine has one stable toolchain; RUSTC_BOOTSTRAP=1
# lets cargo-fuzz use the sanitizer flags it needs. Results go to docs/fuzzing-results.txt;
# a crash stops the run and leaves its input in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
export PATH="$HOME/.cargo/bin:$PATH"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2
export RUSTC_BOOTSTRAP=1
out=docs/fuzzing-results.txt
{
  echo "# cargo fuzz, ${SECONDS_EACH}s per target, $(date -u +%Y-%m-%d), $(rustc --version)"
} > "$out"
for target in parse bundle query; do
  mkdir -p "fuzz/corpus/$target"
  if [ "$target" = parse ]; then cp -n data/*.txt "fuzz/corpus/parse/" 2>/dev/null || true; fi
  log=$(mktemp)
  (cd fuzz && cargo fuzz run -O "$target" -- -max_total_time="$SECONDS_EACH" -max_len=262144 2>"$log") || {
    tail -40 "$log"; echo "fuzz: $target found a crash (see fuzz/artifacts/$target)"; exit 1; }
  echo "$target: $(grep -E '^Done|#[0-9]+.*DONE' "$log" | tail -1)" >> "$out"
  rm -f "$log"
done
cat "$out"
