#ifndef SEXTANT_FUZZ_DRIVER_H
#define SEXTANT_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (LLVM 11+, in libclang_rt.fuzzer): runs the fuzzing loop with `callback` as the
/// target. A fuzz executable defines its own `main` (SwiftPM renames Swift entry points on Linux, so
/// libFuzzer's own `main` cannot be used) and calls this from it.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
