# The two commands of the quick start are `make run` and `make test`.
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
DATA ?= ./var

.PHONY: run deps build build-asan build-fuzz test test-unit test-http test-browser test-asan fuzz bench clean

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

# Every fuzz target (fuzz/*_fuzz.cpp) for FUZZ_SECONDS each, seeded with the
# test corpora; new inputs are kept in $(FUZZ_BUILD)/corpus/. Needs clang.
build-fuzz:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DCVDHUB_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets

fuzz: deps build-fuzz
	@for t in $(FUZZ_BUILD)/fuzz/*_fuzz; do \
	  name=$$(basename $$t); mkdir -p $(FUZZ_BUILD)/corpus/$$name; \
	  echo "fuzzing $$name for $(FUZZ_SECONDS) s"; \
	  $$t -artifact_prefix=$(FUZZ_BUILD)/ -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
	    $(FUZZ_BUILD)/corpus/$$name $$(ls -d fuzz/corpus/$${name%_fuzz} tests/data/mail 2>/dev/null) || exit 1; \
	done

bench:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCVDHUB_BENCH=ON
	cmake --build $(BUILD) -j $(JOBS)
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
