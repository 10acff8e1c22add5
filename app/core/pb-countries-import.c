/* pb-countries-import.c: new reference data from Freedom House's spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "pb-countries-import.h"
#include "pb-csv.h"
#include "pb-types.h"

/* How far down the header may be: the export starts with a title line. */
#define HEADER_SEARCH_ROWS 10

const char * const pb_fiw_required_columns[] = {
  "Country/Territory", "C/T", "Edition", "Status", "PR", "CL", "Total", NULL
};

enum { COL_NAME, COL_CT, COL_EDITION, COL_STATUS, COL_PR, COL_CL, COL_TOTAL, N_COLUMNS };

typedef struct
{
  const char *name;
  const char *status;     /* free, partly-free, not-free */
  int         total;
  guint       line;
} FiwRow;

typedef struct
{
  JsonObject *object;     /* a country or region of the base data */
  char       *label;      /* "CN", "CN/tibet" */
  FiwRow     *row;        /* the lowest-scoring row matched */
  GString    *names;      /* "West Bank 20, Gaza Strip 11" when several */
  guint       n_rows;
} Target;

void
pb_import_report_free (PbImportReport *report)
{
  if (report == NULL)
    return;

  g_free (report->edition);
  g_clear_pointer (&report->unmapped, g_ptr_array_unref);
  g_clear_pointer (&report->changes, g_ptr_array_unref);
  g_free (report);
}

static void
target_free (Target *target)
{
  g_free (target->label);
  if (target->names != NULL)
    g_string_free (target->names, TRUE);
  g_free (target);
}

static gboolean
fail (GError     **error,
      const char  *display_name,
      guint        line,
      const char  *message)
{
  /* Translators: file name, line number, what is wrong */
  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID, _("%s:%u: %s"), display_name, line, message);
  return FALSE;
}

/* The key names are compared by: ASCII, lower case, single spaces. */
static char *
name_key (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autofree char *lower = g_ascii_strdown (ascii, -1);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (lower), " \t", -1);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, words[i]);
    }
  /* The web tables mark territories with an asterisk. */
  while (key->len > 0 && key->str[key->len - 1] == '*')
    g_string_truncate (key, key->len - 1);

  return g_string_free (g_steal_pointer (&key), FALSE);
}

static gboolean
parse_int (const char *text,
           int         min,
           int         max,
           int        *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gint64 value;

  if (!g_ascii_string_to_signed (copy, 10, min, max, &value, NULL))
    return FALSE;

  *out = (int) value;
  return TRUE;
}

static const char *
parse_status (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  if (g_str_equal (copy, "F"))
    return "free";
  if (g_str_equal (copy, "PF"))
    return "partly-free";
  if (g_str_equal (copy, "NF"))
    return "not-free";

  return NULL;
}

/* The index of each required column in the header row, or an error. */
static gboolean
find_header (PbCsv       *csv,
             const char  *display_name,
             guint       *header_row,
             int          columns[N_COLUMNS],
             GError     **error)
{
  guint n_fields;

  for (guint r = 0; r < pb_csv_get_n_rows (csv) && r < HEADER_SEARCH_ROWS; r++)
    {
      const char * const *fields = pb_csv_get_row (csv, r, &n_fields);
      g_autoptr(GString) missing = g_string_new (NULL);
      gboolean found = FALSE;

      for (guint f = 0; f < n_fields && !found; f++)
        {
          g_autofree char *field = g_strstrip (g_strdup (fields[f]));
          found = g_str_equal (field, "Country/Territory");
        }
      if (!found)
        continue;

      for (guint c = 0; c < N_COLUMNS; c++)
        {
          columns[c] = -1;
          for (guint f = 0; f < n_fields; f++)
            {
              g_autofree char *field = g_strstrip (g_strdup (fields[f]));

              if (g_str_equal (field, pb_fiw_required_columns[c]) && columns[c] < 0)
                columns[c] = (int) f;
            }
          if (columns[c] < 0)
            g_string_append_printf (missing, "%s“%s”", missing->len ? ", " : "", pb_fiw_required_columns[c]);
        }

      if (missing->len > 0)
        {
          g_autofree char *list = g_strjoinv ("”, “", (char **) pb_fiw_required_columns);
          /* Translators: the missing column names, then the expected ones */
          g_autofree char *message = g_strdup_printf (_("the header has no column %s: this is not the "
                                                        "layout of the Freedom in the World “All data” "
                                                        "export this program reads (it needs “%s”)"),
                                                      missing->str, list);
          return fail (error, display_name, pb_csv_get_line (csv, r), message);
        }

      *header_row = r;
      return TRUE;
    }

  return fail (error, display_name, pb_csv_get_n_rows (csv) > 0 ? pb_csv_get_line (csv, 0) : 1,
               _("no header line with a “Country/Territory” column in the first lines: this is not "
                 "a CSV export of Freedom House's Freedom in the World “All data” workbook"));
}

