/* pb-http-private.h: ASN.1 over plain HTTP (time-stamps, OCSP, CRLs)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* POSTs @body to @url (http:// only) and returns the answer, which must
 * have @expected_type and at most @max_size bytes, within
 * @timeout_seconds. The error (PB_SIGNING_ERROR_TSA_UNREACHABLE, the caller
 * rewords it) carries OpenSSL's reason. */
GBytes *pb_http_post (const char  *url,
                      const char  *content_type,
                      GBytes      *body,
                      const char  *expected_type,
                      gsize        max_size,
                      guint        timeout_seconds,
                      GError     **error);
/* GETs @url, any content type. */
GBytes *pb_http_get  (const char  *url,
                      gsize        max_size,
                      guint        timeout_seconds,
                      GError     **error);

G_END_DECLS
