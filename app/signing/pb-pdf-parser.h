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
  gboolean    has_stream;  /* DICT: a stream follows */
  gsize       stream_start;
  gsize       stream_length;
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
/* The raw (still encoded) data of a stream object. */
GBytes        *pb_pdf_document_get_stream_data (PbPdfDocument *self,
                                                PbPdfObject   *stream);

/* Revisions: the original file and each incremental update, oldest first.
 * Revision i is what a reader sees of the file cut after its "%%EOF". */
guint          pb_pdf_document_get_n_revisions      (PbPdfDocument *self);
/* One past the "%%EOF" (and its line end) that closes @revision; 0 when
 * its cross-reference section is not followed by one. */
gsize          pb_pdf_document_get_revision_end     (PbPdfDocument *self,
                                                     guint          revision);
PbPdfObject   *pb_pdf_document_get_revision_trailer (PbPdfDocument *self,
                                                     guint          revision);
/* The object numbers (gint64) that @revision's own section defines or frees. */
GArray        *pb_pdf_document_get_revision_objects (PbPdfDocument *self,
                                                     guint          revision);
/* FALSE when the object is free or unknown in @revision. */
gboolean       pb_pdf_document_get_object_offset    (PbPdfDocument *self,
                                                     guint          revision,
                                                     gint64         number,
                                                     gsize         *offset);
/* As pb_pdf_document_get_object() and _resolve(), as of @revision
 * (G_MAXUINT: the newest). */
PbPdfObject   *pb_pdf_document_get_object_in        (PbPdfDocument  *self,
                                                     guint           revision,
                                                     gint64          number,
                                                     GError        **error);
PbPdfObject   *pb_pdf_document_resolve_in           (PbPdfDocument  *self,
                                                     guint           revision,
                                                     PbPdfObject    *object,
                                                     GError        **error);
/* Equal values: references by number, streams by their raw bytes. */
gboolean       pb_pdf_object_equal                  (PbPdfDocument *self,
                                                     PbPdfObject   *a,
                                                     PbPdfObject   *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPdfObject, pb_pdf_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPdfDocument, pb_pdf_document_free)

G_END_DECLS