static gboolean
row_is_blank (const char * const *fields)
{
  for (guint f = 0; fields[f] != NULL; f++)
    {
      g_autofree char *field = g_strstrip (g_strdup (fields[f]));
      if (*field != '\0')
        return FALSE;
    }

  return TRUE;
}

static gboolean
column_error (GError     **error,
              const char  *display_name,
              guint        line,
              int          column,
              const char  *value,
              const char  *expected)
{
  /* Translators: a column name, the value found, what was expected */
  g_autofree char *message = g_strdup_printf (_("column “%s”: “%s” is not %s"),
                                              pb_fiw_required_columns[column], value, expected);
  return fail (error, display_name, line, message);
}

/* Every data row, checked; rows of other editions are checked too, so that
 * a damaged file is refused whole. */
static GArray *
read_rows (PbCsv       *csv,
           const char  *display_name,
           guint        header_row,
           const int    columns[N_COLUMNS],
           guint        edition,
           guint       *newest,
           GError     **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (FiwRow));
  int max_column = 0;

  for (guint c = 0; c < N_COLUMNS; c++)
    max_column = MAX (max_column, columns[c]);

  *newest = 0;
  for (guint r = header_row + 1; r < pb_csv_get_n_rows (csv); r++)
    {
      guint n_fields, line = pb_csv_get_line (csv, r);
      const char * const *fields = pb_csv_get_row (csv, r, &n_fields);
      int year, pr, cl, total;
      const char *status;
      FiwRow row;

      if (row_is_blank (fields))
        continue;
      if ((int) n_fields <= max_column)
        {
          g_autofree char *message = g_strdup_printf (_("%u fields where the header needs at least %d: "
                                                        "the file is truncated or its layout changed"),
                                                      n_fields, max_column + 1);
          fail (error, display_name, line, message);
          return NULL;
        }

      {
        g_autofree char *name = g_strstrip (g_strdup (fields[columns[COL_NAME]]));
        if (*name == '\0')
          {
            column_error (error, display_name, line, COL_NAME, name, _("a name"));
            return NULL;
          }
      }
      {
        g_autofree char *ct = g_strstrip (g_strdup (fields[columns[COL_CT]]));
        if (!g_str_equal (ct, "c") && !g_str_equal (ct, "t"))
          {
            column_error (error, display_name, line, COL_CT, ct, _("“c” or “t”"));
            return NULL;
          }
      }
      if (!parse_int (fields[columns[COL_EDITION]], 1973, 2200, &year))
        {
          column_error (error, display_name, line, COL_EDITION, fields[columns[COL_EDITION]], _("a year"));
          return NULL;
        }
      if ((status = parse_status (fields[columns[COL_STATUS]])) == NULL)
        {
          column_error (error, display_name, line, COL_STATUS, fields[columns[COL_STATUS]], _("F, PF or NF"));
          return NULL;
        }
      if (!parse_int (fields[columns[COL_PR]], -4, 40, &pr))
        {
          column_error (error, display_name, line, COL_PR, fields[columns[COL_PR]], _("a score from -4 to 40"));
          return NULL;
        }
      if (!parse_int (fields[columns[COL_CL]], 0, 60, &cl))
        {
          column_error (error, display_name, line, COL_CL, fields[columns[COL_CL]], _("a score from 0 to 60"));
          return NULL;
        }
      if (!parse_int (fields[columns[COL_TOTAL]], -4, 100, &total) || total != pr + cl)
        {
          column_error (error, display_name, line, COL_TOTAL, fields[columns[COL_TOTAL]],
                        _("the sum of PR and CL"));
          return NULL;
        }

      *newest = MAX (*newest, (guint) year);
      if (edition != 0 && (guint) year != edition)
        continue;

      row.name = fields[columns[COL_NAME]];
      row.status = status;
      row.total = total;
      row.line = line;
      g_array_append_val (rows, row);
    }

  return g_steal_pointer (&rows);
}

