// An in-process `ffprobe -show_format -show_streams`: libavformat loaded with dlopen, its reading written as
// ffprobe 5.1's JSON (fftools/ffprobe.c, show_stream and show_format) for the fields Floe reads.
//
// Built against libavformat's headers when they are installed (Debian: libavformat-dev); without them
// floe_libav_library_name returns NULL and floe_libav_open fails, and Floe runs ffprobe instead.

#include "CFloeLibav.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<libavformat/avformat.h>)
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
#include <libavutil/time.h>
#if LIBAVFORMAT_VERSION_MAJOR >= 59 && LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 24, 100)
#define FLOE_HAVE_LIBAV 1
#endif
#ifndef AV_PROFILE_UNKNOWN
#define AV_PROFILE_UNKNOWN FF_PROFILE_UNKNOWN
#endif
#endif

#ifndef FLOE_HAVE_LIBAV

const char *floe_libav_library_name(void) { return NULL; }

floe_libav *floe_libav_open(const char *library, char *error, size_t error_size) {
    (void)library;
    snprintf(error, error_size, "Floe was built without libavformat's headers");
    return NULL;
}

char *floe_libav_probe(const floe_libav *libav, const char *path, double timeout_seconds, char *error, size_t error_size) {
    (void)libav; (void)path; (void)timeout_seconds;
    snprintf(error, error_size, "Floe was built without libavformat's headers");
    return NULL;
}

#else

#include <dlfcn.h>
#include <math.h>
#include <time.h>

#define FLOE_STRINGIFY2(x) #x
#define FLOE_STRINGIFY(x) FLOE_STRINGIFY2(x)

#define FLOE_LIBAV_FUNCTIONS(X) \
    X(avformat_version) X(avcodec_version) X(avutil_version) \
    X(avformat_alloc_context) X(avformat_open_input) X(avformat_find_stream_info) X(avformat_close_input) \
    X(avio_size) X(av_guess_sample_aspect_ratio) \
    X(avcodec_descriptor_get) X(avcodec_profile_name) \
    X(av_dict_set) X(av_dict_get) X(av_dict_free) X(av_get_media_type_string) X(av_fourcc_make_string) \
    X(av_reduce) X(av_get_pix_fmt_name) X(av_get_sample_fmt_name) X(av_channel_layout_describe) \
    X(av_color_transfer_name) X(av_display_rotation_get) X(av_strerror) X(av_log_set_level)

struct floe_libav {
#define FLOE_FIELD(name) __typeof__(&name) name;
    FLOE_LIBAV_FUNCTIONS(FLOE_FIELD)
#undef FLOE_FIELD
};

const char *floe_libav_library_name(void) { return "libavformat.so." FLOE_STRINGIFY(LIBAVFORMAT_VERSION_MAJOR); }

floe_libav *floe_libav_open(const char *library, char *error, size_t error_size) {
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(error, error_size, "%s", dlerror());
        return NULL;
    }
    floe_libav *libav = calloc(1, sizeof *libav);
    if (!libav) {
        snprintf(error, error_size, "out of memory");
        goto fail;
    }
