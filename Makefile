# The whole set-up on a fresh Debian 12 machine (as root):
#   make run    install what is missing, build, start the demo campus on :8080
#   make test   build and run every test suite (SQLite, PostgreSQL, browser)
#   make build  install what is missing and build into build/
BUILD := build
JOBS  ?= 2

.PHONY: build deps native web test test-native test-web run bench clean

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

test: build test-native test-web

test-native:
	@cd $(BUILD) && ctest --output-on-failure --timeout 1800

test-web:
	@if [ -f web/package.json ] && grep -q '"test"' web/package.json; then \
	  cd web && npm test; \
	fi

run: build
	@scripts/run-demo.sh

bench: build
	@bench/run.sh

clean:
	rm -rf $(BUILD)

# libFuzzer targets (clang-14) in build/fuzz: each runs FUZZ_SECONDS (default 10 min),
# FUZZ_JOBS at a time; see fuzz/README.md.
FUZZ_SECONDS ?= 600
FUZZ_JOBS    ?= 1
.PHONY: fuzz
fuzz:
	@fuzz/run.sh --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS)
