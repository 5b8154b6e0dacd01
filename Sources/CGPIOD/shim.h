#ifndef ROLLMON_CGPIOD_SHIM_H
#define ROLLMON_CGPIOD_SHIM_H
// One header over libgpiod v1 (1.6.x) and v2 (2.1+), plus i2c-dev and libi2c (SMBus) declarations, the two
// i2c-dev ioctls as plain functions, and the read of the kernel clock's synchronisation status.
//
// Swift sees only the rm_gpio_* functions below; they behave the same on both libgpiod APIs. Every function that can
// fail returns NULL or -1 and leaves the reason in errno (libgpiod sets errno on both versions), so the Swift side
// turns failures into SystemPackage.Errno in one place.
//
// Which API is installed is detected from the header itself: libgpiod v1's gpiod.h defines GPIOD_LINE_BULK_MAX_LINES
// (the fixed size of struct gpiod_line_bulk); v2 replaced bulks with line requests and has no such macro.
//
// This is a system-library target, which cannot hold .c files, hence everything is `static inline`.
#include <gpiod.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <i2c/smbus.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/timex.h>
#include <time.h>

// ---- i2c-dev ioctls (Linux Documentation/i2c/dev-interface.rst) ----
// ioctl(2) is variadic, which Swift cannot call; these fixed-signature wrappers can. 0, or -1 + errno.

/// ioctl(fd, I2C_SLAVE, address): the 7-bit address every later SMBus call on fd talks to.
static inline int rm_i2c_set_slave_address(int fd, unsigned char address) {
    return ioctl(fd, I2C_SLAVE, (unsigned long)address) < 0 ? -1 : 0;
}

/// ioctl(fd, I2C_FUNCS, &funcs): the adapter's I2C_FUNC_* bits.
static inline int rm_i2c_functionality(int fd, unsigned long *funcs) {
    return ioctl(fd, I2C_FUNCS, funcs) < 0 ? -1 : 0;
}

// ---- kernel clock status (adjtimex(2); Swift's Glibc module does not carry <sys/timex.h>) ----

/// adjtimex with modes = 0 only reads, which any user may. 1 when the kernel clock is synchronised (state not
/// TIME_ERROR and STA_UNSYNC clear: what `timedatectl` reports as "System clock synchronized"), 0 when not, -1 + errno.
static inline int rm_clock_synchronised(void) {
    struct timex tx;
    memset(&tx, 0, sizeof tx);
    int state = adjtimex(&tx);
    if (state == -1) return -1;
    return (state != TIME_ERROR && (tx.status & STA_UNSYNC) == 0) ? 1 : 0;
}

#ifdef GPIOD_LINE_BULK_MAX_LINES
#define RM_GPIOD_API 1
#define RM_GPIO_MAX_LINES GPIOD_LINE_BULK_MAX_LINES
#else
#define RM_GPIOD_API 2
// v2 has no fixed limit; the kernel's uAPI v2 allows GPIO_V2_LINES_MAX (64) lines per request.
#define RM_GPIO_MAX_LINES 64
#endif

// Bias values understood by rm_gpio_request_input.
enum { RM_GPIO_BIAS_AS_IS = 0, RM_GPIO_BIAS_DISABLED = 1, RM_GPIO_BIAS_PULL_UP = 2, RM_GPIO_BIAS_PULL_DOWN = 3 };
// Edge detection values understood by rm_gpio_request_input.
enum { RM_GPIO_EDGE_NONE = 0, RM_GPIO_EDGE_RISING = 1, RM_GPIO_EDGE_FALLING = 2, RM_GPIO_EDGE_BOTH = 3 };
// Edge event kinds reported in rm_gpio_edge.kind.
enum { RM_GPIO_EVENT_RISING = 1, RM_GPIO_EVENT_FALLING = 2 };

/// One edge event: kind (RM_GPIO_EVENT_*), kernel timestamp in ns (CLOCK_MONOTONIC), line offset.
typedef struct rm_gpio_edge {
    int kind;
    uint64_t timestamp_ns;
    unsigned int offset;
} rm_gpio_edge;

typedef struct rm_gpio_chip {
    struct gpiod_chip *chip;
} rm_gpio_chip;

