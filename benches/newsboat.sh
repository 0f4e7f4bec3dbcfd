#!/usr/bin/env bash
# byline beside newsboat on the same 100 generated feeds of 1,000 stories,
# served from 127.0.0.1: the time from start to the first screen that shows
# the library, and the peak resident memory of a start that quits at once.
#
#   bash benches/newsboat.sh [RUNS]
#
# Needs newsboat (Debian: apt-get install newsboat), tmux and python3. Each
# program is started in a tmux pane of 120x40; the first screen is the first
# capture of the pane that shows a story's or a feed's title. Both caches are
# filled by a refresh first, outside the measurement. Prints medians, and
# byline's peak over its first start, which analyses every story while the
# list is shown. With KEEP=DIR, byline's home (100,000 stories) is kept
# there for a closer look.
set -euo pipefail

runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'tmux kill-server 2>/dev/null || true; kill "${server:-0}" 2>/dev/null || true; [ -n "${KEEP:-}" ] && cp -r "$work/byline" "$KEEP"; rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
byline="$root/target/release/byline"
command -v newsboat > /dev/null || { echo "newsboat is not installed" >&2; exit 1; }

python3 - "$work/www" <<'PY'
import os, sys
out = sys.argv[1]
os.makedirs(out)
for f in range(100):
    items = []
    for n in range(1000):
        day = 1 + (n % 28)
        items.append(
            f"<item><title>Council hears plan {n} of desk {f}</title>"
            f"<link>http://127.0.0.1/desk{f}/{n}</link><guid>desk{f}-{n}</guid>"
            f"<pubDate>Tue, {day:02d} Sep 2026 10:{n % 60:02d}:00 +0000</pubDate>"
            "<description><![CDATA[<p>The council met on Tuesday to discuss the new "
            "bridge, and Mayor Ana Ruiz said it would open in the spring.</p>"
            "<p>\"We will build it when we can pay for it,\" she said.</p>]]></description></item>"
        )
    with open(os.path.join(out, f"feed{f}.xml"), "w") as fh:
        fh.write(
            f"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk {f}</title>"
            + "".join(items)
            + "</channel></rss>"
        )
PY
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 > /dev/null 2>&1) &
server=$!
sleep 1

mkdir -p "$work/byline" "$work/newsboat"
for f in $(seq 0 99); do
    url="http://127.0.0.1:$port/feed$f.xml"
    "$byline" --state-dir "$work/byline" feed add "$url" > /dev/null
    echo "$url" >> "$work/newsboat/urls"
done
"$byline" --state-dir "$work/byline" refresh > /dev/null
newsboat -u "$work/newsboat/urls" -c "$work/newsboat/cache.db" -C /dev/null -x reload > /dev/null

# Seconds from starting `$2...` in a fresh pane until the pane shows `$1`;
# the program's peak RSS in kB goes to $work/rss.
first_screen() {
    local want=$1
    shift
    tmux kill-server 2>/dev/null || true
    local start end
    start=$(date +%s.%N)
    tmux new-session -d -x 120 -y 40 "/usr/bin/time -f %M -o $work/rss $*"
    until tmux capture-pane -p 2>/dev/null | grep -q "$want"; do sleep 0.005; done
    end=$(date +%s.%N)
    tmux send-keys q
    sleep 0.3
    tmux send-keys q 2>/dev/null || true
    while tmux has-session 2>/dev/null; do sleep 0.05; done
    echo "$end - $start" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The first start after the refresh analyses all 100,000 stories in the
# background, for the people index, while the list is shown: its peak RSS
# counts the analysis and the index, which a start that quits at once does not.
analysed() {
    python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(db.execute("SELECT count(*) FROM analysis").fetchone()[0])' "$work/byline/library.db" 2>/dev/null || echo 0
}
tmux kill-server 2>/dev/null || true
tmux new-session -d -x 120 -y 40 "/usr/bin/time -f %M -o $work/rss $byline --state-dir $work/byline"
until [ "$(analysed)" -ge 100000 ]; do sleep 0.5; done
sleep 2
tmux send-keys q
while tmux has-session 2>/dev/null; do sleep 0.05; done
analysis_rss=$(tail -1 "$work/rss")

declare -A time rss
for program in byline newsboat; do
    : > "$work/$program.times"
    : > "$work/$program.rss"
    for _ in $(seq "$runs"); do
        case $program in
            byline) t=$(first_screen "Council hears plan" "$byline" --state-dir "$work/byline") ;;
            newsboat) t=$(first_screen "Desk 1" newsboat -u "$work/newsboat/urls" -c "$work/newsboat/cache.db" -C /dev/null) ;;
        esac
        echo "$t" >> "$work/$program.times"
        tail -1 "$work/rss" >> "$work/$program.rss"
    done
    time[$program]=$(median < "$work/$program.times")
    rss[$program]=$(median < "$work/$program.rss")
done

printf '%-10s %14s %16s\n' program "first screen" "peak memory"
for program in byline newsboat; do
    printf '%-10s %12.3f s %13.1f MB\n' "$program" "${time[$program]}" "$(echo "${rss[$program]} / 1024" | bc -l)"
done
printf 'byline, first start, all 100,000 analysed in the background: peak %.1f MB\n' \
    "$(echo "$analysis_rss / 1024" | bc -l)"
printf 'newsboat / byline: %.1fx the time, %.1fx the memory\n' \
    "$(echo "${time[newsboat]} / ${time[byline]}" | bc -l)" \
    "$(echo "${rss[newsboat]} / ${rss[byline]}" | bc -l)"
