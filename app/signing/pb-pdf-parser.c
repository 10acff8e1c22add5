/* pb-pdf-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-pdf-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "pb-pdf-parser.h"
#include "pb-signing-types.h"

#define MAX_DEPTH         64
#define MAX_XREF_SECTIONS 1024
#define FREE_ENTRY        G_MAXSIZE

/* One cross-reference section and the revision it ends. */
typedef struct
{
  gsize        offset;     /* of its "xref" keyword */
  gsize        end;        /* one past its "%%EOF" and line end; 0 when it has none */
  PbPdfObject *trailer;
  GHashTable  *entries;    /* object number -> offset, FREE_ENTRY when free */
} Section;

struct _PbPdfDocument
{
  GBytes      *bytes;
  const char  *data;
  gsize        len;
  GHashTable  *offsets;    /* the newest revision's: object number -> offset, FREE_ENTRY when free */
  GPtrArray   *sections;   /* Section, oldest first: sections[i] ends revision i */
  PbPdfObject *trailer;    /* the newest one */
  gsize        startxref;
  gint64       size;
};

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static gboolean
is_delimiter (char c)
{
  return strchr ("()<>[]{}/%", c) != NULL && c != '\0';
}

static gboolean
is_regular (char c)
{
  return !is_space (c) && !is_delimiter (c);
}

static void
skip_space (const char *data,
            gsize       len,
            gsize      *pos)
{
  while (*pos < len)
    {
      if (is_space (data[*pos]))
        (*pos)++;
      else if (data[*pos] == '%')
        {
          while (*pos < len && data[*pos] != '\n' && data[*pos] != '\r')
            (*pos)++;
        }
      else
        break;
    }
}

static gboolean
malformed (GError     **error,
           gsize        offset,
           const char  *what)
{
  g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
               /* Translators: the first placeholder is a byte offset, the second says what was wrong */
               _("Malformed PDF at byte %lu: %s"),
               (gulong) offset, what);
  return FALSE;
}

static gboolean
keyword_at (const char *data,
            gsize       len,
            gsize       pos,
            const char *keyword)
{
  gsize n = strlen (keyword);

  return pos + n <= len &&
         memcmp (data + pos, keyword, n) == 0 &&
         (pos + n == len || !is_regular (data[pos + n]));
}

static PbPdfObject *
object_new (PbPdfKind kind,
            gsize     start)
{
  PbPdfObject *object = g_rc_box_new0 (PbPdfObject);

  object->kind = kind;
  object->start = start;
  return object;
}

static void
object_clear (PbPdfObject *object)
{
  g_clear_pointer (&object->name, g_free);
  g_clear_pointer (&object->string, g_byte_array_unref);
  g_clear_pointer (&object->items, g_ptr_array_unref);
}

PbPdfObject *
pb_pdf_object_ref (PbPdfObject *object)
{
  return g_rc_box_acquire (object);
}

void
pb_pdf_object_unref (PbPdfObject *object)
{
  g_rc_box_release_full (object, (GDestroyNotify) object_clear);
}