typedef struct rm_gpio_request {
#if RM_GPIOD_API == 1
    struct gpiod_line_bulk bulk;
#else
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *buffer;
#endif
    unsigned int offsets[RM_GPIO_MAX_LINES];
    unsigned int num_lines;
} rm_gpio_request;

/// 1 for libgpiod 1.x, 2 for libgpiod 2.x.
static inline int rm_gpio_api_version(void) { return RM_GPIOD_API; }

/// 1 if the library can ask the kernel to debounce inputs (v2 only; v1's request config has no debounce field).
static inline int rm_gpio_kernel_debounce_supported(void) { return RM_GPIOD_API == 2 ? 1 : 0; }

/// Opens a chip by its device path (e.g. "/dev/gpiochip0"). NULL + errno on failure.
static inline rm_gpio_chip *rm_gpio_chip_open(const char *path) {
    struct gpiod_chip *chip = gpiod_chip_open(path);
    if (chip == NULL) return NULL;
    rm_gpio_chip *handle = (rm_gpio_chip *)calloc(1, sizeof(rm_gpio_chip));
    if (handle == NULL) { gpiod_chip_close(chip); errno = ENOMEM; return NULL; }
    handle->chip = chip;
    return handle;
}

static inline void rm_gpio_chip_close(rm_gpio_chip *handle) {
    if (handle == NULL) return;
    gpiod_chip_close(handle->chip);
    free(handle);
}

static inline void rm_gpio_copy_string(char *dst, size_t cap, const char *src) {
    if (dst == NULL || cap == 0) return;
    if (src == NULL) src = "";
    strncpy(dst, src, cap - 1);
    dst[cap - 1] = '\0';
}

/// Chip name ("gpiochip0"), label ("pinctrl-bcm2711") and number of lines. 0, or -1 + errno.
static inline int rm_gpio_chip_info(rm_gpio_chip *handle, char *name, size_t name_cap, char *label, size_t label_cap,
                                    unsigned int *num_lines) {
#if RM_GPIOD_API == 1
    rm_gpio_copy_string(name, name_cap, gpiod_chip_name(handle->chip));
    rm_gpio_copy_string(label, label_cap, gpiod_chip_label(handle->chip));
    *num_lines = gpiod_chip_num_lines(handle->chip);
    return 0;
#else
    struct gpiod_chip_info *info = gpiod_chip_get_info(handle->chip);
    if (info == NULL) return -1;
    rm_gpio_copy_string(name, name_cap, gpiod_chip_info_get_name(info));
    rm_gpio_copy_string(label, label_cap, gpiod_chip_info_get_label(info));
    *num_lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return 0;
#endif
}

/// Line info: name (may be empty), whether it is in use, and by whom (consumer, may be empty). 0, or -1 + errno.
static inline int rm_gpio_line_info(rm_gpio_chip *handle, unsigned int offset, char *name, size_t name_cap,
                                    int *used, char *consumer, size_t consumer_cap) {
#if RM_GPIOD_API == 1
    // gpiod_chip_get_line() refreshes the line's info from the kernel (1.6: it calls gpiod_line_update()).
    struct gpiod_line *line = gpiod_chip_get_line(handle->chip, offset);
    if (line == NULL) return -1;
    rm_gpio_copy_string(name, name_cap, gpiod_line_name(line));
    *used = gpiod_line_is_used(line) ? 1 : 0;
    rm_gpio_copy_string(consumer, consumer_cap, gpiod_line_consumer(line));
    return 0;
#else
    struct gpiod_line_info *info = gpiod_chip_get_line_info(handle->chip, offset);
    if (info == NULL) return -1;
    rm_gpio_copy_string(name, name_cap, gpiod_line_info_get_name(info));
    *used = gpiod_line_info_is_used(info) ? 1 : 0;
    rm_gpio_copy_string(consumer, consumer_cap, gpiod_line_info_get_consumer(info));
    gpiod_line_info_free(info);
    return 0;
#endif
}

#if RM_GPIOD_API == 2
static inline enum gpiod_line_bias rm_gpio_v2_bias(int bias) {
    switch (bias) {
    case RM_GPIO_BIAS_DISABLED: return GPIOD_LINE_BIAS_DISABLED;
    case RM_GPIO_BIAS_PULL_UP: return GPIOD_LINE_BIAS_PULL_UP;
    case RM_GPIO_BIAS_PULL_DOWN: return GPIOD_LINE_BIAS_PULL_DOWN;
    default: return GPIOD_LINE_BIAS_AS_IS;
    }
}

