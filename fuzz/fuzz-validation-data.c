/* fuzz-validation-data.c: what `report extend --cert/--crl/--ocsp` reads
 * from files a person names, and the time-stamp token a TSA answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input's first byte says what the rest is: certificates (DER or
 * PEM), a CRL, an OCSP response, or a time-stamp token. A file is either
 * taken or refused with PB_SIGNING_ERROR_UNREADABLE naming it; a token
 * is verified against a digest and an empty trust store and is refused
 * (nothing is trusted), with a message, never a crash or a leak.
 */

#include "config.h"

#include <openssl/x509.h>
#include <string.h>

#include "fuzz.h"
#include "pb-pdf-ltv.h"
#include "pb-signing-types.h"
#include "pb-timestamp-private.h"

#define NAME "given.der"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint kind;

  if (size < 1)
    return 0;
  kind = data[0] % 4;
  bytes = g_bytes_new (data + 1, size - 1);

  if (kind < 3)
    {
      gboolean taken = pb_validation_data_check ((PbValidationDataKind) kind, bytes, NAME, &error);

      fuzz_assert (taken == (error == NULL), "taken and an error, or neither");
      if (!taken)
        {
          fuzz_assert (g_error_matches (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE),
                       "unexpected error: %s", error->message);
          fuzz_assert (strstr (error->message, NAME) != NULL, "the refusal does not name the file");
        }
    }
  else
    {
      static const guint8 digest[32] = { 0 };
      X509_STORE *store = X509_STORE_new ();
      PbTimestampInfo info = { 0 };
      gboolean verified = pb_timestamp_verify_with_store (bytes, digest, store, NULL, &info, &error);

      fuzz_assert (!verified, "a token verified with nothing trusted");
      fuzz_assert (error != NULL && error->message != NULL && g_utf8_validate (error->message, -1, NULL),
                   "a refusal without a message in UTF-8");
      pb_timestamp_info_clear (&info);
      X509_STORE_free (store);
    }

  return 0;
}