static gboolean
parse_unsigned (const char *data,
                gsize       len,
                gsize      *pos,
                gint64     *value)
{
  gsize p = *pos;
  gint64 v = 0;

  if (p >= len || !g_ascii_isdigit (data[p]))
    return FALSE;
  while (p < len && g_ascii_isdigit (data[p]))
    {
      if (v > (G_MAXINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (data[p] - '0');
      p++;
    }
  if (p < len && is_regular (data[p]))
    return FALSE;
  *pos = p;
  *value = v;
  return TRUE;
}

static PbPdfObject *parse_value (const char *data,
                                 gsize       len,
                                 gsize      *pos,
                                 int         depth,
                                 GError    **error);

static PbPdfObject *
parse_name (const char  *data,
            gsize        len,
            gsize       *pos,
            GError     **error)
{
  PbPdfObject *object = object_new (PB_PDF_NAME, *pos);
  GString *name = g_string_new (NULL);
  gsize p = *pos + 1;

  while (p < len && is_regular (data[p]))
    {
      if (data[p] == '#' && p + 2 < len &&
          g_ascii_isxdigit (data[p + 1]) && g_ascii_isxdigit (data[p + 2]))
        {
          g_string_append_c (name, (char) (g_ascii_xdigit_value (data[p + 1]) * 16 +
                                           g_ascii_xdigit_value (data[p + 2])));
          p += 3;
        }
      else
        g_string_append_c (name, data[p++]);
    }

  object->name = g_string_free (name, FALSE);
  object->end = *pos = p;
  return object;
}

static PbPdfObject *
parse_literal_string (const char  *data,
                      gsize        len,
                      gsize       *pos,
                      GError     **error)
{
  g_autoptr(PbPdfObject) object = object_new (PB_PDF_STRING, *pos);
  GByteArray *out = g_byte_array_new ();
  gsize p = *pos + 1;
  int nesting = 1;

  object->string = out;
  while (p < len)
    {
      guint8 c = data[p++];

      if (c == '\\' && p < len)
        {
          guint8 e = data[p++];

          switch (e)
            {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '\r':
              if (p < len && data[p] == '\n')
                p++;
              continue;
            case '\n':
              continue;
            default:
              if (e >= '0' && e <= '7')
                {
                  int v = e - '0';

                  for (int i = 0; i < 2 && p < len && data[p] >= '0' && data[p] <= '7'; i++)
                    v = v * 8 + (data[p++] - '0');
                  c = (guint8) v;
                }
              else
                c = e;
              break;
            }
          g_byte_array_append (out, &c, 1);
          continue;
        }

      if (c == '(')
        nesting++;
      else if (c == ')' && --nesting == 0)
        {
          object->end = *pos = p;
          return g_steal_pointer (&object);
        }
      g_byte_array_append (out, &c, 1);
    }

  malformed (error, *pos, _("unterminated string"));
  return NULL;
}

static PbPdfObject *
parse_hex_string (const char  *data,
                  gsize        len,
                  gsize       *pos,
                  GError     **error)
{
  g_autoptr(PbPdfObject) object = object_new (PB_PDF_STRING, *pos);
  gsize p = *pos + 1;
  int high = -1;

  object->string = g_byte_array_new ();
  while (p < len && data[p] != '>')
    {
      char c = data[p++];
      guint8 byte;

      if (is_space (c))
        continue;
      if (!g_ascii_isxdigit (c))
        {
          malformed (error, p - 1, _("invalid character in a hexadecimal string"));
          return NULL;
        }
      if (high < 0)
        high = g_ascii_xdigit_value (c);
      else
        {
          byte = (guint8) (high * 16 + g_ascii_xdigit_value (c));
          g_byte_array_append (object->string, &byte, 1);
          high = -1;
        }
    }
  if (p >= len)
    {
      malformed (error, *pos, _("unterminated hexadecimal string"));
      return NULL;
    }
  if (high >= 0)
    {
      guint8 byte = (guint8) (high * 16);

      g_byte_array_append (object->string, &byte, 1);
    }

  object->end = *pos = p + 1;
  return g_steal_pointer (&object);
}

static PbPdfObject *
parse_number (const char  *data,
              gsize        len,
              gsize       *pos,
              GError     **error)
{
  g_autoptr(PbPdfObject) object = object_new (PB_PDF_NUMBER, *pos);
  g_autofree char *text = NULL;
  gsize p = *pos;
  gboolean dot = FALSE;

  if (p < len && (data[p] == '+' || data[p] == '-'))
    p++;
  while (p < len && (g_ascii_isdigit (data[p]) || data[p] == '.'))
    {
      dot |= data[p] == '.';
      p++;
    }
  if (p < len && is_regular (data[p]))
    {
      malformed (error, *pos, _("invalid number"));
      return NULL;
    }

  text = g_strndup (data + *pos, p - *pos);
  object->real = g_ascii_strtod (text, NULL);
  if (!dot)
    {
      object->is_integer = TRUE;
      object->integer = g_ascii_strtoll (text, NULL, 10);
    }
  object->end = *pos = p;

  /* "12 0 R" */
  if (object->is_integer && g_ascii_isdigit (data[object->start]))
    {
      gint64 generation;
      gsize q = p;

      skip_space (data, len, &q);
      if (parse_unsigned (data, len, &q, &generation))
        {
          skip_space (data, len, &q);
          if (keyword_at (data, len, q, "R"))
            {
              object->kind = PB_PDF_REF;
              object->generation = (int) MIN (generation, G_MAXINT);
              object->end = *pos = q + 1;
            }
        }
    }

  return g_steal_pointer (&object);
}

static PbPdfObject *
parse_container (const char  *data,
                 gsize        len,
                 gsize       *pos,
                 int          depth,
                 gboolean     is_dict,
                 GError     **error)
{
  g_autoptr(PbPdfObject) object = object_new (is_dict ? PB_PDF_DICT : PB_PDF_ARRAY, *pos);
  gsize p = *pos + (is_dict ? 2 : 1);

  object->items = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_pdf_object_unref);
  for (;;)
    {
      PbPdfObject *item;

      skip_space (data, len, &p);
      if (p >= len)
        {
          malformed (error, *pos, is_dict ? _("unterminated dictionary") : _("unterminated array"));
          return NULL;
        }
      if (is_dict && data[p] == '>' && p + 1 < len && data[p + 1] == '>')
        {
          p += 2;
          break;
        }
      if (!is_dict && data[p] == ']')
        {
          p++;
          break;
        }
      if (is_dict && object->items->len % 2 == 0 && data[p] != '/')
        {
          malformed (error, p, _("a dictionary key is not a name"));
          return NULL;
        }

      item = parse_value (data, len, &p, depth + 1, error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (object->items, item);
    }

  if (is_dict && object->items->len % 2 != 0)
    {
      malformed (error, *pos, _("a dictionary key has no value"));
      return NULL;
    }

  object->end = *pos = p;
  return g_steal_pointer (&object);
}

static PbPdfObject *
parse_value (const char  *data,
             gsize        len,
             gsize       *pos,
             int          depth,
             GError     **error)
{
  char c;

  if (depth > MAX_DEPTH)
    {
      malformed (error, *pos, _("objects nested too deeply"));
      return NULL;
    }

  skip_space (data, len, pos);
  if (*pos >= len)
    {
      malformed (error, *pos, _("unexpected end of file"));
      return NULL;
    }

  c = data[*pos];
  if (c == '/')
    return parse_name (data, len, pos, error);
  if (c == '(')
    return parse_literal_string (data, len, pos, error);
  if (c == '<' && *pos + 1 < len && data[*pos + 1] == '<')
    return parse_container (data, len, pos, depth, TRUE, error);
  if (c == '<')
    return parse_hex_string (data, len, pos, error);
  if (c == '[')
    return parse_container (data, len, pos, depth, FALSE, error);
  if (g_ascii_isdigit (c) || c == '+' || c == '-' || c == '.')
    return parse_number (data, len, pos, error);
  if (keyword_at (data, len, *pos, "true") || keyword_at (data, len, *pos, "false"))
    {
      PbPdfObject *object = object_new (PB_PDF_BOOL, *pos);

      object->integer = c == 't';
      *pos += c == 't' ? 4 : 5;
      object->end = *pos;
      return object;
    }
  if (keyword_at (data, len, *pos, "null"))
    {
      PbPdfObject *object = object_new (PB_PDF_NULL, *pos);

      object->end = *pos += 4;
      return object;
    }

  malformed (error, *pos, _("unexpected token"));
  return NULL;
}

PbPdfObject *
pb_pdf_dict_get (PbPdfObject *dict,
                 const char  *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (dict == NULL || dict->kind != PB_PDF_DICT)
    return NULL;

  /* The last occurrence wins, as in most readers. */
  for (guint i = dict->items->len; i >= 2; i -= 2)
    {
      PbPdfObject *k = g_ptr_array_index (dict->items, i - 2);

      if (g_strcmp0 (k->name, key) == 0)
        return g_ptr_array_index (dict->items, i - 1);
    }
  return NULL;
}

gboolean
pb_pdf_object_is_name (PbPdfObject *object,
                       const char  *name)
{
  return object != NULL && object->kind == PB_PDF_NAME && g_strcmp0 (object->name, name) == 0;
}

char *
pb_pdf_object_dup_text (PbPdfObject *object)
{
  const guint8 *bytes;
  gsize len;

  if (object == NULL || object->kind != PB_PDF_STRING)
    return NULL;

  bytes = object->string->data;
  len = object->string->len;
  /* "()": an empty GByteArray has no data to convert */
  if (len == 0)
    return g_strdup ("");
  if (len >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    return g_convert_with_fallback ((const char *) bytes + 2, len - 2, "UTF-8", "UTF-16BE",
                                    "?", NULL, NULL, NULL);
  if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF &&
      g_utf8_validate ((const char *) bytes + 3, len - 3, NULL))
    return g_strndup ((const char *) bytes + 3, len - 3);

  /* PDFDocEncoding agrees with Latin-1 on everything but a few symbols. */
  return g_convert_with_fallback ((const char *) bytes, len, "UTF-8", "ISO-8859-1",
                                  "?", NULL, NULL, NULL);
}

static void
section_free (Section *section)
{
  g_clear_pointer (&section->trailer, pb_pdf_object_unref);
  g_clear_pointer (&section->entries, g_hash_table_unref);
  g_free (section);
}

/* "startxref N %%EOF" right after a trailer ends a revision; returns the
 * offset past "%%EOF" and its line end, or 0. */
static gsize
find_revision_end (const char *data,
                   gsize       len,
                   gsize       p)
{
  gint64 value;

  skip_space (data, len, &p);
  if (!keyword_at (data, len, p, "startxref"))
    return 0;
  p += 9;
  skip_space (data, len, &p);
  if (!parse_unsigned (data, len, &p, &value))
    return 0;
  while (p < len && (data[p] == ' ' || data[p] == '\t' || data[p] == '\r' || data[p] == '\n'))
    p++;
  if (p + 5 > len || memcmp (data + p, "%%EOF", 5) != 0)
    return 0;
  p += 5;
  if (p < len && data[p] == '\r')
    p++;
  if (p < len && data[p] == '\n')
    p++;
  return p;
}

static gboolean
parse_xref_section (PbPdfDocument  *self,
                    gsize           offset,
                    Section        *section,
                    GError        **error)
{
  const char *data = self->data;
  gsize len = self->len;
  gsize p = offset;

  skip_space (data, len, &p);
  if (!keyword_at (data, len, p, "xref"))
    {
      gint64 number, generation;
      gsize q = p;

      if (parse_unsigned (data, len, &q, &number) &&
          (skip_space (data, len, &q), parse_unsigned (data, len, &q, &generation)) &&
          (skip_space (data, len, &q), keyword_at (data, len, q, "obj")))
        {
          g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNSUPPORTED_PDF,
                       _("This PDF uses a cross-reference stream (PDF 1.5 and later); only classic cross-reference tables are supported."));
          return FALSE;
        }
      return malformed (error, offset, _("no cross-reference table where startxref points"));
    }
  p += 4;

  for (;;)
    {
      gint64 first, count;

      skip_space (data, len, &p);
      if (keyword_at (data, len, p, "trailer"))
        {
          p += 7;
          break;
        }
      if (!parse_unsigned (data, len, &p, &first) ||
          (skip_space (data, len, &p), !parse_unsigned (data, len, &p, &count)) ||
          first > G_MAXINT || count > G_MAXINT - first)
        return malformed (error, p, _("invalid cross-reference subsection"));

      for (gint64 i = 0; i < count; i++)
        {
          gint64 entry_offset, generation;
          gboolean in_use;
          gpointer key = GINT_TO_POINTER ((int) (first + i));

          skip_space (data, len, &p);
          if (!parse_unsigned (data, len, &p, &entry_offset) ||
              (skip_space (data, len, &p), !parse_unsigned (data, len, &p, &generation)))
            return malformed (error, p, _("invalid cross-reference entry"));
          skip_space (data, len, &p);
          if (keyword_at (data, len, p, "n"))
            in_use = TRUE;
          else if (keyword_at (data, len, p, "f"))
            in_use = FALSE;
          else
            return malformed (error, p, _("invalid cross-reference entry"));
          p++;

          if (in_use && (gsize) entry_offset >= len)
            return malformed (error, p, _("a cross-reference entry points past the end of the file"));

          /* Object 0 heads the free list and is never an object. */
          if (first + i == 0)
            continue;
          if (!g_hash_table_contains (section->entries, key))
            g_hash_table_insert (section->entries, key,
                                 GSIZE_TO_POINTER (in_use ? (gsize) entry_offset : FREE_ENTRY));
          if (!g_hash_table_contains (self->offsets, key))
            g_hash_table_insert (self->offsets, key,
                                 GSIZE_TO_POINTER (in_use ? (gsize) entry_offset : FREE_ENTRY));
        }
    }

  section->trailer = parse_value (data, len, &p, 0, error);
  if (section->trailer == NULL)
    return FALSE;
  if (section->trailer->kind != PB_PDF_DICT)
    return malformed (error, p, _("the trailer is not a dictionary"));
  section->end = find_revision_end (data, len, p);
  return TRUE;
}

static gboolean
find_startxref (PbPdfDocument  *self,
                GError        **error)
{
  const char *data = self->data;
  gsize from = self->len > 1024 + 9 ? self->len - 1024 - 9 : 0;
  gint64 value;
  gsize p;

  for (p = self->len - 9; ; p--)
    {
      if (memcmp (data + p, "startxref", 9) == 0)
        break;
      if (p == from)
        {
          g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                       _("Malformed PDF: no “startxref” near the end of the file."));
          return FALSE;
        }
    }

  p += 9;
  skip_space (data, self->len, &p);
  if (!parse_unsigned (data, self->len, &p, &value) || (gsize) value >= self->len)
    return malformed (error, p, _("invalid startxref offset"));

  self->startxref = (gsize) value;
  return TRUE;
}