static inline enum gpiod_line_edge rm_gpio_v2_edge(int edge) {
    switch (edge) {
    case RM_GPIO_EDGE_RISING: return GPIOD_LINE_EDGE_RISING;
    case RM_GPIO_EDGE_FALLING: return GPIOD_LINE_EDGE_FALLING;
    case RM_GPIO_EDGE_BOTH: return GPIOD_LINE_EDGE_BOTH;
    default: return GPIOD_LINE_EDGE_NONE;
    }
}

/// Builds and submits a v2 request; `settings_for(i)` is expressed as per-line arrays so inputs and outputs share it.
static inline rm_gpio_request *rm_gpio_v2_request(rm_gpio_chip *handle, const char *consumer,
                                                  const unsigned int *offsets, size_t n, int is_output,
                                                  const int *initial_values, int bias, int edge,
                                                  unsigned long debounce_us) {
    rm_gpio_request *req = NULL;
    struct gpiod_line_settings *settings = NULL;
    struct gpiod_line_config *line_cfg = NULL;
    struct gpiod_request_config *req_cfg = NULL;
    int saved = 0;

    req = (rm_gpio_request *)calloc(1, sizeof(rm_gpio_request));
    settings = gpiod_line_settings_new();
    line_cfg = gpiod_line_config_new();
    req_cfg = gpiod_request_config_new();
    if (req == NULL || settings == NULL || line_cfg == NULL || req_cfg == NULL) { saved = ENOMEM; goto fail; }

    gpiod_request_config_set_consumer(req_cfg, consumer);
    for (size_t i = 0; i < n; i++) {
        gpiod_line_settings_reset(settings);
        if (is_output) {
            gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT);
            gpiod_line_settings_set_output_value(settings, initial_values && initial_values[i]
                                                               ? GPIOD_LINE_VALUE_ACTIVE
                                                               : GPIOD_LINE_VALUE_INACTIVE);
        } else {
            gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT);
            gpiod_line_settings_set_bias(settings, rm_gpio_v2_bias(bias));
            gpiod_line_settings_set_edge_detection(settings, rm_gpio_v2_edge(edge));
            gpiod_line_settings_set_debounce_period_us(settings, debounce_us);
            // Edge timestamps on CLOCK_MONOTONIC (the default, said explicitly so v1 and v2 agree).
            gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC);
        }
        if (gpiod_line_config_add_line_settings(line_cfg, &offsets[i], 1, settings) < 0) { saved = errno; goto fail; }
    }
    req->request = gpiod_chip_request_lines(handle->chip, req_cfg, line_cfg);
    if (req->request == NULL) { saved = errno; goto fail; }
    if (!is_output && edge != RM_GPIO_EDGE_NONE) {
        req->buffer = gpiod_edge_event_buffer_new(16 * n);
        if (req->buffer == NULL) { saved = ENOMEM; gpiod_line_request_release(req->request); goto fail; }
    }
    gpiod_line_settings_free(settings);
    gpiod_line_config_free(line_cfg);
    gpiod_request_config_free(req_cfg);
    return req;
fail:
    if (settings) gpiod_line_settings_free(settings);
    if (line_cfg) gpiod_line_config_free(line_cfg);
    if (req_cfg) gpiod_request_config_free(req_cfg);
    free(req);
    errno = saved;
    return NULL;
}
#endif

