# The two commands of the quick start are `make run` and `make test`.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= ./var

.PHONY: run deps build build-asan test test-unit test-http test-browser test-asan bench clean

run: deps build
	$(BUILD)/cvdhub serve --listen $(LISTEN) --data $(DATA) --demo

deps:
	scripts/install-deps.sh

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

# Every test: unit (ctest), HTTP against the real binary, browser in Chromium.
test: deps build
	$(MAKE) --no-print-directory test-unit test-http test-browser

test-unit:
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-http:
	CVDHUB_BIN=$(abspath $(BUILD))/cvdhub node --test --test-concurrency=2 tests/http/

test-browser:
	CVDHUB_BIN=$(abspath $(BUILD))/cvdhub node --test --test-concurrency=1 tests/browser/

# The unit and HTTP tests under AddressSanitizer + UndefinedBehaviorSanitizer.
build-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCVDHUB_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: deps build-asan
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)
	CVDHUB_BIN=$(abspath $(ASAN_BUILD))/cvdhub node --test --test-concurrency=2 tests/http/

bench:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCVDHUB_BENCH=ON
	cmake --build $(BUILD) -j $(JOBS)
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
