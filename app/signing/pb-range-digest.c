/* pb-range-digest.c: digests of a signature's byte ranges that share the
 * work of the file's common prefix
 *
 * Every signature of a file signed n times covers [0, its /Contents) and
 * what follows its /Contents to the end of its revision: n digests over
 * nearly the whole file each (64 signatures on 250 MB hashed 16 GB). The
 * prefixes are one file read once: one pass per digest algorithm keeps a
 * copy of the context every STEP bytes, and a signature's digest starts
 * from the copy before its /Contents, hashing at most STEP bytes more,
 * then its own tail. Tails are short in a file signed by incremental
 * updates; a file made to have long ones meets the budget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-range-digest"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-range-digest-private.h"
#include "pb-signing-types.h"

#define STEP (64 * 1024)

typedef struct
{
  int         nid;
  GPtrArray  *snapshots;   /* EVP_MD_CTX: [i] has hashed i * STEP bytes */
} Pass;

struct _PbRangeDigest
{
  const guint8 *data;
  gsize         len;
  guint64       budget;
  guint64       n_hashed;
  GArray       *passes;    /* Pass */
};

static void
pass_clear (Pass *pass)
{
  g_clear_pointer (&pass->snapshots, g_ptr_array_unref);
}

PbRangeDigest *
pb_range_digest_new (const guint8 *data,
                     gsize         len,
                     guint64       budget)
{
  PbRangeDigest *self = g_new0 (PbRangeDigest, 1);

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  self->data = data;
  self->len = len;
  self->budget = budget;
  self->passes = g_array_new (FALSE, TRUE, sizeof (Pass));
  g_array_set_clear_func (self->passes, (GDestroyNotify) pass_clear);
  return self;
}

void
pb_range_digest_free (PbRangeDigest *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->passes);
  g_free (self);
}

guint64
pb_range_digest_get_n_hashed (PbRangeDigest *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_hashed;
}

static gboolean
update (PbRangeDigest *self,
        EVP_MD_CTX    *ctx,
        gsize          start,
        gsize          len)
{
  self->n_hashed += len;
  return len == 0 || EVP_DigestUpdate (ctx, self->data + start, len) == 1;
}

static void
set_crypto_error (GError **error)
{
  g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CRYPTO,
               _("The signed bytes could not be hashed"));
}

/* The pass of @md over the whole file, made the first time. */
static Pass *
get_pass (PbRangeDigest  *self,
          const EVP_MD   *md,
          GError        **error)
{
  Pass pass = { EVP_MD_get_type (md), NULL };
  EVP_MD_CTX *ctx;

  for (guint i = 0; i < self->passes->len; i++)
    if (g_array_index (self->passes, Pass, i).nid == pass.nid)
      return &g_array_index (self->passes, Pass, i);

  pass.snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) EVP_MD_CTX_free);
  ctx = EVP_MD_CTX_new ();
  g_ptr_array_add (pass.snapshots, ctx);
  if (ctx == NULL || EVP_DigestInit_ex (ctx, md, NULL) != 1)
    goto failed;

  for (gsize at = 0; at + STEP <= self->len; at += STEP)
    {
      EVP_MD_CTX *next = EVP_MD_CTX_new ();

      g_ptr_array_add (pass.snapshots, next);
      if (next == NULL || EVP_MD_CTX_copy_ex (next, ctx) != 1 || !update (self, next, at, STEP))
        goto failed;
      ctx = next;
    }

  g_array_append_val (self->passes, pass);
  return &g_array_index (self->passes, Pass, self->passes->len - 1);

failed:
  pass_clear (&pass);
  set_crypto_error (error);
  return NULL;
}

EVP_MD_CTX *
pb_range_digest_get (PbRangeDigest  *self,
                     const EVP_MD   *md,
                     gsize           start,
                     gsize           len,
                     gsize           tail,
                     gsize           tail_len,
                     GError        **error)
{
  g_autoptr(EVP_MD_CTX) ctx = NULL;
  gsize from = start == 0 ? len / STEP * STEP : start;
  guint64 cost = (start + len - from) + (guint64) tail_len;
  Pass *pass = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (md != NULL, NULL);
  g_return_val_if_fail (start <= self->len && len <= self->len - start, NULL);
  g_return_val_if_fail (tail <= self->len && tail_len <= self->len - tail, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (cost > self->budget)
    {
      g_autofree char *size = g_format_size (self->budget);

      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_FAILED,
                   /* Translators: the placeholder is a size such as "1.0 GB" */
                   _("checking it would hash more than the %s left for the file’s signatures: "
                     "its byte ranges are made to be slow to check"), size);
      return NULL;
    }
  self->budget -= cost;

  if (start == 0 && !(pass = get_pass (self, md, error)))
    return NULL;

  ctx = EVP_MD_CTX_new ();
  if (ctx == NULL ||
      (pass != NULL ? EVP_MD_CTX_copy_ex (ctx, g_ptr_array_index (pass->snapshots, len / STEP))
                    : EVP_DigestInit_ex (ctx, md, NULL)) != 1 ||
      !update (self, ctx, from, start + len - from) || !update (self, ctx, tail, tail_len))
    {
      set_crypto_error (error);
      return NULL;
    }

  return g_steal_pointer (&ctx);
}
