/* pb-list-parser.c: formats, detection, the streaming reader and helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <stdio.h>
#include <string.h>

#include "pb-date.h"
#include "pb-list-parser-private.h"
#include "pb-name-normalizer.h"

typedef gboolean (*ParseFunc) (PbListReader *reader, GError **error);

static const struct
{
  const char *name;
  const char *list_id;
  ParseFunc   parse;
} formats[] = {
  [PB_LIST_FORMAT_AUTO] = { "auto", NULL, NULL },
  [PB_LIST_FORMAT_EU_FSF_XML] = { "eu-fsf-xml", "eu-fsf", _pb_list_parse_eu_xml },
  [PB_LIST_FORMAT_EU_FSF_CSV] = { "eu-fsf-csv", "eu-fsf", _pb_list_parse_eu_csv },
  [PB_LIST_FORMAT_UN_SC_XML] = { "un-sc-xml", "un-sc", _pb_list_parse_un_xml },
  [PB_LIST_FORMAT_UK_FCDO_CSV] = { "uk-fcdo-csv", "uk-fcdo", _pb_list_parse_uk_csv },
  [PB_LIST_FORMAT_UK_FCDO_XML] = { "uk-fcdo-xml", "uk-fcdo", _pb_list_parse_uk_xml },
  [PB_LIST_FORMAT_US_CSL_CSV] = { "us-csl-csv", "us-csl", _pb_list_parse_us_csl_csv },
  [PB_LIST_FORMAT_US_CSL_JSON] = { "us-csl-json", "us-csl", _pb_list_parse_us_csl_json },
  [PB_LIST_FORMAT_OPENSANCTIONS_CSV] = { "opensanctions-csv", "opensanctions", _pb_list_parse_opensanctions_csv },
};

void
pb_list_parse_result_clear (PbListParseResult *result)
{
  g_clear_pointer (&result->published, g_free);
  g_clear_pointer (&result->sha256, g_free);
  result->size = 0;
  result->n_entries = 0;
}

const char *
pb_list_format_to_string (PbListFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);

  return formats[format].name;
}

gboolean
pb_list_format_from_string (const char   *str,
                            PbListFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (formats); i++)
    {
      if (strcmp (str, formats[i].name) == 0)
        {
          *format = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pb_list_format_get_list_id (PbListFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), NULL);

  return formats[format].list_id;
}

const char *
pb_list_format_get_title (PbListFormat format)
{
  switch (format)
    {
    case PB_LIST_FORMAT_EU_FSF_XML:
    case PB_LIST_FORMAT_EU_FSF_CSV:
      return _("EU consolidated list of persons, groups and entities subject to financial sanctions");
    case PB_LIST_FORMAT_UN_SC_XML:
      return _("UN Security Council Consolidated List");
    case PB_LIST_FORMAT_UK_FCDO_CSV:
    case PB_LIST_FORMAT_UK_FCDO_XML:
      return _("UK Sanctions List");
    case PB_LIST_FORMAT_US_CSL_CSV:
    case PB_LIST_FORMAT_US_CSL_JSON:
      return _("US Consolidated Screening List");
    case PB_LIST_FORMAT_OPENSANCTIONS_CSV:
      return _("OpenSanctions targets");
    case PB_LIST_FORMAT_AUTO:
    default:
      return NULL;
    }
}

const char *
pb_list_format_get_publisher (PbListFormat format)
{
  switch (format)
    {
    case PB_LIST_FORMAT_EU_FSF_XML:
    case PB_LIST_FORMAT_EU_FSF_CSV:
      return _("European Commission");
    case PB_LIST_FORMAT_UN_SC_XML:
      return _("United Nations Security Council");
    case PB_LIST_FORMAT_UK_FCDO_CSV:
    case PB_LIST_FORMAT_UK_FCDO_XML:
      return _("UK Foreign, Commonwealth and Development Office");
    case PB_LIST_FORMAT_US_CSL_CSV:
    case PB_LIST_FORMAT_US_CSL_JSON:
      return _("US International Trade Administration");
    case PB_LIST_FORMAT_OPENSANCTIONS_CSV:
      return _("OpenSanctions");
    case PB_LIST_FORMAT_AUTO:
    default:
      return NULL;
    }
}

static gboolean
head_contains (const char *head,
               gsize       length,
               const char *needle)
{
  return g_strstr_len (head, length, needle) != NULL;
}

/* The name of the first XML element after the prolog, comments and
 * processing instructions, copied into @out. */