#define FLOE_LOAD(name) \
    if (!(*(void **)&libav->name = dlsym(handle, #name))) { \
        snprintf(error, error_size, "%s has no %s", library, #name); \
        goto fail; \
    }
    FLOE_LIBAV_FUNCTIONS(FLOE_LOAD)
#undef FLOE_LOAD
    unsigned format = libav->avformat_version() >> 16, codec = libav->avcodec_version() >> 16, util = libav->avutil_version() >> 16;
    if (format != LIBAVFORMAT_VERSION_MAJOR || codec != LIBAVCODEC_VERSION_MAJOR || util != LIBAVUTIL_VERSION_MAJOR) {
        snprintf(error, error_size, "%s is libavformat %u, libavcodec %u, libavutil %u; Floe was built for %d, %d, %d",
                 library, format, codec, util, LIBAVFORMAT_VERSION_MAJOR, LIBAVCODEC_VERSION_MAJOR, LIBAVUTIL_VERSION_MAJOR);
        goto fail;
    }
    libav->av_log_set_level(AV_LOG_QUIET);
    return libav;

fail:
    free(libav);
    dlclose(handle);
    return NULL;
}

// MARK: - JSON

/// A growing JSON text; `failed` once an allocation failed.
typedef struct {
    char *text;
    size_t length, capacity;
    int failed;
    /// Whether the next member or element needs a comma before it.
    int needs_comma;
} json_buffer;

static void json_append(json_buffer *json, const char *text, size_t length) {
    if (json->failed) return;
    if (json->length + length + 1 > json->capacity) {
        size_t capacity = json->capacity ? json->capacity : 1024;
        while (json->length + length + 1 > capacity) capacity *= 2;
        char *grown = realloc(json->text, capacity);
        if (!grown) { json->failed = 1; return; }
        json->text = grown;
        json->capacity = capacity;
    }
    memcpy(json->text + json->length, text, length);
    json->length += length;
    json->text[json->length] = 0;
}

static void json_raw(json_buffer *json, const char *text) { json_append(json, text, strlen(text)); }

static void json_quoted(json_buffer *json, const char *text) {
    json_raw(json, "\"");
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        char escaped[8];
        if (*c == '"' || *c == '\\') {
            escaped[0] = '\\'; escaped[1] = (char)*c; escaped[2] = 0;
        } else if (*c < 0x20) {
            snprintf(escaped, sizeof escaped, "\\u%04x", *c);
        } else {
            escaped[0] = (char)*c; escaped[1] = 0;
        }
        json_raw(json, escaped);
    }
    json_raw(json, "\"");
}

/// Writes `"key":` after a comma when a member came before.
static void json_key(json_buffer *json, const char *key) {
    if (json->needs_comma) json_raw(json, ",");
    json_quoted(json, key);
    json_raw(json, ":");
    json->needs_comma = 1;
}

static void json_open(json_buffer *json, const char *key, const char *bracket) {
    if (key) json_key(json, key);
    else if (json->needs_comma) json_raw(json, ",");
    json_raw(json, bracket);
    json->needs_comma = 0;
}

static void json_close(json_buffer *json, const char *bracket) {
    json_raw(json, bracket);
    json->needs_comma = 1;
}

/// ffprobe's `print_str`: a string member; none when `value` is NULL (ffprobe's optional fields).
static void json_string(json_buffer *json, const char *key, const char *value) {
    if (!value) return;
    json_key(json, key);
    json_quoted(json, value);
}

/// ffprobe's `print_fmt` and `print_val`: a string member formatted as printf does.
static void json_format(json_buffer *json, const char *key, const char *format, ...) {
    char value[128];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(value, sizeof value, format, arguments);
    va_end(arguments);
    json_string(json, key, value);
}

/// ffprobe's `print_int`: a number member.
static void json_int(json_buffer *json, const char *key, long long value) {
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    json_key(json, key);
    json_raw(json, text);
}

/// ffprobe's `print_q`: `num/den` or `num:den`.
static void json_rational(json_buffer *json, const char *key, AVRational value, char separator) {
    json_format(json, key, "%d%c%d", value.num, separator, value.den);
}

/// ffprobe's `print_time`: seconds with six decimals; none for a missing time.
static void json_time(json_buffer *json, const char *key, int64_t timestamp, AVRational time_base) {
    if (timestamp == AV_NOPTS_VALUE) return;
    json_format(json, key, "%f", (double)timestamp * av_q2d(time_base));
}

// MARK: - Probe

typedef struct {
    int64_t deadline;
} floe_deadline;

static int64_t floe_now_microseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

static int floe_interrupt(void *opaque) {
    return floe_now_microseconds() > ((const floe_deadline *)opaque)->deadline;
}

static void write_tags(json_buffer *json, const floe_libav *libav, const char *key, const AVDictionary *tags) {
    const AVDictionaryEntry *tag = NULL;
    int opened = 0;
    while ((tag = libav->av_dict_get(tags, "", tag, AV_DICT_IGNORE_SUFFIX))) {
        if (!opened) { json_open(json, key, "{"); opened = 1; }
        json_string(json, tag->key, tag->value);
    }
    if (opened) json_close(json, "}");
}

static void write_side_data(json_buffer *json, const floe_libav *libav, const AVStream *stream) {
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    const AVPacketSideData *side_data = stream->codecpar->coded_side_data;
    int count = stream->codecpar->nb_coded_side_data;
#else
    const AVPacketSideData *side_data = stream->side_data;
    int count = stream->nb_side_data;
#endif
    int opened = 0;
    for (int i = 0; i < count; i++) {
        const AVPacketSideData *item = &side_data[i];
        if (item->type != AV_PKT_DATA_DISPLAYMATRIX || item->size < 9 * 4) continue;
        double rotation = libav->av_display_rotation_get((const int32_t *)item->data);
        if (!isfinite(rotation)) continue;
        if (!opened) { json_open(json, "side_data_list", "["); opened = 1; }
        json_open(json, NULL, "{");
        json_string(json, "side_data_type", "Display Matrix");
        json_int(json, "rotation", (long long)rotation);
        json_close(json, "}");
    }
    if (opened) json_close(json, "]");
}

static void write_stream(json_buffer *json, const floe_libav *libav, AVFormatContext *format, AVStream *stream) {
    const AVCodecParameters *codec = stream->codecpar;
    char text[128];
    json_open(json, NULL, "{");
    json_int(json, "index", stream->index);
    const AVCodecDescriptor *descriptor = libav->avcodec_descriptor_get(codec->codec_id);
    if (descriptor) {
        json_string(json, "codec_name", descriptor->name);
        json_string(json, "codec_long_name", descriptor->long_name ? descriptor->long_name : "unknown");
    }
    const char *profile = libav->avcodec_profile_name(codec->codec_id, codec->profile);
    if (profile) json_string(json, "profile", profile);
    else if (codec->profile != AV_PROFILE_UNKNOWN) json_format(json, "profile", "%d", codec->profile);
    json_string(json, "codec_type", libav->av_get_media_type_string(codec->codec_type));
    json_string(json, "codec_tag_string", libav->av_fourcc_make_string(text, codec->codec_tag));
    json_format(json, "codec_tag", "0x%04x", codec->codec_tag);

    switch (codec->codec_type) {
    case AVMEDIA_TYPE_VIDEO: {
        json_int(json, "width", codec->width);
        json_int(json, "height", codec->height);
        json_int(json, "has_b_frames", codec->video_delay);
        AVRational sar = libav->av_guess_sample_aspect_ratio(format, stream, NULL), dar;
        if (sar.num) {
            json_rational(json, "sample_aspect_ratio", sar, ':');
            libav->av_reduce(&dar.num, &dar.den, (int64_t)codec->width * sar.num, (int64_t)codec->height * sar.den, 1024 * 1024);
            json_rational(json, "display_aspect_ratio", dar, ':');
        }
        json_string(json, "pix_fmt", libav->av_get_pix_fmt_name(codec->format));
        json_int(json, "level", codec->level);
        if (codec->color_trc != AVCOL_TRC_UNSPECIFIED) json_string(json, "color_transfer", libav->av_color_transfer_name(codec->color_trc));
        break;
    }
    case AVMEDIA_TYPE_AUDIO:
        json_string(json, "sample_fmt", libav->av_get_sample_fmt_name(codec->format));
        json_format(json, "sample_rate", "%d", codec->sample_rate);
        json_int(json, "channels", codec->ch_layout.nb_channels);
        if (codec->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC && libav->av_channel_layout_describe(&codec->ch_layout, text, sizeof text) >= 0)
            json_string(json, "channel_layout", text);
        break;
    case AVMEDIA_TYPE_SUBTITLE:
        if (codec->width) json_int(json, "width", codec->width);
        if (codec->height) json_int(json, "height", codec->height);
        break;
    default:
        break;
    }

    json_rational(json, "r_frame_rate", stream->r_frame_rate, '/');
    json_rational(json, "avg_frame_rate", stream->avg_frame_rate, '/');
    json_rational(json, "time_base", stream->time_base, '/');
    json_time(json, "start_time", stream->start_time, stream->time_base);
    json_time(json, "duration", stream->duration, stream->time_base);
    if (codec->bit_rate > 0) json_format(json, "bit_rate", "%lld", (long long)codec->bit_rate);
    if (stream->nb_frames) json_format(json, "nb_frames", "%lld", (long long)stream->nb_frames);
    json_open(json, "disposition", "{");
    json_int(json, "default", !!(stream->disposition & AV_DISPOSITION_DEFAULT));
    json_int(json, "attached_pic", !!(stream->disposition & AV_DISPOSITION_ATTACHED_PIC));
    json_close(json, "}");
    write_tags(json, libav, "tags", stream->metadata);
    write_side_data(json, libav, stream);
    json_close(json, "}");
}

static void write_format(json_buffer *json, const floe_libav *libav, AVFormatContext *format) {
    json_open(json, "format", "{");
    json_int(json, "nb_streams", format->nb_streams);
    json_int(json, "nb_programs", format->nb_programs);
    json_string(json, "format_name", format->iformat->name);
    json_time(json, "start_time", format->start_time, AV_TIME_BASE_Q);
    json_time(json, "duration", format->duration, AV_TIME_BASE_Q);
    int64_t size = format->pb ? libav->avio_size(format->pb) : -1;
    if (size >= 0) json_format(json, "size", "%lld", (long long)size);
    if (format->bit_rate > 0) json_format(json, "bit_rate", "%lld", (long long)format->bit_rate);
    json_int(json, "probe_score", format->probe_score);
    write_tags(json, libav, "tags", format->metadata);
    json_close(json, "}");
}

static void describe_error(const floe_libav *libav, int code, char *error, size_t error_size) {
    if (libav->av_strerror(code, error, error_size) < 0) snprintf(error, error_size, "libav error %d", code);
}

char *floe_libav_probe(const floe_libav *libav, const char *path, double timeout_seconds, char *error, size_t error_size) {
    floe_deadline deadline = { floe_now_microseconds() + (int64_t)(timeout_seconds * 1e6) };
    AVFormatContext *format = libav->avformat_alloc_context();
    if (!format) {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    format->interrupt_callback.callback = floe_interrupt;
    format->interrupt_callback.opaque = &deadline;
    AVDictionary *options = NULL;
    libav->av_dict_set(&options, "protocol_whitelist", "file", 0);
    libav->av_dict_set(&options, "scan_all_pmts", "1", 0);
    int status = libav->avformat_open_input(&format, path, NULL, &options);
    libav->av_dict_free(&options);
    if (status < 0) { // avformat_open_input frees the context when it fails
        describe_error(libav, status, error, error_size);
        return NULL;
    }
    status = libav->avformat_find_stream_info(format, NULL);
    if (status < 0) {
        describe_error(libav, status, error, error_size);
        libav->avformat_close_input(&format);
        return NULL;
    }

    json_buffer json = { 0 };
    json_open(&json, NULL, "{");
    json_open(&json, "streams", "[");
    for (unsigned i = 0; i < format->nb_streams; i++) write_stream(&json, libav, format, format->streams[i]);
    json_close(&json, "]");
    write_format(&json, libav, format);
    json_close(&json, "}");
    libav->avformat_close_input(&format);
    if (json.failed) {
        free(json.text);
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    return json.text;
}

#endif
