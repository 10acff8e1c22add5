/* pb-timestamp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-signing-types.h"

G_BEGIN_DECLS

/* RFC 3161 time-stamps: a time-stamp authority (TSA) signs that some data
 * (given by its SHA-256) existed at a time. Used for PAdES B-T signature
 * time-stamps, and by callers for anything else worth anchoring in time
 * (the head of a case's history). */

/* Asks the TSA at @url (http://) for a time-stamp token on @sha256 (32
 * bytes) and returns the token (DER TimeStampToken, a CMS ContentInfo).
 * Blocks for at most @timeout_seconds; a TSA that cannot be reached, that
 * refuses, or that answers for other data is an error naming the URL. */
GBytes    *pb_timestamp_request (const char    *url,
                                 const guint8  *sha256,
                                 guint          timeout_seconds,
                                 GError       **error);

typedef struct
{
  GDateTime *gen_time;    /* when the TSA says it saw the data */
  char      *tsa_name;    /* the TSA certificate's subject */
  GBytes    *tsa_certificate;   /* DER */
} PbTimestampInfo;

void       pb_timestamp_info_clear (PbTimestampInfo *info);

/* Checks @token: it is a time-stamp on @sha256, signed by a TSA whose
 * certificate is for time-stamping and chains up to @trust_pem (NULL: the
 * system's trusted certificates) at @at (NULL: now). Fills @info (may be
 * NULL) whenever the token can be read, also on failure. */
gboolean   pb_timestamp_verify  (GBytes          *token,
                                 const guint8    *sha256,
                                 GBytes          *trust_pem,
                                 GDateTime       *at,
                                 PbTimestampInfo *info,
                                 GError         **error);

G_END_DECLS