static gboolean
first_element (const char *head,
               gsize       length,
               char       *out,
               gsize       out_size)
{
  const char *p = head, *end = head + length;

  while (p < end)
    {
      const char *lt = memchr (p, '<', end - p);
      gsize n = 0;

      if (lt == NULL || lt + 1 >= end)
        return FALSE;
      if (lt[1] == '?' || lt[1] == '!')
        {
          p = lt + 2;
          continue;
        }
      for (p = lt + 1; p < end && n + 1 < out_size && (g_ascii_isalnum (*p) || *p == '_' || *p == ':' || *p == '-'); p++)
        out[n++] = *p;
      out[n] = '\0';
      return n > 0;
    }

  return FALSE;
}

PbListFormat
pb_list_format_detect (const char *head,
                       gsize       length)
{
  char root[64];
  gsize skip = 0;

  if (length >= 3 && memcmp (head, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;
  head += skip;
  length -= skip;

  while (length > 0 && g_ascii_isspace (*head))
    head++, length--;

  if (length > 0 && *head == '<' && first_element (head, length, root, sizeof root))
    {
      if (strcmp (root, "export") == 0 || g_str_has_suffix (root, ":export"))
        return PB_LIST_FORMAT_EU_FSF_XML;
      if (strcmp (root, "CONSOLIDATED_LIST") == 0)
        return PB_LIST_FORMAT_UN_SC_XML;
      if (strcmp (root, "Designations") == 0)
        return PB_LIST_FORMAT_UK_FCDO_XML;
      return PB_LIST_FORMAT_AUTO;
    }

  if (length > 0 && (*head == '{' || *head == '['))
    return head_contains (head, length, "\"results\"") || head_contains (head, length, "\"source_list_url\"")
           ? PB_LIST_FORMAT_US_CSL_JSON : PB_LIST_FORMAT_AUTO;

  if (head_contains (head, MIN (length, 4096), "Entity_LogicalId"))
    return PB_LIST_FORMAT_EU_FSF_CSV;
  if (head_contains (head, MIN (length, 4096), "Unique ID") && head_contains (head, MIN (length, 4096), "Name 6"))
    return PB_LIST_FORMAT_UK_FCDO_CSV;
  if (head_contains (head, MIN (length, 4096), "entity_number") && head_contains (head, MIN (length, 4096), "source_list_url"))
    return PB_LIST_FORMAT_US_CSL_CSV;
  if (g_str_has_prefix (head, "id,schema,name,aliases") || g_str_has_prefix (head, "\"id\",\"schema\",\"name\""))
    return PB_LIST_FORMAT_OPENSANCTIONS_CSV;

  return PB_LIST_FORMAT_AUTO;
}

/* Reader ------------------------------------------------------------------------ */

void
_pb_list_set_error (GError           **error,
                    PbScreeningError   code,
                    const char        *display_name,
                    guint64            line,
                    const char        *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    /* Translators: a file name, a line number, then what is wrong */
    g_set_error (error, PB_SCREENING_ERROR, code, _("%s, line %llu: %s"),
                 display_name, (unsigned long long) line, message);
  else
    /* Translators: a file name, then what is wrong */
    g_set_error (error, PB_SCREENING_ERROR, code, _("%s: %s"), display_name, message);
}

static gssize
fill (PbListReader  *reader,
      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize n_read = 0;

  if (g_cancellable_is_cancelled (reader->cancellable))
    {
      g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_CANCELLED,
                   _("The import of %s was cancelled"), reader->display_name);
      return -1;
    }

  if (!g_input_stream_read_all (reader->stream, reader->buffer, sizeof reader->buffer, &n_read,
                                reader->cancellable, &local_error))
    {
      /* Translators: a file name, then the system's reason */
      g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_FAILED,
                   _("Cannot read %s: %s"), reader->display_name, local_error->message);
      return -1;
    }

  if (reader->n_read + n_read > PB_LIST_FILE_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (PB_LIST_FILE_MAX_SIZE);

      /* Translators: a file name, then a size such as "2.1 GB" */
      g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_LIMIT,
                   _("%s is larger than %s, more than any list"), reader->display_name, limit);
      return -1;
    }

  return (gssize) n_read;
}

