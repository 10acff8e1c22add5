/* pb-catalog.c: one compiled message catalogue (.mo), read strictly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout is GNU gettext's ("The Format of GNU MO Files"): a header of
 * seven 32-bit words (magic, revision, number of strings, offsets of the
 * original and translation tables, size and offset of a hash table), then
 * per table one (length, offset) pair per string, each string followed by a
 * NUL. The hash table is optional and not used: originals are sorted.
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-catalog.h"
#include "pb-file.h"
#include "pb-types.h"

#define MO_MAGIC 0x950412deU

typedef struct
{
  const char *text;
  guint32     length;
} MoString;

struct _PbCatalog
{
  GBytes   *bytes;
  MoString *originals;
  MoString *translations;
  guint     n_strings;
};

static guint32
read_word (const guint8 *data,
           gsize         offset,
           gboolean      swap)
{
  guint32 word;

  memcpy (&word, data + offset, sizeof word);

  return swap ? GUINT32_SWAP_LE_BE (word) : word;
}

static gboolean
read_table (const guint8  *data,
            gsize          size,
            guint32        table,
            guint          n_strings,
            gboolean       swap,
            MoString      *strings,
            const char    *display_name,
            GError       **error)
{
  if (table > size || (gsize) n_strings > (size - table) / 8)
    {
      /* Translators: a file name */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: a table of strings lies outside the file"), display_name);
      return FALSE;
    }

  for (guint i = 0; i < n_strings; i++)
    {
      guint32 length = read_word (data, table + 8 * (gsize) i, swap);
      guint32 offset = read_word (data, table + 8 * (gsize) i + 4, swap);

      /* The string and its terminating NUL lie inside the file. */
      if (offset >= size || length >= size - offset || data[offset + length] != '\0')
        {
          /* Translators: a file name, then the number of a string in the file */
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                       _("%s: string %u lies outside the file or is not terminated"),
                       display_name, i);
          return FALSE;
        }

      strings[i].text = (const char *) data + offset;
      strings[i].length = length;
    }

  return TRUE;
}

/* "Content-Type: text/plain; charset=UTF-8": only UTF-8 (or the template's
 * placeholder, or no header at all) is taken, so that every lookup returns
 * UTF-8 without a conversion. */
static gboolean
header_charset_is_utf8 (const char *header)
{
  const char *charset = strstr (header, "charset=");
  gsize length;

  if (charset == NULL)
    return TRUE;

  charset += strlen ("charset=");
  length = strcspn (charset, " \t\n;");

  return (length == 5 && g_ascii_strncasecmp (charset, "UTF-8", 5) == 0) ||
         (length == 4 && g_ascii_strncasecmp (charset, "UTF8", 4) == 0) ||
         (length == 5 && g_ascii_strncasecmp (charset, "ASCII", 5) == 0) ||
         (length == 8 && g_ascii_strncasecmp (charset, "US-ASCII", 8) == 0) ||
         (length == 7 && strncmp (charset, "CHARSET", 7) == 0);
}

/* Each NUL-separated plural form is UTF-8. */
static gboolean
translation_is_utf8 (const MoString *string)
{
  const char *form = string->text;
  const char *end = string->text + string->length;

  for (;;)
    {
      gsize length = strnlen (form, end - form);

      if (!g_utf8_validate_len (form, length, NULL))
        return FALSE;
      if (form + length >= end)
        return TRUE;
      form += length + 1;
    }
}

void
pb_catalog_free (PbCatalog *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->originals, g_free);
  g_clear_pointer (&self->translations, g_free);
  g_free (self);
}

