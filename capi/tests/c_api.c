/*
 * The C interface as a C program uses it (built and run by
 * capi/tests/c_program.rs with the system's cc). Usage:
 *   c_api FIXTURE EXPECTED_REPORTS
 * Exits 0 when every check holds, prints the failed check otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gostack.h"

static int failures = 0;
#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            failures++;                                                        \
        }                                                                      \
    } while (0)

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    fclose(f);
    return buf;
}

/* A growing string. */
typedef struct {
    char *buf;
    size_t len, cap;
} str_buf;

static void append_line(str_buf *b, const char *s, size_t n) {
    if (b->len + n + 2 > b->cap) {
        b->cap = (b->len + n + 2) * 2;
        b->buf = realloc(b->buf, b->cap);
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len++] = '\n';
    b->buf[b->len] = '\0';
}

static size_t count_lines(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: c_api FIXTURE EXPECTED_REPORTS\n");
        return 2;
    }
    size_t len = 0;
    char *input = read_file(argv[1], &len);
    CHECK(input != NULL);
    if (!input) return 1;
    size_t expected = (size_t)strtoul(argv[2], NULL, 10);

    CHECK(strcmp(gostack_version(), "0.1.0") == 0);

    /* A whole buffer, every format: one line per report. */
    for (int f = GOSTACK_FORMAT_NDJSON; f <= GOSTACK_FORMAT_ECS; f++) {
        char *out = NULL;
        size_t out_len = 0;
        CHECK(gostack_parse((const uint8_t *)input, len, f, &out, &out_len) == GOSTACK_OK);
        CHECK(out != NULL);
        if (!out) continue;
        CHECK(strlen(out) == out_len);
        CHECK(count_lines(out) == expected);
        if (f == GOSTACK_FORMAT_NDJSON) CHECK(strncmp(out, "{\"version\":1,", 13) == 0);
        if (f == GOSTACK_FORMAT_SENTRY) CHECK(strstr(out, "\"platform\":\"go\"") != NULL);
        gostack_string_free(out);
    }

    /* Errors: a bad format, NULL pointers; nothing crashes. */
    char *out = (char *)1;
    CHECK(gostack_parse((const uint8_t *)input, len, 99, &out, NULL) == GOSTACK_ERR_FORMAT);
    CHECK(out == NULL);
    CHECK(gostack_parse(NULL, 5, GOSTACK_FORMAT_NDJSON, &out, NULL) == GOSTACK_ERR_NULL);
    CHECK(gostack_parse((const uint8_t *)input, len, GOSTACK_FORMAT_NDJSON, NULL, NULL) == GOSTACK_ERR_NULL);
    CHECK(gostack_parse(NULL, 0, GOSTACK_FORMAT_NDJSON, &out, NULL) == GOSTACK_OK);
    CHECK(out != NULL && out[0] == '\0');
    gostack_string_free(out);
    CHECK(gostack_scanner_new(7) == NULL);
    CHECK(gostack_scanner_feed(NULL, (const uint8_t *)"x", 1) == GOSTACK_ERR_NULL);
    gostack_scanner_free(NULL);
    gostack_string_free(NULL);

    /* Streaming: the input fed in 7-byte pieces, reports taken as they
     * complete; the same reports as the whole buffer. */
    char *whole = NULL;
    CHECK(gostack_parse((const uint8_t *)input, len, GOSTACK_FORMAT_NDJSON, &whole, NULL) == GOSTACK_OK);
    gostack_scanner *s = gostack_scanner_new(GOSTACK_FORMAT_NDJSON);
    CHECK(s != NULL);
    size_t taken = 0;
    str_buf joined = {calloc(1, 1), 0, 1};
    for (size_t off = 0; off < len; off += 7) {
        size_t n = len - off < 7 ? len - off : 7;
        CHECK(gostack_scanner_feed(s, (const uint8_t *)input + off, n) == GOSTACK_OK);
        char *r;
        size_t rl;
        while ((r = gostack_scanner_next(s, &rl)) != NULL) {
            CHECK(strlen(r) == rl);
            append_line(&joined, r, rl);
            taken++;
            gostack_string_free(r);
        }
    }
    CHECK(gostack_scanner_finish(s) == GOSTACK_OK);
    CHECK(gostack_scanner_pending(s) == expected - taken);
    char *r;
    size_t rl;
    while ((r = gostack_scanner_next(s, &rl)) != NULL) {
        append_line(&joined, r, rl);
        taken++;
        gostack_string_free(r);
    }
    CHECK(taken == expected);
    CHECK(whole != NULL && strcmp(joined.buf, whole) == 0);
    CHECK(gostack_scanner_feed(s, (const uint8_t *)"x\n", 2) == GOSTACK_ERR_FINISHED);
    CHECK(gostack_scanner_finish(s) == GOSTACK_OK);
    gostack_scanner_free(s);
    free(joined.buf);
    gostack_string_free(whole);

    /* Two sources interleaved: each report carries its source. */
    s = gostack_scanner_new(GOSTACK_FORMAT_NDJSON);
    size_t half = len / 2;
    CHECK(gostack_scanner_feed_source(s, "api", (const uint8_t *)input, half) == GOSTACK_OK);
    CHECK(gostack_scanner_feed_source(s, "worker", (const uint8_t *)input, half) == GOSTACK_OK);
    CHECK(gostack_scanner_feed_source(s, "api", (const uint8_t *)input + half, len - half) == GOSTACK_OK);
    CHECK(gostack_scanner_feed_source(s, "worker", (const uint8_t *)input + half, len - half) == GOSTACK_OK);
    CHECK(gostack_scanner_feed_source(s, NULL, (const uint8_t *)input, 1) == GOSTACK_ERR_NULL);
    CHECK(gostack_scanner_feed_source(s, "\xff", (const uint8_t *)input, 1) == GOSTACK_ERR_UTF8);
    CHECK(gostack_scanner_finish(s) == GOSTACK_OK);
    size_t api = 0, worker = 0;
    while ((r = gostack_scanner_next(s, NULL)) != NULL) {
        api += strstr(r, "\"source\":\"api\"") != NULL;
        worker += strstr(r, "\"source\":\"worker\"") != NULL;
        gostack_string_free(r);
    }
    CHECK(api == expected && worker == expected);
    gostack_scanner_free(s);

    free(input);
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("c_api: all checks passed (%zu reports)\n", expected);
    return 0;
}