gssize
_pb_list_reader_read (PbListReader  *reader,
                      const char   **data,
                      GError       **error)
{
  gssize n;

  if (reader->pending > 0)
    n = (gssize) reader->pending, reader->pending = 0;
  else if ((n = fill (reader, error)) < 0)
    return -1;

  g_checksum_update (reader->checksum, (const guchar *) reader->buffer, n);
  reader->n_read += n;
  *data = reader->buffer;

  if (reader->progress != NULL)
    reader->progress (reader->n_read, MAX (reader->size_hint, reader->n_read),
                      reader->n_entries, reader->progress_data);

  return n;
}

gboolean
_pb_list_reader_emit (PbListReader  *reader,
                      PbListEntry   *entry,
                      GError       **error)
{
  g_autoptr(PbListEntry) owned = entry;

  reader->n_entries++;

  return reader->func (owned, reader->func_data, error);
}

void
_pb_list_reader_set_published (PbListReader *reader,
                               const char   *date)
{
  g_autofree char *iso = pb_list_parse_date (date);

  if (iso != NULL && (reader->published == NULL || strcmp (iso, reader->published) > 0))
    {
      g_free (reader->published);
      reader->published = g_steal_pointer (&iso);
    }
}

gboolean
pb_list_parse_stream (GInputStream       *stream,
                      const char         *display_name,
                      guint64             size_hint,
                      PbListFormat        format,
                      PbListEntryFunc     func,
                      gpointer            user_data,
                      PbListProgressFunc  progress,
                      gpointer            progress_data,
                      GCancellable       *cancellable,
                      PbListParseResult  *result,
                      GError            **error)
{
  g_autofree PbListReader *reader = g_new0 (PbListReader, 1);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  PbListFormat detected;
  gssize n;
  gboolean ok;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (display_name != NULL, FALSE);
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (formats), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);

  reader->stream = stream;
  reader->display_name = display_name;
  reader->checksum = checksum;
  reader->cancellable = cancellable;
  reader->progress = progress;
  reader->progress_data = progress_data;
  reader->size_hint = size_hint;
  reader->func = func;
  reader->func_data = user_data;

  if ((n = fill (reader, error)) < 0)
    return FALSE;
  reader->pending = n;

  if (n == 0)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_EMPTY, display_name, 0, _("the file is empty"));
      return FALSE;
    }

  detected = pb_list_format_detect (reader->buffer, n);
  if (format == PB_LIST_FORMAT_AUTO)
    {
      if (detected == PB_LIST_FORMAT_AUTO)
        {
          _pb_list_set_error (error, PB_SCREENING_ERROR_FORMAT, display_name, 0,
                              _("not a list in a known format (EU FSF XML or CSV, UN SC XML, "
                                "UK Sanctions List CSV or XML, US CSL CSV or JSON, OpenSanctions CSV)"));
          return FALSE;
        }
      format = detected;
    }
  else if (detected != PB_LIST_FORMAT_AUTO && detected != format)
    {
      /* Translators: a file name, then two format names such as "eu-fsf-xml" */
      _pb_list_set_error (error, PB_SCREENING_ERROR_FORMAT, display_name, 0,
                          _("the file is %s, not %s"), formats[detected].name, formats[format].name);
      return FALSE;
    }

  ok = formats[format].parse (reader, error);

  if (ok && reader->n_entries == 0)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_EMPTY, display_name, 0,
                          _("the file holds no entries; it may not be the list it seems"));
      ok = FALSE;
    }

  if (ok)
    {
      result->format = format;
      result->published = g_steal_pointer (&reader->published);
      result->sha256 = g_strdup (g_checksum_get_string (checksum));
      result->size = reader->n_read;
      result->n_entries = reader->n_entries;
    }

  g_free (reader->published);

  return ok;
}