PbCatalog *
pb_catalog_new_from_bytes (GBytes      *bytes,
                           const char  *display_name,
                           GError     **error)
{
  g_autoptr(PbCatalog) self = NULL;
  const guint8 *data;
  gsize size;
  guint32 magic;
  guint32 revision;
  guint32 n_strings;
  gboolean swap;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);

  if (size < 28)
    {
      /* Translators: a file name */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: not a compiled message catalogue (too short)"), display_name);
      return NULL;
    }

  memcpy (&magic, data, sizeof magic);
  if (magic == MO_MAGIC)
    swap = FALSE;
  else if (GUINT32_SWAP_LE_BE (magic) == MO_MAGIC)
    swap = TRUE;
  else
    {
      /* Translators: a file name */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: not a compiled message catalogue (wrong magic number)"), display_name);
      return NULL;
    }

  /* Major revisions 0 and 1 share the tables read here; 1 adds
   * system-dependent strings after them, which are left aside. */
  revision = read_word (data, 4, swap);
  if ((revision >> 16) > 1)
    {
      /* Translators: a file name, then a number */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: unsupported catalogue revision %u"), display_name, revision >> 16);
      return NULL;
    }

  n_strings = read_word (data, 8, swap);

  self = g_new0 (PbCatalog, 1);
  self->bytes = g_bytes_ref (bytes);
  self->n_strings = n_strings;

  if ((gsize) n_strings > size / 8)
    {
      /* Translators: a file name, then a number */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: the catalogue claims %u strings, more than the file can hold"),
                   display_name, n_strings);
      return NULL;
    }

  self->originals = g_new (MoString, MAX (n_strings, 1));
  self->translations = g_new (MoString, MAX (n_strings, 1));

  if (!read_table (data, size, read_word (data, 12, swap), n_strings, swap, self->originals,
                   display_name, error) ||
      !read_table (data, size, read_word (data, 16, swap), n_strings, swap, self->translations,
                   display_name, error))
    return NULL;

  for (guint i = 0; i < n_strings; i++)
    {
      /* A binary search needs the originals in strcmp() order, as msgfmt
       * writes them; two equal ones would make lookups ambiguous. */
      if (i > 0 && strcmp (self->originals[i - 1].text, self->originals[i].text) >= 0)
        {
          /* Translators: a file name, then a number */
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                       _("%s: original string %u is out of order"), display_name, i);
          return NULL;
        }

      if (!translation_is_utf8 (&self->translations[i]))
        {
          /* Translators: a file name, then a number */
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                       _("%s: translation %u is not valid UTF-8"), display_name, i);
          return NULL;
        }
    }

  if (n_strings > 0 && self->originals[0].length == 0 &&
      !header_charset_is_utf8 (self->translations[0].text))
    {
      /* Translators: a file name */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   _("%s: the catalogue is not in UTF-8 (recompile it with msgfmt from a UTF-8 .po file)"),
                   display_name);
      return NULL;
    }

  return g_steal_pointer (&self);
}

PbCatalog *
pb_catalog_new_from_path (const char  *path,
                          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = pb_file_load_path_bounded (path, PB_CATALOG_MAX_SIZE, error);
  if (bytes == NULL)
    return NULL;

  display_name = g_filename_display_name (path);

  return pb_catalog_new_from_bytes (bytes, display_name, error);
}

const char *
pb_catalog_lookup (PbCatalog  *self,
                   const char *msgid,
                   guint       n_form)
{
  guint low = 0;
  guint high;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (msgid != NULL, NULL);

  high = self->n_strings;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      int cmp = strcmp (msgid, self->originals[middle].text);

      if (cmp < 0)
        high = middle;
      else if (cmp > 0)
        low = middle + 1;
      else
        {
          const MoString *translation = &self->translations[middle];
          const char *form = translation->text;
          const char *end = translation->text + translation->length;

          for (guint i = 0; i < n_form; i++)
            {
              form += strnlen (form, end - form) + 1;
              if (form > end)
                return NULL;
            }

          return *form != '\0' ? form : NULL;
        }
    }

  return NULL;
}

guint
pb_catalog_get_n_messages (PbCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_strings;
}

void
pb_catalog_get_message (PbCatalog   *self,
                        guint        index,
                        const char **original,
                        const char **translation)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->n_strings);

  if (original != NULL)
    *original = self->originals[index].text;
  if (translation != NULL)
    *translation = self->translations[index].text;
}
