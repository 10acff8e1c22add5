/* pb-pdf-parser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Just enough of PDF (ISO 32000-1, 7.2–7.5) to append an incremental update
 * to a file with classic cross-reference tables and to find the signatures
 * in it. Objects keep the span of their bytes in the file so that the
 * signer can copy dictionaries without re-encoding them. */

typedef enum
{
  PB_PDF_NULL,
  PB_PDF_BOOL,
  PB_PDF_NUMBER,
  PB_PDF_NAME,
  PB_PDF_STRING,
  PB_PDF_ARRAY,
  PB_PDF_DICT,
  PB_PDF_REF,
} PbPdfKind;

typedef struct _PbPdfObject PbPdfObject;

struct _PbPdfObject
{
  PbPdfKind   kind;
  gsize       start;       /* first byte of the object in the file */
  gsize       end;         /* one past its last byte */
  gboolean    is_integer;
  gint64      integer;     /* NUMBER (when is_integer), BOOL, REF: object number */
  double      real;        /* NUMBER */
  int         generation;  /* REF */
  char       *name;        /* NAME, without the slash, #xx decoded */
  GByteArray *string;      /* STRING, decoded */
  GPtrArray  *items;       /* ARRAY: values; DICT: key, value, key, value ... */
};

typedef struct _PbPdfDocument PbPdfDocument;

PbPdfObject   *pb_pdf_object_ref           (PbPdfObject    *object);
void           pb_pdf_object_unref         (PbPdfObject    *object);
PbPdfObject   *pb_pdf_dict_get             (PbPdfObject    *dict,
                                            const char     *key);
gboolean       pb_pdf_object_is_name       (PbPdfObject    *object,
                                            const char     *name);
/* A text string (PDFDocEncoding or UTF-16BE with BOM) as UTF-8. */
char          *pb_pdf_object_dup_text      (PbPdfObject    *object);

PbPdfDocument *pb_pdf_document_new         (GBytes         *bytes,
                                            GError        **error);
void           pb_pdf_document_free        (PbPdfDocument  *self);
const guint8  *pb_pdf_document_get_data    (PbPdfDocument  *self,
                                            gsize          *len);
PbPdfObject   *pb_pdf_document_get_trailer (PbPdfDocument  *self);
gsize          pb_pdf_document_get_startxref (PbPdfDocument *self);
/* The first unused object number: the trailer's /Size unless the
 * cross-reference table knows a higher one. */
gint64         pb_pdf_document_get_size    (PbPdfDocument  *self);
PbPdfObject   *pb_pdf_document_get_object  (PbPdfDocument  *self,
                                            gint64          number,
                                            GError        **error);
/* References are followed (repeatedly); anything else is returned as is. */
PbPdfObject   *pb_pdf_document_resolve     (PbPdfDocument  *self,
                                            PbPdfObject    *object,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPdfObject, pb_pdf_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPdfDocument, pb_pdf_document_free)

G_END_DECLS
