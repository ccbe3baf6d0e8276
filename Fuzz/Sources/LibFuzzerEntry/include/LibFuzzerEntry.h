#ifndef COUNTERSIGN_LIBFUZZER_ENTRY_H
#define COUNTERSIGN_LIBFUZZER_ENTRY_H

#include <stddef.h>
#include <stdint.h>

/// The signature of LLVMFuzzerTestOneInput.
typedef int (*countersign_fuzz_target)(const uint8_t *data, size_t size);

/// Runs libFuzzer (its LLVMFuzzerRunDriver, from the toolchain's libclang_rt.fuzzer) on `target`
/// with the process's command line, and returns its exit status.
///
/// SwiftPM links every executable with its own entry point (on Linux, `main` is an alias of
/// `<Module>_main`), so libFuzzer's `main` is never used: each target has an `@main` that calls
/// this instead, and the same binary takes all of libFuzzer's flags.
int countersign_run_libfuzzer(int argc, char **argv, countersign_fuzz_target target);

#endif
