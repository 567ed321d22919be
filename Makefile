# Fælles Team — the two commands: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
# Where `make run` keeps its data: a project-local demo data set unless you say otherwise.
FAELLES_DATA_DIR ?= $(CURDIR)/.demo-data
FAELLES_DEMO ?= 1

.PHONY: deps run test e2e release package package-test windows windows-installer-test windows-check bench

deps:
	@./scripts/deps.sh

## Runs the app (chair window + citizen screen), on the demo data by default.
run: deps
	cargo build -p faelles-team
	FAELLES_DATA_DIR="$(FAELLES_DATA_DIR)" FAELLES_DEMO="$(FAELLES_DEMO)" ./target/debug/faelles-team

## Runs every test: format, lints, unit + integration tests, end-to-end tests under Xvfb.
test: deps
	./scripts/test.sh

## Only the end-to-end tests (real app, real webview, under Xvfb).
e2e: deps
	./scripts/e2e.sh

## Release binary: target/release/faelles-team
release: deps
	cargo build --release -p faelles-team
	@ls -l target/release/faelles-team

## Installable packages (Tauri bundler): target/release/bundle/deb/*.deb and rpm/*.rpm.
## Installs tauri-cli (npm @tauri-apps/cli, prebuilt) into .tools/tauri-cli if missing.
package: deps
	./scripts/package.sh

## Installs the .deb, starts the installed app under Xvfb, removes it (also part of `make test`).
package-test: package
	./scripts/package-test.sh

## Windows from Linux: the release app cross-built for x86_64-pc-windows-gnu and its installer,
## target/windows/Fælles Team-setup-<version>.exe (NSIS, per user, Danish; also in `make test`).
windows: deps
	./scripts/windows-build.sh

## The installer under Wine: installs silently, checks files, shortcut, --version, the message
## where WebView2 is missing, the single instance; uninstalls, keeping the data.
windows-installer-test: windows
	./scripts/windows-installer-test.sh

## Type-checks core, pdf and shell for Windows (x86_64-pc-windows-gnu), warnings as errors.
windows-check:
	./scripts/windows-check.sh

## Benchmarks: prints p50/p95/p99 and writes docs/PERFORMANCE.md.
bench: deps
	./scripts/bench.sh