void
pb_pdf_document_free (PbPdfDocument *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->offsets, g_hash_table_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->trailer, pb_pdf_object_unref);
  g_free (self);
}

PbPdfDocument *
pb_pdf_document_new (GBytes  *bytes,
                     GError **error)
{
  g_autoptr(PbPdfDocument) self = g_new0 (PbPdfDocument, 1);
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  PbPdfObject *size;
  gsize offset;

  g_return_val_if_fail (bytes != NULL, NULL);

  self->bytes = g_bytes_ref (bytes);
  self->data = g_bytes_get_data (bytes, &self->len);
  self->offsets = g_hash_table_new (NULL, NULL);
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);

  if (self->len < 16 || memcmp (self->data, "%PDF-", 5) != 0)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   _("This is not a PDF file: it does not start with “%%PDF-”."));
      return NULL;
    }

  if (!find_startxref (self, error))
    return NULL;

  offset = self->startxref;
  while (TRUE)
    {
      Section *section;
      PbPdfObject *prev;

      if (g_hash_table_contains (visited, GSIZE_TO_POINTER (offset)) ||
          g_hash_table_size (visited) >= MAX_XREF_SECTIONS)
        {
          malformed (error, offset, _("the cross-reference sections form a loop"));
          return NULL;
        }
      g_hash_table_add (visited, GSIZE_TO_POINTER (offset));

      section = g_new0 (Section, 1);
      section->offset = offset;
      section->entries = g_hash_table_new (NULL, NULL);
      g_ptr_array_insert (self->sections, 0, section);
      if (!parse_xref_section (self, offset, section, error))
        return NULL;

      prev = pb_pdf_dict_get (section->trailer, "Prev");
      if (self->trailer == NULL)
        self->trailer = pb_pdf_object_ref (section->trailer);
      if (prev == NULL)
        break;
      if (prev->kind != PB_PDF_NUMBER || !prev->is_integer ||
          prev->integer < 0 || (gsize) prev->integer >= self->len)
        {
          malformed (error, offset, _("invalid /Prev in the trailer"));
          return NULL;
        }
      offset = (gsize) prev->integer;
    }

  if (pb_pdf_dict_get (self->trailer, "Encrypt") != NULL)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNSUPPORTED_PDF,
                   _("Encrypted PDF files are not supported."));
      return NULL;
    }

  size = pb_pdf_dict_get (self->trailer, "Size");
  if (size == NULL || size->kind != PB_PDF_NUMBER || !size->is_integer ||
      size->integer <= 0 || size->integer >= G_MAXINT / 2)
    {
      malformed (error, self->startxref, _("the trailer has no valid /Size"));
      return NULL;
    }
  self->size = size->integer;

  /* Some writers understate /Size; new objects must not reuse a number. */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->offsets);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      self->size = MAX (self->size, (gint64) GPOINTER_TO_INT (key) + 1);
  }

  if (pb_pdf_dict_get (self->trailer, "Root") == NULL)
    {
      malformed (error, self->startxref, _("the trailer has no /Root"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const guint8 *
pb_pdf_document_get_data (PbPdfDocument *self,
                          gsize         *len)
{
  *len = self->len;
  return (const guint8 *) self->data;
}

PbPdfObject *
pb_pdf_document_get_trailer (PbPdfDocument *self)
{
  return self->trailer;
}

gsize
pb_pdf_document_get_startxref (PbPdfDocument *self)
{
  return self->startxref;
}

gint64
pb_pdf_document_get_size (PbPdfDocument *self)
{
  return self->size;
}

guint
pb_pdf_document_get_n_revisions (PbPdfDocument *self)
{
  return self->sections->len;
}

gsize
pb_pdf_document_get_revision_end (PbPdfDocument *self,
                                  guint          revision)
{
  g_return_val_if_fail (revision < self->sections->len, 0);

  return ((Section *) g_ptr_array_index (self->sections, revision))->end;
}

PbPdfObject *
pb_pdf_document_get_revision_trailer (PbPdfDocument *self,
                                      guint          revision)
{
  g_return_val_if_fail (revision < self->sections->len, NULL);

  return ((Section *) g_ptr_array_index (self->sections, revision))->trailer;
}

GArray *
pb_pdf_document_get_revision_objects (PbPdfDocument *self,
                                      guint          revision)
{
  Section *section;
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (revision < self->sections->len, numbers);

  section = g_ptr_array_index (self->sections, revision);
  g_hash_table_iter_init (&iter, section->entries);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 number = GPOINTER_TO_INT (key);

      g_array_append_val (numbers, number);
    }
  return numbers;
}

/* Where object @number is in @revision: the newest entry for it in that
 * revision's section or an older one. FREE_ENTRY when free or unknown. */
static gsize
lookup_offset (PbPdfDocument *self,
               guint          revision,
               gint64         number)
{
  gpointer key = GINT_TO_POINTER ((int) number);
  gpointer value;

  if (number <= 0 || number > G_MAXINT)
    return FREE_ENTRY;

  if (revision >= self->sections->len - 1)
    return g_hash_table_lookup_extended (self->offsets, key, NULL, &value)
           ? GPOINTER_TO_SIZE (value) : FREE_ENTRY;

  for (guint i = revision + 1; i-- > 0; )
    {
      Section *section = g_ptr_array_index (self->sections, i);

      if (g_hash_table_lookup_extended (section->entries, key, NULL, &value))
        return GPOINTER_TO_SIZE (value);
    }
  return FREE_ENTRY;
}

gboolean
pb_pdf_document_get_object_offset (PbPdfDocument *self,
                                   guint          revision,
                                   gint64         number,
                                   gsize         *offset)
{
  gsize found = lookup_offset (self, revision, number);

  if (offset != NULL)
    *offset = found;
  return found != FREE_ENTRY;
}

/* A stream's data follows its dictionary. /Length is trusted only when
 * "endstream" follows where it says; else the data runs to "endstream". */
static void
parse_stream (PbPdfDocument *self,
              PbPdfObject   *dict,
              gsize          p)
{
  const char *data = self->data;
  gsize len = self->len;
  PbPdfObject *length = pb_pdf_dict_get (dict, "Length");
  const char *end;

  skip_space (data, len, &p);
  if (!keyword_at (data, len, p, "stream"))
    return;
  p += 6;
  if (p < len && data[p] == '\r')
    p++;
  if (p < len && data[p] == '\n')
    p++;

  if (length != NULL && length->kind == PB_PDF_NUMBER && length->is_integer &&
      length->integer >= 0 && (guint64) length->integer <= len - p)
    {
      gsize q = p + (gsize) length->integer;

      while (q < len && is_space (data[q]))
        q++;
      if (keyword_at (data, len, q, "endstream"))
        {
          dict->has_stream = TRUE;
          dict->stream_start = p;
          dict->stream_length = (gsize) length->integer;
          return;
        }
    }

  end = NULL;
  for (const char *q = data + p; q + 9 <= data + len; q++)
    {
      q = memchr (q, 'e', (data + len) - q);
      if (q == NULL || q + 9 > data + len)
        break;
      if (memcmp (q, "endstream", 9) == 0)
        {
          end = q;
          break;
        }
    }
  if (end == NULL)
    return;
  dict->has_stream = TRUE;
  dict->stream_start = p;
  dict->stream_length = (gsize) (end - (data + p));
  if (dict->stream_length > 0 && data[p + dict->stream_length - 1] == '\n')
    dict->stream_length--;
  if (dict->stream_length > 0 && data[p + dict->stream_length - 1] == '\r')
    dict->stream_length--;
}

PbPdfObject *
pb_pdf_document_get_object_in (PbPdfDocument  *self,
                               guint           revision,
                               gint64          number,
                               GError        **error)
{
  PbPdfObject *object;
  gint64 found_number, generation;
  gsize offset = lookup_offset (self, revision, number);
  gsize p = offset;

  if (offset == FREE_ENTRY)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   /* Translators: the placeholder is a PDF object number */
                   _("Malformed PDF: object %lld is not in the cross-reference table."),
                   (long long) number);
      return NULL;
    }

  if (!parse_unsigned (self->data, self->len, &p, &found_number) ||
      (skip_space (self->data, self->len, &p), !parse_unsigned (self->data, self->len, &p, &generation)) ||
      (skip_space (self->data, self->len, &p), !keyword_at (self->data, self->len, p, "obj")) ||
      found_number != number)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   /* Translators: the first placeholder is a PDF object number, the second a byte offset */
                   _("Malformed PDF: object %lld is not at byte %lu where the cross-reference table puts it."),
                   (long long) number, (gulong) offset);
      return NULL;
    }
  p += 3;

  object = parse_value (self->data, self->len, &p, 0, error);
  if (object != NULL && object->kind == PB_PDF_DICT)
    parse_stream (self, object, p);
  return object;
}