#if RM_GPIOD_API == 1
static inline rm_gpio_request *rm_gpio_v1_request(rm_gpio_chip *handle, const char *consumer,
                                                  const unsigned int *offsets, size_t n, int is_output,
                                                  const int *initial_values, int bias, int edge) {
    rm_gpio_request *req = (rm_gpio_request *)calloc(1, sizeof(rm_gpio_request));
    if (req == NULL) { errno = ENOMEM; return NULL; }
    gpiod_line_bulk_init(&req->bulk);
    for (size_t i = 0; i < n; i++) {
        struct gpiod_line *line = gpiod_chip_get_line(handle->chip, offsets[i]);
        if (line == NULL) { int saved = errno; free(req); errno = saved; return NULL; }
        gpiod_line_bulk_add(&req->bulk, line);
    }
    struct gpiod_line_request_config config;
    memset(&config, 0, sizeof(config));
    config.consumer = consumer;
    if (is_output) {
        config.request_type = GPIOD_LINE_REQUEST_DIRECTION_OUTPUT;
    } else {
        switch (edge) {
        case RM_GPIO_EDGE_RISING: config.request_type = GPIOD_LINE_REQUEST_EVENT_RISING_EDGE; break;
        case RM_GPIO_EDGE_FALLING: config.request_type = GPIOD_LINE_REQUEST_EVENT_FALLING_EDGE; break;
        case RM_GPIO_EDGE_BOTH: config.request_type = GPIOD_LINE_REQUEST_EVENT_BOTH_EDGES; break;
        default: config.request_type = GPIOD_LINE_REQUEST_DIRECTION_INPUT; break;
        }
        switch (bias) {
        case RM_GPIO_BIAS_DISABLED: config.flags = GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE; break;
        case RM_GPIO_BIAS_PULL_UP: config.flags = GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP; break;
        case RM_GPIO_BIAS_PULL_DOWN: config.flags = GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN; break;
        default: config.flags = 0; break;
        }
    }
    int defaults[RM_GPIO_MAX_LINES];
    for (size_t i = 0; i < n; i++) defaults[i] = (initial_values && initial_values[i]) ? 1 : 0;
    if (gpiod_line_request_bulk(&req->bulk, &config, defaults) < 0) {
        int saved = errno;
        free(req);
        errno = saved;
        return NULL;
    }
    return req;
}
#endif

static inline rm_gpio_request *rm_gpio_request_lines(rm_gpio_chip *handle, const char *consumer,
                                                     const unsigned int *offsets, size_t n, int is_output,
                                                     const int *initial_values, int bias, int edge,
                                                     unsigned long debounce_us) {
    if (handle == NULL || offsets == NULL || n == 0 || n > RM_GPIO_MAX_LINES) { errno = EINVAL; return NULL; }
#if RM_GPIOD_API == 1
    (void)debounce_us; // v1 cannot debounce in the kernel; the Swift layer filters edges instead.
    rm_gpio_request *req = rm_gpio_v1_request(handle, consumer, offsets, n, is_output, initial_values, bias, edge);
#else
    rm_gpio_request *req =
        rm_gpio_v2_request(handle, consumer, offsets, n, is_output, initial_values, bias, edge, debounce_us);
#endif
    if (req == NULL) return NULL;
    for (size_t i = 0; i < n; i++) req->offsets[i] = offsets[i];
    req->num_lines = (unsigned int)n;
    return req;
}

/// Input lines with bias (RM_GPIO_BIAS_*), edge detection (RM_GPIO_EDGE_*) and, on v2, a kernel debounce period.
static inline rm_gpio_request *rm_gpio_request_input(rm_gpio_chip *handle, const char *consumer,
                                                     const unsigned int *offsets, size_t n, int bias, int edge,
                                                     unsigned long debounce_us) {
    return rm_gpio_request_lines(handle, consumer, offsets, n, 0, NULL, bias, edge, debounce_us);
}

/// Output lines driven to initial_values[i] (0/1) as soon as they are requested.
static inline rm_gpio_request *rm_gpio_request_output(rm_gpio_chip *handle, const char *consumer,
                                                      const unsigned int *offsets, size_t n,
                                                      const int *initial_values) {
    return rm_gpio_request_lines(handle, consumer, offsets, n, 1, initial_values, RM_GPIO_BIAS_AS_IS,
                                 RM_GPIO_EDGE_NONE, 0);
}

static inline void rm_gpio_request_release(rm_gpio_request *req) {
    if (req == NULL) return;
#if RM_GPIOD_API == 1
    gpiod_line_release_bulk(&req->bulk);
#else
    if (req->buffer) gpiod_edge_event_buffer_free(req->buffer);
    gpiod_line_request_release(req->request);
#endif
    free(req);
}

static inline int rm_gpio_index_of(const rm_gpio_request *req, unsigned int offset) {
    for (unsigned int i = 0; i < req->num_lines; i++)
        if (req->offsets[i] == offset) return (int)i;
    return -1;
}

