# Top-level entry points; the build itself is CMake (CMakeLists.txt).
#   make            build build/aisec, build/libaisec.so and build/libaisec.a
#   make check      build and run every test (unit, vectors, CLI, fuzz replay)
#   make demo       the main job: assess a shipped example, write its reports,
#                   say where the binary and reports are and how to get aisec on PATH
#   make sanitize   build under ASan+UBSan in build-asan/ and run the tests
#   make fuzz       build libFuzzer harnesses with clang in build-fuzz/
#   make fuzz-run   run every harness FUZZ_SECONDS (default 60) each, report
#                   executions and crashes (scripts/fuzz-run)
#   make bench      run the benchmarks (bench/run), results in bench/RESULTS.md
#   make install    install to PREFIX (default /usr/local); aisec.pc names PREFIX
#   make uninstall  remove what the last make install installed
BUILD ?= build
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all configure check demo sanitize fuzz fuzz-run bench install uninstall clean

all: configure
	cmake --build $(BUILD) -j $(JOBS)

configure:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)

check: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: all
	./scripts/demo

sanitize:
	$(MAKE) BUILD=build-asan CMAKE_FLAGS="-DAISEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug" check

fuzz:
	@test -f build-fuzz/CMakeCache.txt || CC=clang cmake -S . -B build-fuzz -DAISEC_FUZZ=ON -DAISEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-fuzz -j $(JOBS)

FUZZ_SECONDS ?= 60
fuzz-run: fuzz
	./scripts/fuzz-run $(FUZZ_SECONDS)

bench: all
	./bench/run

install: all
	cmake --install $(BUILD) --prefix $(PREFIX)

# every file of the last install (CMake's install_manifest.txt), then the
# folders of ours that are left empty
uninstall:
	@test -f $(BUILD)/install_manifest.txt || { echo "nothing installed from $(BUILD) (no install_manifest.txt)"; exit 1; }
	xargs -d '\n' rm -f < $(BUILD)/install_manifest.txt
	sed 's|/[^/]*$$||' $(BUILD)/install_manifest.txt | \
		awk '{ for (d = $$0; d ~ /\/aisec/; sub(/\/[^\/]*$$/, "", d)) print d }' | \
		sort -ru | xargs -d '\n' -r rmdir --ignore-fail-on-non-empty
	rm -f $(BUILD)/install_manifest.txt

clean:
	rm -rf build build-asan build-fuzz
