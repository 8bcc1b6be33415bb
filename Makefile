# The whole set-up on a fresh Debian 12 machine (as root):
#   make run    install what is missing, build, start the demo campus on :8080
#   make test   build and run every test suite (SQLite, PostgreSQL, browser)
#   make build  install what is missing and build into build/
BUILD := build
JOBS  ?= 2
# Where scripts/install-deps.sh puts a Node >= 20.19 from the npm registry when the
# machine has none (Debian 12's own nodejs is 18.20): first on PATH for every step.
export CLASSROOM_NODE_HOME ?= /opt/classroom-node
export PATH := $(CLASSROOM_NODE_HOME)/bin:$(PATH)

.PHONY: build deps native web test test-native test-web test-deploy run bench deb clean

build: deps native web

deps:
	@scripts/install-deps.sh

native:
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
	@cmake --build $(BUILD) -j$(JOBS)

web:
	@if [ -f web/package.json ]; then \
	  cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build; \
	fi
	@# The OpenID provider the single sign-on tests start (tests/oidc, its own lockfile).
	@cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error

test: build test-native test-web test-deploy

test-native:
	@cd $(BUILD) && ctest --output-on-failure --timeout 1800 -j$(JOBS)

test-web:
	@if [ -f web/package.json ] && grep -q '"test"' web/package.json; then \
	  cd web && npm test; \
	fi

# nginx, TLS and the Debian package, run for real (tests/deploy). When tests/CMakeLists.txt
# includes tests/deploy, test-native has run them already.
test-deploy:
	@if [ -f tests/deploy/CMakeLists.txt ]; then tests/deploy/run.sh $(BUILD); fi

run: build
	@scripts/run-demo.sh

# Each script prints its figures with pass/short marks and writes them to build/bench/*.json.
bench: build
	@bench/run.sh
	@bench/api.sh
	@bench/fanout.sh
	@bench/storm.sh
	@bench/hold.sh
	@bench/summary.py

# Debian packages classroomd_<version>_amd64.deb and classroom-sim_<version>_amd64.deb in $(BUILD)/deb
deb: build
	@packaging/build-deb.sh $(BUILD) $(BUILD)/deb

clean:
	rm -rf $(BUILD)

# libFuzzer targets (clang-14) in build/fuzz: each runs FUZZ_SECONDS (default 10 min),
# FUZZ_JOBS at a time; see fuzz/README.md.
FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 1
.PHONY: fuzz
fuzz:
	@fuzz/run.sh --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS)
