#!/usr/bin/env bash
# madoguchi beside its peers on the same pages: Hugo and mdBook (where installed) and the floor
# (bare pulldown-cmark, one thread, no templates, no checks). Runs alternate between the tools,
# each figure is the median of RUNS, and the ratios come from the same run.
#
#   benches/compare.sh                 # 1,000 and 10,000 pages, local disk and tmpfs
#   SIZES="10000" RUNS=9 benches/compare.sh
#
# Environment: SIZES (default "1000 10000"), RUNS (default 5), DISK_DIR (default
# target/compare), SHM_DIR (default /dev/shm/madoguchi-compare; skipped without /dev/shm),
# HUGO, MDBOOK (commands; default `hugo`, `mdbook`; a missing peer is skipped). Above
# SLOW_SIZE pages (default 2000) mdBook, which takes minutes there, runs SLOW_RUNS times
# (default 1) after the others' rounds, stopped after SLOW_TIMEOUT seconds (default 180).
# The pages come from benches/corpus.rs, which follows /work/shared/bench/peer_corpus.py
# (same layouts for Hugo, same book layout for mdBook) and gives every tool the same bodies.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
TARGET=${CARGO_TARGET_DIR:-target}
DISK_DIR=${DISK_DIR:-$TARGET/compare}
SHM_DIR=${SHM_DIR:-/dev/shm/madoguchi-compare}
HUGO=${HUGO:-hugo}
MDBOOK=${MDBOOK:-mdbook}
SLOW_SIZE=${SLOW_SIZE:-2000}
SLOW_RUNS=${SLOW_RUNS:-1}
SLOW_TIMEOUT=${SLOW_TIMEOUT:-180}

cargo build --release --quiet --bin madoguchi --example corpus
MADOGUCHI=$(realpath "$TARGET/release/madoguchi")
CORPUS=$(realpath "$TARGET/release/examples/corpus")

have() { command -v "$1" >/dev/null 2>&1; }
peers=()
if have "$HUGO"; then peers+=(hugo); else echo "skipping Hugo: \`$HUGO\` not found"; fi
if have "$MDBOOK"; then peers+=(mdbook); else echo "skipping mdBook: \`$MDBOOK\` not found"; fi
GNU_TIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then GNU_TIME=/usr/bin/time; fi

# Runs one build; appends "ms peak_kb" to $results/$tool.
measure() {
  local tool=$1 dir=$2 log=$3
  shift 3
  local rss=0 start end status=0
  start=$(date +%s%N)
  if [ -n "$GNU_TIME" ]; then
    "$GNU_TIME" -f %M -o "$log.rss" "$@" >"$log" 2>&1 || status=$?
    rss=$(grep -E '^[0-9]+$' "$log.rss" | tail -1 || echo 0)
  else
    "$@" >"$log" 2>&1 || status=$?
  fi
  end=$(date +%s%N)
  if [ "$status" -eq 124 ]; then
    echo "timeout $rss" >>"$dir/results/$tool"
    return
  fi
  [ "$status" -eq 0 ] || { echo "$tool failed:"; cat "$log"; exit 1; }
  echo "$(( (end - start) / 1000000 )) $rss" >>"$dir/results/$tool"
}

run_tool() {
  local tool=$1 dir=$2
  case $tool in
    madoguchi) measure madoguchi "$dir" "$dir/log" "$MADOGUCHI" build --root "$dir/guide" --out "$dir/out-madoguchi" ;;
    floor) measure floor "$dir" "$dir/log" "$CORPUS" floor "$dir/guide" "$dir/out-floor" ;;
    hugo) measure hugo "$dir" "$dir/log" "$HUGO" --quiet --source "$dir/hugo" --destination "$dir/out-hugo" ;;
    mdbook) measure mdbook "$dir" "$dir/log" timeout "$SLOW_TIMEOUT" "$MDBOOK" build "$dir/mdbook" --dest-dir "$dir/out-mdbook" ;;
  esac
}

median_ms() {
  if grep -q '^timeout' "$1"; then echo ">$((SLOW_TIMEOUT * 1000))"; return; fi
  cut -d' ' -f1 "$1" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
peak_mb() { cut -d' ' -f2 "$1" | sort -n | tail -1 | awk '{printf "%.1f", $1/1024}'; }

bench() {
  local where=$1 base=$2 n=$3
  local dir="$base/n$n"
  rm -rf "$dir"
  mkdir -p "$dir/results"
  "$CORPUS" --articles "$n" --out "$dir/guide" --hugo "$dir/hugo" --mdbook "$dir/mdbook" >/dev/null
  local tools=(madoguchi floor) slow=() tool
  for tool in "${peers[@]}"; do
    if [ "$tool" = mdbook ] && [ "$n" -gt "$SLOW_SIZE" ]; then slow+=("$tool"); else tools+=("$tool"); fi
  done
  for tool in "${tools[@]}"; do run_tool "$tool" "$dir"; done # warm-up, not counted
  rm -f "$dir"/results/*
  for _ in $(seq "$RUNS"); do
    for tool in "${tools[@]}"; do run_tool "$tool" "$dir"; done
  done
  for tool in "${slow[@]}"; do
    for _ in $(seq "$SLOW_RUNS"); do run_tool "$tool" "$dir"; done
  done
  local ours
  ours=$(median_ms "$dir/results/madoguchi")
  printf '\n%s pages, %s (%s), median of %s, alternating\n' "$n" "$where" "$base" "$RUNS"
  printf '  %-10s %9s %9s %12s\n' tool "ms" "peak MB" "÷ madoguchi"
  for tool in "${tools[@]}" "${slow[@]}"; do
    local t note=
    t=$(median_ms "$dir/results/$tool")
    for s in "${slow[@]}"; do [ "$s" = "$tool" ] && note=" ($SLOW_RUNS run, not alternated)"; done
    printf '  %-10s %9s %9s %12s%s\n' "$tool" "$t" "$(peak_mb "$dir/results/$tool")" \
      "$(awk -v a="${t#>}" -v b="$ours" -v gt="${t%%[0-9]*}" 'BEGIN {printf "%s%.2f", gt, (b > 0 ? a / b : 0)}')" "$note"
  done
  rm -rf "$dir"
}

echo "madoguchi $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
have "$HUGO" && echo "$("$HUGO" version 2>/dev/null | head -1)"
have "$MDBOOK" && echo "$("$MDBOOK" --version 2>/dev/null)"
for n in $SIZES; do
  bench "local disk" "$DISK_DIR" "$n"
  if [ -d /dev/shm ]; then bench tmpfs "$SHM_DIR" "$n"; else echo "skipping tmpfs: no /dev/shm"; fi
done
echo
echo "÷ madoguchi: how many times madoguchi's time the tool takes (above 1: madoguchi is faster)."
