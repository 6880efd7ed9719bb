#include "_InstructionCounter.h"
#include <errno.h>
#include <string.h>

#if defined(__linux__)
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int sextant_perf_open_instructions(int *error) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_HARDWARE;
    attr.config = PERF_COUNT_HW_INSTRUCTIONS;
    attr.disabled = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    if (fd < 0) {
        if (error) *error = errno;
        return -1;
    }
    if (error) *error = 0;
    return (int)fd;
}

void sextant_perf_start(int fd) {
    ioctl(fd, PERF_EVENT_IOC_RESET, 0);
    ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
}

int64_t sextant_perf_stop(int fd) {
    ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
    int64_t value = 0;
    if (read(fd, &value, sizeof value) != (ssize_t)sizeof value) return -1;
    return value;
}

void sextant_perf_close(int fd) { close(fd); }
#else
int sextant_perf_open_instructions(int *error) { if (error) *error = ENOSYS; return -1; }
void sextant_perf_start(int fd) { (void)fd; }
int64_t sextant_perf_stop(int fd) { (void)fd; return -1; }
void sextant_perf_close(int fd) { (void)fd; }
#endif

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#define SEXTANT_HAVE_CALLGRIND 1
#include <valgrind/callgrind.h>
#endif
#endif

#ifdef SEXTANT_HAVE_CALLGRIND
int sextant_running_on_valgrind(void) { return RUNNING_ON_VALGRIND ? 1 : 0; }
int sextant_callgrind_available(void) { return 1; }
void sextant_callgrind_zero(void) { CALLGRIND_ZERO_STATS; }
void sextant_callgrind_dump(const char *label) { CALLGRIND_DUMP_STATS_AT(label); }
#else
int sextant_running_on_valgrind(void) { return 0; }
int sextant_callgrind_available(void) { return 0; }
void sextant_callgrind_zero(void) {}
void sextant_callgrind_dump(const char *label) { (void)label; }
#endif
