#!/usr/bin/env bash
# Lighthouse (the npm package, driving the Debian chromium) on every page of the bundled guide,
# served by a plain local static server: each page must score 100 in performance,
# accessibility, best practices and SEO. CI runs it after the tests (.ci/run).
#
#   bash benches/lighthouse.sh            # build the bundled guide, then judge every page
#   LIGHTHOUSE_SITE=DIR bash benches/lighthouse.sh   # judge an already built site instead
#
# Needs node and npm (Lighthouse is installed once into target/lighthouse), python3 (the
# static server) and chromium (CHROME_PATH, or found on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=target/lighthouse
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent lighthouse@12 >/dev/null
fi
cp benches/lighthouse.mjs "$tools/judge.mjs"

site=${LIGHTHOUSE_SITE:-}
if [ -z "$site" ]; then
  site=target/lighthouse/site
  cargo run --release --quiet -- build --out "$site"
fi

export CHROME_PATH=${CHROME_PATH:-$(command -v chromium || command -v chromium-browser)}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

pages=$(cd "$site" && find . -name '*.html' | sed 's|^\./||' | LC_ALL=C sort)
node "$tools/judge.mjs" "http://127.0.0.1:$port/" $pages
