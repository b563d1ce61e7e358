#ifndef CFLOE_LIBAV_H
#define CFLOE_LIBAV_H

#include <stddef.h>

/// libavformat, loaded at run time with `dlopen`: the functions an in-process probe calls.
typedef struct floe_libav floe_libav;

/// The file name of the libavformat these sources were built against (`libavformat.so.59`), or NULL when
/// they were built without libavformat's headers and no library can be used.
const char *floe_libav_library_name(void);

/// Loads `library` (a file name `dlopen` looks up, or a path) and the libavcodec and libavutil it links, and
/// checks their major versions against the headers'. Returns NULL, with a message in `error`, when the
/// library is missing, is another major version, or lacks a function. The libraries stay loaded.
floe_libav *floe_libav_open(const char *library, char *error, size_t error_size);

/// Reads the local file at `path` as `ffprobe -print_format json -show_format -show_streams` does and
/// returns the same JSON (the fields Floe reads), allocated with `malloc`; the caller frees it. Opens only
/// local files (the `file` protocol, for a playlist's segments too) and gives up after `timeout_seconds`.
/// Returns NULL, with libav's message in `error`, when the file cannot be read.
char *floe_libav_probe(const floe_libav *libav, const char *path, double timeout_seconds, char *error, size_t error_size);

#endif
