#!/usr/bin/env bash
# Builds the app and the `hookscope` CLI with cargo, then packages them as a
# .deb with the Tauri CLI (npm @tauri-apps/cli, a devDependency of ui/).
# Usage: .ci/bundle.sh [--debug]   (--debug packages the debug build: quicker, for `make test`)
#
# The app is built exactly as `make build` builds it (its default feature embeds
# ui/dist), so `tauri bundle` only packages and nothing is compiled twice.
# The Tauri CLI wants its config beside the app crate and reads paths in it
# relative to that crate, while the build reads the root config with paths
# relative to the root: src-tauri/app/tauri.conf.json is a link to the root
# config, and the paths are given to the CLI here as absolute ones.
# AppImage is not built: its tooling downloads binaries while bundling.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

profile=release
flags=(--release)
if [ "${1:-}" = --debug ]; then
	profile=debug
	flags=()
fi
[ -f ui/dist/index.html ] || { echo "bundle: no ui/dist; build the UI first (npm --prefix ui run build)" >&2; exit 1; }
"${CARGO:-cargo}" build --locked -p hookscope-app -p hookscope-cli "${flags[@]}"
cli="$root/target/$profile/hookscope"

config=$(node -e '
	const [root, cli] = process.argv.slice(1);
	const base = require(root + "/tauri.conf.json");
	const absolute = (p) => require("path").resolve(root, p);
	console.log(JSON.stringify({
		build: { frontendDist: absolute(base.build.frontendDist) },
		bundle: { icon: base.bundle.icon.map(absolute), linux: { deb: { files: { "/usr/bin/hookscope": cli } } } },
	}));
' "$root" "$cli")

rm -rf "target/$profile/bundle/deb"
TAURI_APP_PATH=src-tauri/app TAURI_FRONTEND_PATH=ui \
	ui/node_modules/.bin/tauri bundle --ci --bundles deb --config "$config" $([ $profile = debug ] && echo --debug)
ls "target/$profile/bundle/deb/"*.deb
