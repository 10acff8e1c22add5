/* fuzz-pdf.c: the PDF parser and the signature validator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is parsed as a PDF, every object of every revision is read and
 * resolved, and its signatures are validated against the test CA that
 * signed the seeds (fuzz/pdf-ca.pem), at a fixed time.
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "pb-pdf-parser.h"
#include "pb-pdf-validation.h"

static PbValidationOptions options;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *path = g_build_filename (PB_SOURCE_DIR, "fuzz", "pdf-ca.pem", NULL);
  g_autoptr(GError) error = NULL;
  char *pem;
  gsize length;

  fuzz_init ();
  if (!g_file_get_contents (path, &pem, &length, &error))
    g_error ("%s", error->message);

  options.trust_pem = g_bytes_new_take (pem, length);
  options.trust_name = "pdf-ca.pem";
  /* Within the year the seeds' test certificates are valid for
   * (fuzz/make-seeds.sh); a fixed time, so that a finding replays. */
  options.validation_time = g_date_time_new_utc (2027, 3, 1, 0, 0, 0);
  options.validation_time_reason = "a fixed time";

  return 0;
}

/* Reads what a reader of the file would: each value, each string as text,
 * each reference resolved once. @budget bounds the walk itself, which
 * would otherwise multiply along a page tree's shared resources. */
static void
walk (PbPdfDocument *document,
      PbPdfObject   *object,
      GHashTable    *seen,
      guint         *budget)
{
  if (object == NULL || *budget == 0)
    return;
  (*budget)--;

  switch (object->kind)
    {
    case PB_PDF_STRING:
      g_free (pb_pdf_object_dup_text (object));
      break;

    case PB_PDF_REF:
      if (g_hash_table_add (seen, GINT_TO_POINTER ((gint) object->integer)))
        {
          g_autoptr(PbPdfObject) resolved = pb_pdf_document_resolve (document, object, NULL);

          walk (document, resolved, seen, budget);
        }
      break;

    case PB_PDF_ARRAY:
    case PB_PDF_DICT:
      for (guint i = 0; i < object->items->len; i++)
        walk (document, g_ptr_array_index (object->items, i), seen, budget);
      break;

    default:
      break;
    }
}

static void
check_validation (PbPdfValidation *validation,
                  size_t           size)
{
  gboolean all_valid = TRUE;

  fuzz_assert (validation->file_size == size, "the file size is wrong");
  fuzz_assert (validation->sha256 != NULL && strlen (validation->sha256) == 64, "no SHA-256");
  fuzz_assert (validation->signatures->len > 0, "a verdict without a signature");
  fuzz_assert (validation->valid == (validation->problem == NULL), "valid, and a problem; or neither");

  for (guint i = 0; i < validation->signatures->len; i++)
    {
      PbPdfSignature *signature = g_ptr_array_index (validation->signatures, i);

      all_valid &= signature->valid;
      fuzz_assert (signature->covered_end <= size, "a signature covers more than the file");
      for (guint c = 0; c < PB_SIGNATURE_N_CHECKS; c++)
        all_valid &= signature->checks[c] != PB_CHECK_FAILED;
    }

  fuzz_assert (!validation->valid || all_valid, "the file is valid with a failed signature or check");
  pb_pdf_validation_get_newest (validation);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(PbPdfDocument) document = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;

  document = pb_pdf_document_new (bytes, &error);
  if (document != NULL)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
      guint n_revisions = MIN (pb_pdf_document_get_n_revisions (document), 8);
      guint budget = 4096;

      walk (document, pb_pdf_document_get_trailer (document), seen, &budget);
      /* revisions are numbered from 0 here */
      for (guint r = 0; r < n_revisions; r++)
        {
          g_autoptr(GArray) numbers = pb_pdf_document_get_revision_objects (document, r);

          walk (document, pb_pdf_document_get_revision_trailer (document, r), seen, &budget);
          for (guint i = 0; i < numbers->len && i < 256; i++)
            {
              g_autoptr(PbPdfObject) object =
                pb_pdf_document_get_object_in (document, r, g_array_index (numbers, gint64, i), NULL);

              walk (document, object, seen, &budget);
            }
        }
    }
  else
    fuzz_assert (error != NULL, "refused without an error");

  g_clear_error (&error);
  validation = pb_pdf_validate (bytes, &options, &error);
  if (validation != NULL)
    check_validation (validation, size);
  else
    {
      fuzz_assert (error != NULL, "no verdict, and no error says why");
      fuzz_refused (error);
    }

  return 0;
}