gboolean
pb_list_parse_bytes (GBytes             *bytes,
                     const char         *display_name,
                     PbListFormat        format,
                     PbListEntryFunc     func,
                     gpointer            user_data,
                     PbListParseResult  *result,
                     GError            **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

  return pb_list_parse_stream (stream, display_name, g_bytes_get_size (bytes), format, func,
                               user_data, NULL, NULL, NULL, result, error);
}

/* Helpers ------------------------------------------------------------------------ */

void
_pb_list_split_add (PbListEntry  *entry,
                    void        (*add) (PbListEntry *, const char *),
                    const char   *text,
                    const char   *separator)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return;

  parts = g_strsplit (text, separator, PB_LIST_FIELDS_MAX);
  for (guint i = 0; parts[i] != NULL; i++)
    add (entry, g_strstrip (parts[i]));
}

void
_pb_list_add_country (PbListEntry *entry,
                      const char  *text)
{
  const char *code = pb_country_code_from_text (text);

  pb_list_entry_add_country (entry, code != NULL ? code : text);
}

/* A day a list may have been published on, as YYYY-MM-DD, or NULL: a
 * date before 1900 or after 2999 is a misread field, not a list's. */
static char *
list_date (int year,
           int month,
           int day)
{
  if (year < 1900 || year > 2999 || !pb_date_valid_ymd (year, month, day))
    return NULL;

  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

char *
pb_list_parse_date (const char *text)
{
  static const char * const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec" };
  int day, month, year;
  char name[16];
  char rest;

  if (text == NULL)
    return NULL;
  while (g_ascii_isspace (*text))
    text++;

  /* ISO 8601 already: keep as written (a time may follow) when its date
   * is a real day. */
  if (strlen (text) >= 10 && text[4] == '-' && text[7] == '-')
    {
      g_autofree char *date = g_strndup (text, 10);
      g_autofree char *copy = NULL;

      if (!pb_date_is_valid (date))
        return NULL;
      copy = g_strdup (text);
      return g_strstrip (g_steal_pointer (&copy));
    }

  if (sscanf (text, "%d/%d/%d%c", &day, &month, &year, &rest) == 3 ||
      sscanf (text, "%d-%d-%d%c", &day, &month, &year, &rest) == 3)
    return list_date (year, month, day);

  if (sscanf (text, "%d-%15[A-Za-z]-%d", &day, name, &year) == 3 ||
      sscanf (text, "%d %15[A-Za-z] %d", &day, name, &year) == 3)
    {
      for (guint m = 0; m < G_N_ELEMENTS (months); m++)
        if (g_ascii_strncasecmp (name, months[m], 3) == 0)
          return list_date (year, m + 1, day);
    }

  return NULL;
}

void
_pb_list_append (char       **field,
                 const char  *text)
{
  g_autofree char *clean = NULL;
  char *joined;

  if (text == NULL)
    return;
  clean = g_strstrip (g_strdup (text));
  if (*clean == '\0')
    return;
  if (*field != NULL && strstr (*field, clean) != NULL)
    return;

  joined = *field != NULL ? g_strconcat (*field, "; ", clean, NULL) : g_steal_pointer (&clean);
  g_free (*field);
  *field = joined;
}
