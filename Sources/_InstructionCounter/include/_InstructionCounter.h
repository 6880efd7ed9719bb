// User-space instruction counting for optics-bench: Linux perf_event_open (hardware counter
// PERF_COUNT_HW_INSTRUCTIONS, exclude_kernel + exclude_hv, so it works at perf_event_paranoid 2)
// and Valgrind/Callgrind client requests (when the process runs under `valgrind --tool=callgrind`).
// Every function is total: failures are reported through return values, never by aborting.
#ifndef SEXTANT_INSTRUCTION_COUNTER_H
#define SEXTANT_INSTRUCTION_COUNTER_H
#include <stdint.h>

/// Opens a disabled user-space instruction counter for the calling thread. Returns the file
/// descriptor, or -1 with the errno value in *error (ENOENT: no hardware counter, e.g. a VM without
/// a virtual PMU; EACCES/EPERM: forbidden by perf_event_paranoid; ENOSYS: not Linux).
int sextant_perf_open_instructions(int *error);
/// Resets and enables the counter.
void sextant_perf_start(int fd);
/// Disables the counter and returns its value, or -1 when it cannot be read.
int64_t sextant_perf_stop(int fd);
void sextant_perf_close(int fd);

/// 1 when the process runs under Valgrind, else 0 (also 0 when the Valgrind headers were absent at build time).
int sextant_running_on_valgrind(void);
/// 1 when the Callgrind client requests were compiled in.
int sextant_callgrind_available(void);
/// CALLGRIND_ZERO_STATS: the counts restart from zero.
void sextant_callgrind_zero(void);
/// CALLGRIND_DUMP_STATS_AT(label): writes the counts since the last zero to the next dump file.
void sextant_callgrind_dump(const char *label);
#endif