PbPdfObject *
pb_pdf_document_get_object (PbPdfDocument  *self,
                            gint64          number,
                            GError        **error)
{
  return pb_pdf_document_get_object_in (self, G_MAXUINT, number, error);
}

PbPdfObject *
pb_pdf_document_resolve_in (PbPdfDocument  *self,
                            guint           revision,
                            PbPdfObject    *object,
                            GError        **error)
{
  g_autoptr(PbPdfObject) current = NULL;

  if (object == NULL)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   _("Malformed PDF: a required entry is missing."));
      return NULL;
    }

  current = pb_pdf_object_ref (object);
  for (int i = 0; current->kind == PB_PDF_REF; i++)
    {
      PbPdfObject *next;

      if (i >= 32)
        {
          malformed (error, current->start, _("a chain of references does not end"));
          return NULL;
        }
      next = pb_pdf_document_get_object_in (self, revision, current->integer, error);
      if (next == NULL)
        return NULL;
      g_clear_pointer (&current, pb_pdf_object_unref);
      current = next;
    }

  return g_steal_pointer (&current);
}

PbPdfObject *
pb_pdf_document_resolve (PbPdfDocument  *self,
                         PbPdfObject    *object,
                         GError        **error)
{
  return pb_pdf_document_resolve_in (self, G_MAXUINT, object, error);
}

