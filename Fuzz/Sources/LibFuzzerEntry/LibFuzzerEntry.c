#include "LibFuzzerEntry.h"

// Defined by libFuzzer (compiler-rt, LLVM 13 and later), linked by -sanitize=fuzzer.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int countersign_run_libfuzzer(int argc, char **argv, countersign_fuzz_target target) {
    return LLVMFuzzerRunDriver(&argc, &argv, target);
}