static void
add_key (GHashTable *map,
         const char *name,
         Target     *target)
{
  g_autofree char *key = name_key (name);
  Target *existing = g_hash_table_lookup (map, key);

  /* A name that could mean two entries means none. */
  if (existing != NULL && existing != target)
    g_hash_table_replace (map, g_steal_pointer (&key), GINT_TO_POINTER (1));
  else if (existing == NULL)
    g_hash_table_insert (map, g_steal_pointer (&key), target);
}

static void
add_names (GHashTable *map,
           JsonObject *object,
           Target     *target,
           gboolean    region)
{
  JsonArray *fh_names = json_object_has_member (object, "fh_names")
                        ? json_object_get_array_member (object, "fh_names") : NULL;

  if (!region)
    {
      add_key (map, json_object_get_string_member (object, "name"), target);
      if (json_object_has_member (object, "common_name"))
        add_key (map, json_object_get_string_member (object, "common_name"), target);
    }
  for (guint i = 0; fh_names != NULL && i < json_array_get_length (fh_names); i++)
    add_key (map, json_array_get_string_element (fh_names, i), target);
}

/* Copies @object with its members in @order, then any others; @member
 * replaced by (or inserted as) @value. */
static JsonObject *
reorder (JsonObject         *object,
         const char * const *order,
         const char         *member,
         JsonNode           *value)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (guint i = 0; order[i] != NULL; i++)
    {
      if (g_str_equal (order[i], member))
        json_object_set_member (copy, member, json_node_ref (value));
      else if (json_object_has_member (object, order[i]))
        json_object_set_member (copy, order[i], json_node_copy (json_object_get_member (object, order[i])));
    }
  for (const GList *l = members; l != NULL; l = l->next)
    if (!json_object_has_member (copy, l->data))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (object, l->data)));

  return copy;
}

static const char * const country_order[] = {
  "code", "name", "common_name", "fh_names", "fiw", "fotn", "measures", "regions", NULL
};
static const char * const region_order[] = {
  "id", "name", "concern", "fh_names", "fiw", "facts", NULL
};
static const char * const root_order[] = {
  "format", "format_version", "version", "generated", "reviewed", "review_due",
  "note", "imports", "sources", "countries", "listings", NULL
};

static JsonNode *
new_rating (Target     *target,
            const char *edition,
            const char *source_id)
{
  JsonObject *rating = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GString) note = g_string_new (NULL);

  json_object_set_string_member (rating, "status", target->row->status);
  json_object_set_int_member (rating, "score", MAX (target->row->total, 0));
  json_object_set_string_member (rating, "edition", edition);
  json_object_set_string_member (rating, "source", source_id);
  json_object_set_string_member (rating, "confidence", "V");
  if (target->row->total < 0)
    g_string_append_printf (note, "Freedom House total %d, recorded as 0", target->row->total);
  if (target->n_rows > 1)
    g_string_append_printf (note, "%slowest of several entries: %s", note->len ? "; " : "",
                            target->names->str);
  if (note->len > 0)
    json_object_set_string_member (rating, "note", note->str);

  json_node_take_object (node, rating);
  return node;
}

/* The old and new rating as "not-free 9", for the report. */
static char *
describe_rating (JsonObject *object)
{
  JsonObject *fiw;

  if (!json_object_has_member (object, "fiw"))
    return g_strdup (_("none"));
  fiw = json_object_get_object_member (object, "fiw");
  if (!json_object_has_member (fiw, "score"))
    return g_strdup (json_object_get_string_member (fiw, "status"));

  return g_strdup_printf ("%s %" G_GINT64_FORMAT, json_object_get_string_member (fiw, "status"),
                          json_object_get_int_member (fiw, "score"));
}

