/* pb-range-digest-private.h: digests of a signature's byte ranges that
 * share the work of the file's common prefix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <openssl/evp.h>

G_BEGIN_DECLS

typedef struct _PbRangeDigest PbRangeDigest;

/* Over @data (@len bytes, which must outlive it). Beyond one pass over
 * the file for each digest algorithm, the digests may hash at most
 * @budget bytes between them. */
PbRangeDigest *pb_range_digest_new    (const guint8   *data,
                                       gsize           len,
                                       guint64         budget);
void           pb_range_digest_free   (PbRangeDigest  *self);

/* A context of @md that has hashed data[@start, @start + @len) ‖
 * data[@tail, @tail + @tail_len), not finalised, for the caller to free;
 * NULL with @error set (PB_SIGNING_ERROR_FAILED) when it would take the
 * hashing beyond the budget, or PB_SIGNING_ERROR_CRYPTO when OpenSSL
 * fails. The ranges must lie within the data. Only a first range that
 * starts at 0 shares the pass; any other is hashed whole. */
EVP_MD_CTX    *pb_range_digest_get    (PbRangeDigest  *self,
                                       const EVP_MD   *md,
                                       gsize           start,
                                       gsize           len,
                                       gsize           tail,
                                       gsize           tail_len,
                                       GError        **error);

/* The bytes hashed so far, passes included. */
guint64        pb_range_digest_get_n_hashed (PbRangeDigest *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbRangeDigest, pb_range_digest_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)

G_END_DECLS