/// 0 or 1, or -1 + errno.
static inline int rm_gpio_get_value(rm_gpio_request *req, unsigned int offset) {
    int index = rm_gpio_index_of(req, offset);
    if (index < 0) { errno = EINVAL; return -1; }
#if RM_GPIOD_API == 1
    return gpiod_line_get_value(gpiod_line_bulk_get_line(&req->bulk, (unsigned int)index));
#else
    return (int)gpiod_line_request_get_value(req->request, offset);
#endif
}

/// 0, or -1 + errno.
static inline int rm_gpio_set_value(rm_gpio_request *req, unsigned int offset, int value) {
    int index = rm_gpio_index_of(req, offset);
    if (index < 0) { errno = EINVAL; return -1; }
#if RM_GPIOD_API == 1
    return gpiod_line_set_value(gpiod_line_bulk_get_line(&req->bulk, (unsigned int)index), value ? 1 : 0);
#else
    return gpiod_line_request_set_value(req->request, offset,
                                        value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
#endif
}

/// Waits up to timeout_ns (negative: forever) for an edge event on any line. 1 = pending, 0 = timeout, -1 + errno.
static inline int rm_gpio_wait_edges(rm_gpio_request *req, int64_t timeout_ns) {
#if RM_GPIOD_API == 1
    struct gpiod_line_bulk ready;
    struct timespec ts;
    const struct timespec *timeout = NULL;
    if (timeout_ns >= 0) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000LL);
        ts.tv_nsec = (long)(timeout_ns % 1000000000LL);
        timeout = &ts;
    }
    return gpiod_line_event_wait_bulk(&req->bulk, timeout, &ready);
#else
    if (req->buffer == NULL) { errno = EINVAL; return -1; }
    return gpiod_line_request_wait_edge_events(req->request, timeout_ns);
#endif
}

/// Reads up to max pending events without blocking past what is queued (call after rm_gpio_wait_edges returned 1).
/// Returns the number stored in out, or -1 + errno.
static inline int rm_gpio_read_edges(rm_gpio_request *req, rm_gpio_edge *out, size_t max) {
#if RM_GPIOD_API == 1
    // v1 reads per line: find the lines with queued events (zero timeout), then drain each.
    struct gpiod_line_bulk ready;
    struct timespec zero = {0, 0};
    int rc = gpiod_line_event_wait_bulk(&req->bulk, &zero, &ready);
    if (rc <= 0) return rc;
    size_t count = 0;
    for (unsigned int i = 0; i < gpiod_line_bulk_num_lines(&ready) && count < max; i++) {
        struct gpiod_line *line = gpiod_line_bulk_get_line(&ready, i);
        struct gpiod_line_event events[16];
        size_t want = max - count < 16 ? max - count : 16;
        int got = gpiod_line_event_read_multiple(line, events, (unsigned int)want);
        if (got < 0) return -1;
        for (int k = 0; k < got; k++) {
            out[count].kind = events[k].event_type == GPIOD_LINE_EVENT_RISING_EDGE ? RM_GPIO_EVENT_RISING
                                                                                   : RM_GPIO_EVENT_FALLING;
            out[count].timestamp_ns =
                (uint64_t)events[k].ts.tv_sec * 1000000000ULL + (uint64_t)events[k].ts.tv_nsec;
            out[count].offset = gpiod_line_offset(line);
            count++;
        }
    }
    return (int)count;
#else
    if (req->buffer == NULL) { errno = EINVAL; return -1; }
    size_t capacity = gpiod_edge_event_buffer_get_capacity(req->buffer);
    size_t want = max < capacity ? max : capacity;
    int got = gpiod_line_request_read_edge_events(req->request, req->buffer, want);
    if (got < 0) return -1;
    for (int k = 0; k < got; k++) {
        struct gpiod_edge_event *event = gpiod_edge_event_buffer_get_event(req->buffer, (unsigned long)k);
        out[k].kind = gpiod_edge_event_get_event_type(event) == GPIOD_EDGE_EVENT_RISING_EDGE ? RM_GPIO_EVENT_RISING
                                                                                            : RM_GPIO_EVENT_FALLING;
        out[k].timestamp_ns = gpiod_edge_event_get_timestamp_ns(event);
        out[k].offset = gpiod_edge_event_get_line_offset(event);
    }
    return got;
#endif
}

#endif
