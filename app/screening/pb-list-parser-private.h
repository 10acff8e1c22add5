/* pb-list-parser-private.h: the streaming readers the list parsers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-list-parser.h"
#include "pb-screening-types.h"

G_BEGIN_DECLS

#define PB_LIST_CHUNK_SIZE      (64 * 1024)
/* Bounds no real list comes near: a hostile file fails on them instead
 * of taking the memory or the time. */
#define PB_LIST_FIELD_MAX       (1024 * 1024)       /* one CSV field, XML text or JSON record */
#define PB_LIST_FIELDS_MAX      512                 /* columns of a CSV row */
#define PB_LIST_DEPTH_MAX       64                  /* XML or JSON nesting */
#define PB_LIST_ROWS_MAX        100000              /* CSV rows that make one entry */

typedef struct _PbListReader PbListReader;

struct _PbListReader
{
  GInputStream       *stream;
  const char         *display_name;
  GChecksum          *checksum;
  GCancellable       *cancellable;
  PbListProgressFunc  progress;
  gpointer            progress_data;
  guint64             size_hint;
  guint64             n_read;
  guint               n_entries;
  PbListEntryFunc     func;
  gpointer            func_data;
  char               *published;
  char                buffer[PB_LIST_CHUNK_SIZE];
  gsize               pending;    /* bytes of buffer read for detection, not yet handed out */
};

/* The next chunk of the file in @data (0 at its end), or -1 with @error. */
gssize    _pb_list_reader_read          (PbListReader  *reader,
                                         const char   **data,
                                         GError       **error);
/* Hands @entry to the caller's function; takes the reference. */
gboolean  _pb_list_reader_emit          (PbListReader  *reader,
                                         PbListEntry   *entry,
                                         GError       **error);
/* Keeps the latest of the dates seen as the publication date. */
void      _pb_list_reader_set_published (PbListReader  *reader,
                                         const char    *date);

/* Sets @error to "FILE, line N: message". */
void      _pb_list_set_error            (GError       **error,
                                         PbScreeningError code,
                                         const char    *display_name,
                                         guint64        line,
                                         const char    *format,
                                         ...) G_GNUC_PRINTF (5, 6);

/* CSV (RFC 4180): quoted fields may hold the delimiter, quotes and line
 * breaks. @func gets each record; the fields are valid UTF-8. */
typedef struct _PbListCsv PbListCsv;
typedef gboolean (*PbListCsvRecordFunc) (PbListCsv     *csv,
                                     gpointer   user_data,
                                     GError   **error);

gboolean    _pb_list_csv_parse               (PbListReader     *reader,
                                         char              delimiter,
                                         PbListCsvRecordFunc   func,
                                         gpointer          user_data,
                                         GError          **error);
guint       _pb_list_csv_get_n_fields        (PbListCsv            *csv);
const char *_pb_list_csv_get_field           (PbListCsv            *csv,
                                         guint             index);
guint64     _pb_list_csv_get_line            (PbListCsv            *csv);

/* A header row mapped to column indices: -1 for a missing column. */
typedef struct
{
  const char *name;
  int        *index;
  gboolean    required;
} PbListCsvColumn;

/* Looks each column up in the current record; a required one missing is a
 * changed layout (PB_SCREENING_ERROR_LAYOUT) naming it. */
gboolean    _pb_list_csv_map_header          (PbListCsv            *csv,
                                         PbListCsvColumn      *columns,
                                         guint             n_columns,
                                         GError          **error);
/* The field at @index, or NULL when @index is -1, past the row, or empty. */
const char *_pb_list_csv_get                 (PbListCsv            *csv,
                                         int               index);

/* XML through GMarkup, fed chunk by chunk. */
typedef struct _PbXml PbXml;

typedef struct
{
  gboolean (*start) (PbXml        *xml,
                     const char   *element,
                     const char  **names,
                     const char  **values,
                     gpointer      user_data,
                     GError      **error);
  gboolean (*end)   (PbXml        *xml,
                     const char   *element,
                     const char   *text,
                     gpointer      user_data,
                     GError      **error);
} PbXmlHandlers;

gboolean    _pb_xml_parse               (PbListReader         *reader,
                                         const PbXmlHandlers  *handlers,
                                         gpointer              user_data,
                                         GError              **error);
/* In a start or end handler: the parent of the element (@up = 0), its
 * parent (1), ... or "". */
const char *_pb_xml_get_ancestor        (PbXml                *xml,
                                         guint                 up);
guint       _pb_xml_get_depth           (PbXml                *xml);
void        _pb_xml_set_error           (PbXml                *xml,
                                         GError              **error,
                                         PbScreeningError      code,
                                         const char           *format,
                                         ...) G_GNUC_PRINTF (4, 5);
const char *_pb_xml_get_attribute       (const char          **names,
                                         const char          **values,
                                         const char           *name);

/* The parsers, one a format; in pb-list-parser-<list>.c. */
gboolean    _pb_list_parse_eu_xml       (PbListReader *reader, GError **error);
gboolean    _pb_list_parse_eu_csv       (PbListReader *reader, GError **error);
gboolean    _pb_list_parse_un_xml       (PbListReader *reader, GError **error);
gboolean    _pb_list_parse_uk_csv       (PbListReader *reader, GError **error);
gboolean    _pb_list_parse_uk_xml       (PbListReader *reader, GError **error);
gboolean    _pb_list_parse_us_csl_csv   (PbListReader *reader, GError **error);
gboolean    _pb_list_parse_us_csl_json  (PbListReader *reader, GError **error);
gboolean    _pb_list_parse_opensanctions_csv (PbListReader *reader, GError **error);

/* Helpers for the parsers. */
/* Adds each part of @text split at @separator, stripped. */
void        _pb_list_split_add          (PbListEntry  *entry,
                                         void        (*add) (PbListEntry *, const char *),
                                         const char   *text,
                                         const char   *separator);
/* Adds the country, as an ISO code when the text names a known country. */
void        _pb_list_add_country        (PbListEntry  *entry,
                                         const char   *text);
/* Appends @text to *@field as a "; "-separated list, skipping repeats. */
void        _pb_list_append             (char        **field,
                                         const char   *text);

G_END_DECLS
