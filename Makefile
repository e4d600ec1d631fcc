# Hookscope — `make run` opens the app, `make test` runs everything (headless).
# Both install what is missing first: Debian/Ubuntu packages (with sudo when not
# root), the UI's npm packages, and for tests tauri-driver and a Python venv.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# The system packages, listed once: what the app needs to build and run…
APP_PACKAGES := build-essential pkg-config curl libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev \
	libayatana-appindicator3-dev librsvg2-dev libxdo-dev libdbus-1-dev
# …and what the headless tests need on top (dbus: a private session bus
# for the single-instance test; xdotool: typing into the native file dialogs).
TEST_PACKAGES := xvfb xauth webkit2gtk-driver imagemagick dbus xdotool
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

CARGO ?= cargo
NPM := npm --prefix ui
APP_BIN := target/debug/hookscope-app
CLI_BIN := target/debug/hookscope
VENV := .venv
STANDARDWEBHOOKS := standardwebhooks==1.1.0
TAURI_DRIVER_VERSION := ^2

.PHONY: help run build test deps test-deps system-deps node ui-deps test-tools ui-build \
	lint rust-test ui-test e2e bindings clean

help:
	@echo "make run    install what is missing, build, and open Hookscope"
	@echo "make test   install what is missing, then run every check and test headless"
	@echo "make bindings  regenerate ui/src/lib/ipc/bindings.ts from the Rust types"
	@echo "make bundle the release .deb (target/release/bundle/deb/), smoke-tested"
	@echo "make bench  every benchmark figure in one table, desktop window included"
	@echo "make screenshots  retake the README's screenshots (ui/screenshots/)"
	@echo "make fuzz   run every fuzz target for FUZZ_SECONDS (default 30) on nightly"

# --- installing what is missing -------------------------------------------

define install_missing_packages
	@missing=$$(for p in $(1); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

system-deps:
	$(call install_missing_packages,$(APP_PACKAGES))

node:
	@if ! command -v npm >/dev/null || ! command -v node >/dev/null; then \
		echo "Installing Node.js and npm"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	fi
	@major=$$(node -p 'process.versions.node.split(".")[0]'); \
	if [ "$$major" -lt 20 ]; then echo "Node.js 20 or newer is needed (found $$(node --version))"; exit 1; fi
	@command -v $(CARGO) >/dev/null || { echo "Rust is needed: install it from https://rustup.rs"; exit 1; }

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

ui-deps: node ui/node_modules/.package-lock.json

deps: system-deps ui-deps

test-deps: deps
	$(call install_missing_packages,$(TEST_PACKAGES))

test-tools: test-deps
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --version '$(TAURI_DRIVER_VERSION)' --locked
	@$(VENV)/bin/python -c 'import standardwebhooks' 2>/dev/null || { \
		python3 -m venv $(VENV) && $(VENV)/bin/pip install -q --disable-pip-version-check $(STANDARDWEBHOOKS); }

# --- building -------------------------------------------------------------

ui-build: ui-deps
	$(NPM) run build

build: deps ui-build
	$(CARGO) build -p hookscope-app -p hookscope-cli

run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then echo "No display: run the app on a desktop, or use the CLI ($(CLI_BIN) listen)"; exit 1; fi
	$(APP_BIN)

bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p hookscope-app --lib bindings

# --- testing --------------------------------------------------------------

test: test-tools
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory rust-test
	$(MAKE) --no-print-directory ui-test
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory bundle-test

lint: ui-build
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked --features hookscope-core/online-tests -- -D warnings

# Includes the check that ui/src/lib/ipc/bindings.ts matches the Rust types.
rust-test: ui-build
	HOOKSCOPE_REQUIRE_CROSSCHECK=1 HOOKSCOPE_PYTHON=$(CURDIR)/$(VENV)/bin/python \
		$(CARGO) test --workspace --exclude hookscope-e2e --locked
	@# The real-tunnel test is compiled always; it runs only where NGROK_AUTHTOKEN is set.
	$(CARGO) test -p hookscope-core --features online-tests --test tunnel --locked

ui-test: ui-deps
	$(NPM) run check
	$(NPM) test

# The desktop app in its real webview, driven by tauri-driver under Xvfb.
e2e: build
	xvfb-run -a --server-args="-screen 0 1400x900x24" \
		$(CARGO) test -p hookscope-e2e --locked -- --test-threads=1

# --- fuzzing ----------------------------------------------------------------

# Each target runs FUZZ_SECONDS from the committed corpus (src-tauri/fuzz/corpus/<target>,
# read only); what it discovers goes to a scratch corpus under src-tauri/fuzz/target,
# crashes to src-tauri/fuzz/artifacts/<target>. Needs the nightly toolchain.
FUZZ_SECONDS ?= 30
FUZZ_DIR := src-tauri/fuzz
FUZZ_TARGETS := verify_request secret_round_trip capture_request stored_headers import_ndjson import_har

.PHONY: fuzz
fuzz: system-deps
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/target/corpus/$$target && \
		echo "== $$target ($(FUZZ_SECONDS) s)" && \
		$(CARGO) +nightly fuzz run --fuzz-dir $(FUZZ_DIR) $$target \
			$(FUZZ_DIR)/target/corpus/$$target $(FUZZ_DIR)/corpus/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -dict=$(FUZZ_DIR)/http.dict || exit 1; \
	done

# --- packaging ------------------------------------------------------------

# The .deb (app, `hookscope` CLI, .desktop file, icons) with the Tauri CLI from
# ui/node_modules, in release, then the smoke test on it (.ci/bundle-smoke.sh:
# dpkg -x into a scratch root, start it under Xvfb, post a delivery, read it back).
# AppImage is not built: its tooling downloads binaries while bundling.
.PHONY: bundle bundle-test screenshots
bundle: test-deps ui-build
	.ci/bundle.sh
	.ci/bundle-smoke.sh target/release/bundle/deb/*.deb

# In `make test`: the same packaging of the debug build (a release build takes
# far longer), and the same smoke test.
bundle-test: build test-deps
	.ci/bundle.sh --debug
	.ci/bundle-smoke.sh target/debug/bundle/deb/*.deb

# The README's screenshots, from the real app with real deliveries.
screenshots: build test-tools
	xvfb-run -a --server-args="-screen 0 1400x900x24" \
		$(CARGO) test -p hookscope-e2e --locked --test screenshots -- --ignored --test-threads=1

# --- benchmarking ---------------------------------------------------------

# Every figure beside its baseline, in release; the table is printed and the
# JSON kept in bench-results/. `make bench BENCH_ARGS=--quick` for a smoke run.
# The desktop window's figures are taken in the release app under Xvfb.
.PHONY: bench
bench: test-tools ui-build
	$(CARGO) build --release --locked -p hookscope-bench -p hookscope-cli -p hookscope-app -p hookscope-e2e --bins
	target/release/hookscope-bench --json bench-results/bench.json $(BENCH_ARGS)

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules $(VENV)
