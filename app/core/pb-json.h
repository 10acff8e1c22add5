/* pb-json.h: reading JSON that someone handed us, and building it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper nesting is refused: json-glib's parser recurses once per level. */
#define PB_JSON_MAX_DEPTH 64

/* Parses @length bytes of @data (which need not end with a NUL) as strict
 * JSON, RFC 8259, after an optional UTF-8 byte-order mark, and returns the
 * root value. Refused, with an error
 * "DISPLAY_NAME:LINE:COLUMN: /json/pointer: message" (PB_CORE_ERROR_PARSE)
 * that names the member where it happened:
 *
 * - an empty file, invalid UTF-8, a NUL byte;
 * - what json-glib accepts but JSON does not: comments, single quotes,
 *   hexadecimal and leading zeros, unescaped control characters;
 * - nesting deeper than PB_JSON_MAX_DEPTH, which would exhaust the stack;
 * - what json-glib would silently change: a member given twice (it keeps
 *   one), "\u0000" (C strings end there), a lone surrogate (not UTF-8), an
 *   integer beyond 64 bits (it wraps), a number beyond a double's range
 *   (infinity) or so small that it reads as 0.
 */
JsonNode       *pb_json_parse           (const char  *data,
                                         gsize        length,
                                         const char  *display_name,
                                         GError     **error);
gboolean        pb_json_is_plain_string (const char  *data,
                                         gsize        length);
/* Adds the member @name to the object @builder is in: the string @value,
 * or null when @value is NULL. */
void            pb_json_add_string_member (JsonBuilder *builder,
                                           const char  *name,
                                           const char  *value);

G_END_DECLS
