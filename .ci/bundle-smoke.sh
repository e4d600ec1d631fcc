#!/usr/bin/env bash
# Smoke test of the built .deb: unpack it into a scratch root (dpkg -x, no
# install needed), check what it ships, start the packaged app under Xvfb on a
# temp data dir and a free port, post one delivery and read it back from the
# SQLite file with the packaged `hookscope` CLI.
#
# Usage: .ci/bundle-smoke.sh [PATH.deb]  (default: the newest under target/release/bundle/deb)
set -euo pipefail
cd "$(dirname "$0")/.."

deb=${1:-$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -n1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "bundle-smoke: no .deb found; run make bundle first" >&2; exit 1; }

scratch=$(mktemp -d -t hookscope-bundle-XXXXXX)
app_pid=
xvfb_pid=
cleanup() {
	if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then kill -TERM "$app_pid" 2>/dev/null || true; fi
	if [ -n "$xvfb_pid" ]; then wait "$xvfb_pid" 2>/dev/null || true; fi
	rm -rf "$scratch"
}
trap cleanup EXIT

fail() {
	echo "bundle-smoke: FAIL: $*" >&2
	if [ -s "$scratch/app.log" ]; then echo "--- app output ---" >&2; tail -n 40 "$scratch/app.log" >&2; fi
	exit 1
}

echo "bundle-smoke: $deb"
root="$scratch/root"
dpkg -x "$deb" "$root"

# What the package must ship.
[ -x "$root/usr/bin/hookscope-app" ] || fail "no executable usr/bin/hookscope-app"
[ -x "$root/usr/bin/hookscope" ] || fail "no executable usr/bin/hookscope (the CLI)"
desktop=$(ls "$root"/usr/share/applications/*.desktop 2>/dev/null | head -n1 || true)
[ -n "$desktop" ] || fail "no .desktop file under usr/share/applications"
grep -q '^Exec=hookscope-app' "$desktop" || fail "$desktop does not start hookscope-app"
grep -q '^Name=Hookscope' "$desktop" || fail "$desktop is not named Hookscope"
icon=$(sed -n 's/^Icon=//p' "$desktop")
for size in 32x32 128x128; do
	[ -f "$root/usr/share/icons/hicolor/$size/apps/$icon.png" ] || fail "no $size icon named $icon"
done
depends=$(dpkg-deb -f "$deb" Depends)
case $depends in *libwebkit2gtk-4.1*) ;; *) fail "Depends does not name libwebkit2gtk-4.1: $depends" ;; esac
echo "bundle-smoke: ships the app, the CLI, $(basename "$desktop") and icon '$icon'"

# Start the packaged app headless, on its own data dir and a free port.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
data="$scratch/data"
mkdir -p "$data"
xvfb-run -a --server-args="-screen 0 1400x900x24" \
	env HOOKSCOPE_DATA_DIR="$data" HOOKSCOPE_PORT="$port" HOOKSCOPE_SECRET_STORE=file \
	bash -c 'echo $$ > "$0"; exec "$1"' "$scratch/app.pid" "$root/usr/bin/hookscope-app" \
	>"$scratch/app.log" 2>&1 &
xvfb_pid=$!

url="http://127.0.0.1:$port/webhooks/self"
for _ in $(seq 1 300); do
	[ -z "$app_pid" ] && [ -s "$scratch/app.pid" ] && app_pid=$(cat "$scratch/app.pid")
	kill -0 "$xvfb_pid" 2>/dev/null || fail "the app exited before it listened"
	answer=$(curl -s -o "$scratch/answer" -w '%{http_code}' --max-time 5 \
		-H 'content-type: application/json' --data '{"type":"verification.completed","verification_id":"bundle-smoke"}' \
		"$url" || true)
	[ "$answer" = 000 ] || break
	sleep 0.1
done
[ "$answer" = 200 ] || fail "POST $url answered ${answer:-nothing}, not 200"
id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$scratch/answer") \
	|| fail "the answer is not {\"id\": ...}: $(cat "$scratch/answer")"
echo "bundle-smoke: POST answered 200, stored as $id"

# The window really came up: the app runs its webview in a WebKit child process.
pgrep -P "$app_pid" -f WebKitWebProcess >/dev/null || fail "no WebKitWebProcess under the app (pid $app_pid)"

db="$data/hookscope.sqlite"
[ -s "$db" ] || fail "no SQLite file at $db"
listed=$("$root/usr/bin/hookscope" list --json --db "$db" 2>&1) || fail "the packaged CLI cannot list $db: $listed"
grep -q "\"id\":\"$id\"" <<<"$listed" || fail "hookscope list does not show $id: $listed"
grep -q '"path":"/webhooks/self"' <<<"$listed" || fail "the stored row has another path: $listed"

kill -TERM "$app_pid"
wait "$xvfb_pid" || true
xvfb_pid=
echo "bundle-smoke: ok (the packaged app served on port $port and stored the delivery in $db)"