GBytes *
pb_countries_import_fiw_csv (PbCountries     *base,
                             GBytes          *csv_bytes,
                             const char      *display_name,
                             guint            edition,
                             const char      *today,
                             PbImportReport **report_out,
                             GError         **error)
{
  g_autoptr(PbCsv) csv = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) map = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(PbImportReport) report = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(PbCountries) check = NULL;
  g_autofree char *source_id = NULL;
  g_autofree char *csv_sha256 = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *version = NULL;
  g_autofree char *json = NULL;
  JsonObject *root, *sources, *source, *import;
  JsonArray *countries, *imports;
  JsonNode *node;
  int columns[N_COLUMNS];
  guint header_row, newest;
  gsize base_size;
  const char *base_data;

  g_return_val_if_fail (PB_IS_COUNTRIES (base), NULL);
  g_return_val_if_fail (csv_bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (today != NULL && strlen (today) == 10, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  csv = pb_csv_parse (csv_bytes, display_name, error);
  if (csv == NULL)
    return NULL;
  if (!find_header (csv, display_name, &header_row, columns, error))
    return NULL;
  rows = read_rows (csv, display_name, header_row, columns, edition, &newest, error);
  if (rows == NULL)
    return NULL;
  if (newest == 0)
    {
      fail (error, display_name, pb_csv_get_line (csv, header_row),
            _("no rating after the header line: the file is empty or truncated"));
      return NULL;
    }
  if (edition == 0)
    {
      edition = newest;
      g_array_unref (g_steal_pointer (&rows));
      rows = read_rows (csv, display_name, header_row, columns, edition, &newest, error);
      g_assert (rows != NULL);
    }
  else if (rows->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("no rating of edition %u in the file (the newest is %u)"),
                                                  edition, newest);
      fail (error, display_name, pb_csv_get_line (csv, header_row), message);
      return NULL;
    }

  /* The base data as a tree we rewrite. */
  base_data = g_bytes_get_data (pb_countries_get_bytes (base), &base_size);
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, base_data, base_size, error))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  countries = json_object_get_array_member (root, "countries");

  map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  for (guint i = 0; i < json_array_get_length (countries); i++)
    {
      JsonObject *country = json_array_get_object_element (countries, i);
      JsonArray *regions = json_object_has_member (country, "regions")
                           ? json_object_get_array_member (country, "regions") : NULL;
      Target *target = g_new0 (Target, 1);

      target->object = country;
      target->label = g_strdup (json_object_get_string_member (country, "code"));
      g_ptr_array_add (targets, target);
      add_names (map, country, target, FALSE);

      for (guint r = 0; regions != NULL && r < json_array_get_length (regions); r++)
        {
          JsonObject *region = json_array_get_object_element (regions, r);

          target = g_new0 (Target, 1);
          target->object = region;
          target->label = g_strdup_printf ("%s/%s", json_object_get_string_member (country, "code"),
                                           json_object_get_string_member (region, "id"));
          g_ptr_array_add (targets, target);
          add_names (map, region, target, TRUE);
        }
    }

  report = g_new0 (PbImportReport, 1);
  report->edition = g_strdup_printf ("FIW %u", edition);
  report->n_rows = rows->len;
  report->unmapped = g_ptr_array_new_with_free_func (g_free);
  report->changes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rows->len; i++)
    {
      FiwRow *row = &g_array_index (rows, FiwRow, i);
      g_autofree char *key = name_key (row->name);
      Target *target = g_hash_table_lookup (map, key);
      g_autofree char *name = g_strstrip (g_strdup (row->name));

      if (target == NULL || target == GINT_TO_POINTER (1))
        {
          g_ptr_array_add (report->unmapped, g_steal_pointer (&name));
          continue;
        }
      if (target->names == NULL)
        target->names = g_string_new (NULL);
      g_string_append_printf (target->names, "%s%s %d", target->names->len ? ", " : "",
                              name, row->total);
      target->n_rows++;
      if (target->row == NULL || row->total < target->row->total)
        target->row = row;
    }

  csv_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csv_bytes);
  basename = g_path_get_basename (display_name);
  source_id = g_strdup_printf ("fh-fiw-%u-import", edition);

  for (guint i = 0; i < targets->len; i++)
    {
      Target *target = g_ptr_array_index (targets, i);
      g_autoptr(JsonNode) rating = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      gboolean is_region = strchr (target->label, '/') != NULL;
      JsonObject *copy;

      if (target->row == NULL)
        continue;

      rating = new_rating (target, report->edition, source_id);
      before = describe_rating (target->object);
      copy = reorder (target->object, is_region ? region_order : country_order, "fiw", rating);
      after = describe_rating (copy);
      report->n_updated++;
      if (!g_str_equal (before, after))
        {
          report->n_changed++;
          g_ptr_array_add (report->changes, g_strdup_printf ("%s: %s → %s", target->label, before, after));
        }

      /* Swap the members of the original object for the reordered ones, so
       * the arrays holding it need no change. */
      {
        g_autoptr(GList) old_members = json_object_get_members (target->object);
        g_autoptr(GList) new_members = json_object_get_members (copy);
        g_autoptr(GPtrArray) old_names = g_ptr_array_new_with_free_func (g_free);

        for (const GList *l = old_members; l != NULL; l = l->next)
          g_ptr_array_add (old_names, g_strdup (l->data));
        for (guint n = 0; n < old_names->len; n++)
          json_object_remove_member (target->object, g_ptr_array_index (old_names, n));
        for (const GList *l = new_members; l != NULL; l = l->next)
          json_object_set_member (target->object, l->data,
                                  json_node_copy (json_object_get_member (copy, l->data)));
        json_object_unref (copy);
      }
    }

  /* The source of the new ratings. */
  sources = json_object_get_object_member (root, "sources");
  source = json_object_new ();
  {
    g_autofree char *title = g_strdup_printf ("Freedom House, Freedom in the World %u, “All data” "
                                              "spreadsheet exported as CSV (%s, SHA-256 %s), imported "
                                              "with probity-cli data import on %s",
                                              edition, basename, csv_sha256, today);
    json_object_set_string_member (source, "title", title);
  }
  json_object_set_string_member (source, "url", "https://freedomhouse.org/report/freedom-world");
  json_object_set_string_member (source, "date", today);
  json_object_set_object_member (sources, source_id, source);

  /* What was imported, kept in the file. */
  if (!json_object_has_member (root, "imports"))
    json_object_set_array_member (root, "imports", json_array_new ());
  imports = json_object_get_array_member (root, "imports");
  import = json_object_new ();
  json_object_set_string_member (import, "date", today);
  json_object_set_string_member (import, "kind", "fiw-all-data-csv");
  json_object_set_string_member (import, "file", basename);
  json_object_set_string_member (import, "sha256", csv_sha256);
  json_object_set_string_member (import, "edition", report->edition);
  json_object_set_int_member (import, "rows", report->n_rows);
  json_object_set_int_member (import, "updated", report->n_updated);
  json_array_add_object_element (imports, import);

  {
    const char *old_version = json_object_get_string_member (root, "version");
    const char *plus = strchr (old_version, '+');
    g_autofree char *stem = plus ? g_strndup (old_version, plus - old_version) : g_strdup (old_version);

    version = g_strdup_printf ("%s+fiw%u", stem, edition);
  }
  json_object_set_string_member (root, "version", version);
  json_object_set_string_member (root, "generated", today);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, reorder (root, root_order, "", NULL));

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);
  json_generator_set_root (generator, node);
  json = json_generator_to_data (generator, NULL);
  json_node_unref (node);

  {
    g_autoptr(GBytes) result = g_bytes_new_take (g_strconcat (json, "\n", NULL), strlen (json) + 1);

    /* What we write must be what the strict loader accepts. */
    check = pb_countries_new_from_bytes (result, display_name, error);
    if (check == NULL)
      return NULL;

    if (report_out != NULL)
      *report_out = g_steal_pointer (&report);
    return g_steal_pointer (&result);
  }
}
