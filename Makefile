# wfpwatch: build, run and test.
#   make run      install missing build packages, build for release, serve config/wfpwatch.yaml
#   make test     install missing packages, build, run the whole test suite
#   make install  install the binary, the service, its user and the configuration (listening on 514)
#   make deb      build the Debian package .build/deb/wfpwatch_<version>_<arch>.deb (static Swift runtime)
#   make bench    build the benchmark for release, print beacon recall/false alerts and engine figures
#   make bench-ingest  wfpwatch serve next to rsyslog on the same syslog stream over loopback
#   make profile-replay  instructions per message of decoding and detection (callgrind)

SHELL := /bin/bash
CONFIG ?= config/wfpwatch.yaml
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SYSCONFDIR ?= /etc/wfpwatch
UNITDIR ?= /etc/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
SYSCTLDIR ?= $(PREFIX)/lib/sysctl.d
BINARY ?= .build/release/wfpwatch

.PHONY: deps build release run test check-config install install-files deb

deps:
	scripts/install-deps

build: deps
	swift build

release: deps
	swift build -c release

run: release
	.build/release/wfpwatch serve --config $(CONFIG)

test: deps
	scripts/run-tests

# Recall per period x jitter, false alerts per host-day, then events/s and bytes per tracked key.
.PHONY: bench bench-ingest profile-replay
bench:
	swift build -c release --product wfpwatch-bench
	.build/release/wfpwatch-bench evaluate
	.build/release/wfpwatch-bench engine

# Messages/s, CPU per million, peak RSS, loss and alert latency of serve, with rsyslog as the yardstick.
bench-ingest:
	scripts/bench-ingest

profile-replay:
	scripts/profile-replay

check-config: build
	.build/debug/wfpwatch check-config $(CONFIG)

# The installed configuration is the shipped one, listening on every address at port 514; an
# existing one is kept. Installed into the running system (no DESTDIR), the wfpwatch user and
# /var/lib/wfpwatch are made at once and a running systemd reloads its units.
install: release install-files
	@if [ -z "$(DESTDIR)" ]; then \
		systemd-sysusers $(SYSUSERSDIR)/wfpwatch.conf; \
		systemd-tmpfiles --create $(TMPFILESDIR)/wfpwatch.conf; \
		sysctl -q -p $(SYSCTLDIR)/60-wfpwatch.conf || true; \
		if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	fi

# The file layout alone, from $(BINARY); scripts/build-deb stages the package with it.
install-files:
	install -D -m 0755 $(BINARY) $(DESTDIR)$(BINDIR)/wfpwatch
	sed -e 's|/usr/bin/wfpwatch|$(BINDIR)/wfpwatch|g' systemd/wfpwatch.service \
		| install -D -m 0644 /dev/stdin $(DESTDIR)$(UNITDIR)/wfpwatch.service
	install -D -m 0644 packaging/sysusers.d/wfpwatch.conf $(DESTDIR)$(SYSUSERSDIR)/wfpwatch.conf
	install -D -m 0644 packaging/tmpfiles.d/wfpwatch.conf $(DESTDIR)$(TMPFILESDIR)/wfpwatch.conf
	install -D -m 0644 packaging/sysctl.d/wfpwatch.conf $(DESTDIR)$(SYSCTLDIR)/60-wfpwatch.conf
	install -D -m 0644 config/intel/example.txt $(DESTDIR)$(SYSCONFDIR)/intel/example.txt
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/wfpwatch.yaml ]; then \
		echo "keeping existing $(DESTDIR)$(SYSCONFDIR)/wfpwatch.yaml"; \
	else \
		sed -e 's/address: 127\.0\.0\.1/address: 0.0.0.0/' -e 's/port: 5514\b/port: 514/' config/wfpwatch.yaml \
			| install -D -m 0644 /dev/stdin $(DESTDIR)$(SYSCONFDIR)/wfpwatch.yaml; \
	fi

# A release build with the Swift runtime linked in, packaged with dpkg-deb (scripts/build-deb).
deb: deps
	scripts/build-deb