GBytes *
pb_pdf_document_get_stream_data (PbPdfDocument *self,
                                 PbPdfObject   *stream)
{
  g_return_val_if_fail (stream != NULL && stream->has_stream, NULL);

  return g_bytes_new_from_bytes (self->bytes, stream->stream_start, stream->stream_length);
}

static gboolean
objects_equal (PbPdfDocument *self,
               PbPdfObject   *a,
               PbPdfObject   *b,
               int            depth)
{
  if (a->kind != b->kind || depth > MAX_DEPTH)
    return FALSE;

  switch (a->kind)
    {
    case PB_PDF_NULL:
      return TRUE;
    case PB_PDF_BOOL:
      return a->integer == b->integer;
    case PB_PDF_NUMBER:
      return a->is_integer == b->is_integer &&
             (a->is_integer ? a->integer == b->integer : a->real == b->real);
    case PB_PDF_REF:
      return a->integer == b->integer && a->generation == b->generation;
    case PB_PDF_NAME:
      return g_strcmp0 (a->name, b->name) == 0;
    case PB_PDF_STRING:
      return a->string->len == b->string->len &&
             memcmp (a->string->data, b->string->data, a->string->len) == 0;
    case PB_PDF_ARRAY:
      if (a->items->len != b->items->len)
        return FALSE;
      for (guint i = 0; i < a->items->len; i++)
        if (!objects_equal (self, g_ptr_array_index (a->items, i), g_ptr_array_index (b->items, i), depth + 1))
          return FALSE;
      return TRUE;
    case PB_PDF_DICT:
      if (a->items->len != b->items->len || a->has_stream != b->has_stream)
        return FALSE;
      for (guint i = 0; i < a->items->len; i += 2)
        {
          PbPdfObject *key = g_ptr_array_index (a->items, i);
          PbPdfObject *other = pb_pdf_dict_get (b, key->name);

          if (other == NULL || !objects_equal (self, pb_pdf_dict_get (a, key->name), other, depth + 1))
            return FALSE;
        }
      return !a->has_stream ||
             (a->stream_length == b->stream_length &&
              memcmp (self->data + a->stream_start, self->data + b->stream_start, a->stream_length) == 0);
    default:
      return FALSE;
    }
}

gboolean
pb_pdf_object_equal (PbPdfDocument *self,
                     PbPdfObject   *a,
                     PbPdfObject   *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return objects_equal (self, a, b, 0);
}
