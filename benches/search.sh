#!/bin/sh
# Search on a big guide: what the index adds to a build, what a query downloads, how fast
# Chromium answers, and whether each query of benches/search_queries.txt finds its article.
#
#   cargo run --release --example corpus -- --articles 10000 --out /dev/shm/corpus
#   cargo build --release
#   benches/search.sh /dev/shm/corpus [RUNS] [BASE_BINARY]
#
# BASE_BINARY (default /work/main/target/release/madoguchi) is a build without search, to
# compare builds with; the two are run alternately, RUNS times each (default 15), into
# /dev/shm. Nothing here is committed: the corpus and the outputs stay under /dev/shm.
set -eu
corpus=$1
runs=${2:-15}
base=${3:-/work/main/target/release/madoguchi}
here=$(cd "$(dirname "$0")/.." && pwd)
new=${MADOGUCHI_NEW:-$here/target/release/madoguchi}
out=/dev/shm/madoguchi-search-bench
browser=${MADOGUCHI_CHROMIUM:-chromium}
mkdir -p "$out"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "== build time, $runs alternating runs each (ms)"
: > "$out/base.ms"; : > "$out/new.ms"
i=0
while [ $i -lt "$runs" ]; do
  t=$(ms); "$base" build --root "$corpus" --out "$out/base" >/dev/null 2>&1; echo $(( $(ms) - t )) >> "$out/base.ms"
  t=$(ms); "$new" build --root "$corpus" --out "$out/new" >/dev/null 2>&1; echo $(( $(ms) - t )) >> "$out/new.ms"
  i=$((i + 1))
done
b=$(median < "$out/base.ms"); n=$(median < "$out/new.ms")
echo "without search: median $b ms ($(sort -n "$out/base.ms" | tr '\n' ' '))"
echo "with search:    median $n ms ($(sort -n "$out/new.ms" | tr '\n' ' '))"
echo "added: $(awk -v b="$b" -v n="$n" 'BEGIN {printf "%.1f%%", (n - b) * 100 / b}')"
echo "index: $(du -sh "$out/new/search" | cut -f1) in $(find "$out/new/search" -type f | wc -l) files"

# search.html?q=QUERY in Chromium, without virtual time: the results box as the script left it.
results() {
  q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --user-data-dir="$out/profile" --dump-dom "file://$out/new/search.html?q=$q" 2>/dev/null \
    | tr '\n' ' ' | grep -o '<div id="search-results"[^>]*>.*</ol>\|<div id="search-results"[^>]*>' | head -1
}
attr() { sed -n "s/.* data-$1=\"\([^\"]*\)\".*/\1/p"; }

echo "== typical queries: bytes downloaded (index files the script loaded) and time to answer"
for q in ログイン カード 電話 返品; do
  page=$(results "$q")
  bytes=0
  for f in $(echo "$page" | attr loaded); do
    bytes=$((bytes + $(stat -c %s "$out/new/search/$f")))
  done
  times=""; all=""
  for _ in 1 2 3 4 5; do
    page=$(results "$q")
    times="$times $(echo "$page" | attr ms)"; all="$all $(echo "$page" | attr ms-all)"
  done
  echo "$q: $((bytes / 1024)) KB in $(echo "$page" | attr loaded | wc -w) files; first results in$times ms (median $(echo $times | tr ' ' '\n' | median)); all in$all ms (median $(echo $all | tr ' ' '\n' | median))"
done

echo "== benches/search_queries.txt: each finds its article"
found=0; total=0
while IFS='	' read -r q want; do
  case $q in ''|'#'*) continue ;; esac
  total=$((total + 1))
  page=$(results "$q")
  rank=$(echo "$page" | grep -o 'href="[^"]*"' | sed 's/href="//; s/"$//' | grep -n -x -F "$want" | head -1 | cut -d: -f1)
  if [ -n "$rank" ]; then found=$((found + 1)); echo "ok   #$rank  $q -> $want"; else echo "MISS      $q -> $want"; fi
done < "$here/benches/search_queries.txt"
echo "$found of $total queries found their article"
