/* test-store-export.c: the case list and the portfolio summary exported
 * as CSV and ODS by `probity-cli case export --format`, read back by other
 * programs' readers (Python's csv, zipfile and XML parser)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-case-export.h"
#include "pb-case-store.h"
#include "pb-db-pg.h"
#include "pb-storage-private.h"
#include "store-fixture.h"
#include "test-actor.h"

/* Two cases: one a formula in disguise, decided; one with a comma. */
static void
two_cases (StoreFixture  *f,
           char         **formula,
           char         **comma)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbHistoryEvent) decided = NULL;
  PbCaseStore *bob;

  *formula = store_fixture_new_case (f, NULL, "=HYPERLINK(\"http://evil.example\",\"x\")");
  *comma = store_fixture_new_case (f, NULL, "Acme, \"Security\" Ltd");

  store_fixture_answer (f->store, *formula, "S1.01", "\"camera\"", NULL, NULL);
  pb_case_store_submit (f->store, *formula, &error);
  g_assert_no_error (error);
  /* Bob decides: on a server through his own connection, and the history
   * names him as the server authenticated him. */
  bob = store_fixture_act_as (f, "Bob");
  pb_case_store_decide (bob, *formula, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "reviewed", "end-use checks", NULL,
                        &error);
  g_assert_no_error (error);
  history = pb_case_store_list_history (bob, *formula, &error);
  g_assert_no_error (error);
  decided = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);
  g_assert_cmpint (pb_history_event_get_kind (decided), ==, PB_EVENT_STATUS_CHANGED);
  g_assert_cmpstr (pb_history_event_get_user (decided), ==, store_fixture_on_server (f) ? "bob" : "Bob");
}

static char *
export (StoreFixture *f,
        const char   *first,
        ...)
{
  g_autofree char *cli = store_cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, "case");
  g_ptr_array_add (argv, "export");
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, f->path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (store_run ((const char * const *) argv->pdata, &out, &err) != 0)
    g_error ("case export failed: %s", err);

  return g_steal_pointer (&out);
}

/* Runs @script with python3 on @path; returns what it printed. */
static char *
python (const char *script,
        const char *path)
{
  const char *argv[] = { "python3", "-c", script, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (store_run (argv, &out, &err) != 0)
    g_error ("python3 failed: %s", err);

  return g_steal_pointer (&out);
}

/* Each row of a CSV file as Python's csv module reads it, fields joined
 * by "|". */
static const char read_csv[] =
  "import csv, sys\n"
  "with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n"
  "    for row in csv.reader(f):\n"
  "        print('|'.join(row))\n";

static void
test_csv (StoreFixture  *f,
          gconstpointer  data)
{
  g_autofree char *formula = NULL;
  g_autofree char *comma = NULL;
  g_autofree char *out = NULL;
  g_autofree char *path = store_fixture_build_path (f, "cases.csv");
  g_autofree char *rows = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) lines = NULL;

  two_cases (f, &formula, &comma);

  /* To standard output: UTF-8 with a byte-order mark, CRLF. */
  out = export (f, "--format", "csv", NULL);
  g_assert_true (g_str_has_prefix (out, "\xef\xbb\xbf" "Case,Revision,Customer,Country code,Country,Product,"));
  g_assert_nonnull (strstr (out, "\r\n"));

  g_clear_pointer (&out, g_free);
  out = export (f, "--format", "csv", "-o", path, NULL);
  g_assert_cmpstr (out, ==, "");
  rows = python (read_csv, path);
  lines = g_strsplit (rows, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, two cases, "" */
  g_assert_true (g_str_has_prefix (lines[0], "Case|Revision|Customer|Country code|Country|Product|Product version|"
                                             "Questionnaire|Questionnaire version|Status|Decision|Outcome|Answers|"));

  /* The most recently changed first: the decided case. The formula is
   * text, the comma and quotes survive, the country has its name. */
  expected = g_strdup_printf ("%s|1|'=HYPERLINK(\"http://evil.example\",\"x\")|GB|United Kingdom|EyeCam|4.2|", formula);
  g_assert_true (g_str_has_prefix (lines[1], expected));
  g_assert_nonnull (strstr (lines[1], "|Approved with conditions|"));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s|1|Acme, \"Security\" Ltd|GB|", comma);
  g_assert_true (g_str_has_prefix (lines[2], expected));
  g_assert_nonnull (strstr (lines[2], "|Draft|None yet|"));

  /* Filtered as the list filters. */
  g_clear_pointer (&out, g_free);
  out = export (f, "--format", "csv", "--decision", "approved-with-conditions", NULL);
  g_assert_nonnull (strstr (out, formula));
  g_assert_null (strstr (out, comma));
}

static void
test_summary (StoreFixture  *f,
              gconstpointer  data)
{
  g_autofree char *formula = NULL;
  g_autofree char *comma = NULL;
  g_autofree char *path = store_fixture_build_path (f, "portfolio.csv");
  g_autofree char *out = NULL;
  g_autofree char *rows = NULL;
  g_auto(GStrv) lines = NULL;

  two_cases (f, &formula, &comma);
  g_free (store_fixture_new_case (f, NULL, "Initech"));

  out = export (f, "--format", "csv", "--summary", "-o", path, NULL);
  rows = python (read_csv, path);
  lines = g_strsplit (rows, "\n", -1);

  /* Group, value, one column per outcome, the total. */
  g_assert_cmpstr (lines[0], ==, "Group|Value|Proceed|Proceed with conditions|Consult the authority|"
                                 "On hold|Incomplete|Do not proceed|Total");
  g_assert_true (g_str_has_prefix (lines[1], "All|All cases|"));
  g_assert_true (g_str_has_suffix (lines[1], "|3"));
  g_assert_true (g_str_has_prefix (lines[2], "Country|United Kingdom|"));
  g_assert_true (g_str_has_suffix (lines[2], "|3"));
  g_assert_true (g_str_has_prefix (lines[3], "Product|EyeCam 4.2|"));
  /* By status, the most cases first. */
  g_assert_true (g_str_has_prefix (lines[4], "Status|Draft|"));
  g_assert_true (g_str_has_suffix (lines[4], "|2"));
  g_assert_true (g_str_has_prefix (lines[5], "Status|Approved with conditions|"));
  g_assert_true (g_str_has_suffix (lines[5], "|1"));
  g_assert_true (g_str_has_prefix (lines[6], "Decision|None yet|"));
  g_assert_true (g_str_has_prefix (lines[7], "Decision|Approved with conditions|"));
  g_assert_cmpstr (lines[8], ==, "");
}

/* The zip's entries as Python's zipfile reads them (checking every CRC),
 * then each sheet of content.xml, its rows, and the first cells. */
static const char read_ods[] =
  "import sys, zipfile, xml.etree.ElementTree as ET\n"
  "z = zipfile.ZipFile(sys.argv[1])\n"
  "assert z.testzip() is None\n"
  "print(' '.join(i.filename + ':' + str(i.compress_type) for i in z.infolist()))\n"
  "print(z.read('mimetype').decode())\n"
  "ns = {'table': 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',\n"
  "      'office': 'urn:oasis:names:tc:opendocument:xmlns:office:1.0',\n"
  "      'text': 'urn:oasis:names:tc:opendocument:xmlns:text:1.0'}\n"
  "ET.fromstring(z.read('META-INF/manifest.xml'))\n"
  "root = ET.fromstring(z.read('content.xml'))\n"
  "for t in root.iter('{%s}table' % ns['table']):\n"
  "    rows = t.findall('table:table-row', ns)\n"
  "    cell = rows[1].findall('table:table-cell', ns)[1]\n"
  "    print(t.get('{%s}name' % ns['table']), len(rows),\n"
  "          cell.get('{%s}value-type' % ns['office']), cell.get('{%s}value' % ns['office']),\n"
  "          rows[1].findall('table:table-cell', ns)[2].find('text:p', ns).text)\n";

static void
test_ods (StoreFixture  *f,
          gconstpointer  data)
{
  g_autofree char *formula = NULL;
  g_autofree char *comma = NULL;
  g_autofree char *path = store_fixture_build_path (f, "cases.ods");
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *read = NULL;
  g_autofree char *expected = NULL;
  gsize size;

  two_cases (f, &formula, &comma);
  out = export (f, "--format", "ods", "-o", path, NULL);

  /* What tells an .ods from any zip: "mimetype" first, stored, no extra
   * field, so that its value sits at byte 38 (ODF 1.2, part 3, 3.3). */
  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpuint (size, >, 100);
  g_assert_cmpmem (contents, 4, "PK\3\4", 4);
  g_assert_cmpmem (contents + 30, 8, "mimetype", 8);
  g_assert_cmpmem (contents + 38, 46, "application/vnd.oasis.opendocument.spreadsheet", 46);

  read = python (read_ods, path);
  /* Stored (0) first, then deflated (8); two sheets, a number is a number,
   * a formula in a name is a name. */
  expected = g_strdup_printf ("mimetype:0 META-INF/manifest.xml:8 content.xml:8\n"
                              "application/vnd.oasis.opendocument.spreadsheet\n"
                              "Cases 3 float 1 =HYPERLINK(\"http://evil.example\",\"x\")\n"
                              "Portfolio 8 string None 1\n");
  g_assert_cmpstr (read, ==, expected);
}

/* The two cases of @f, one after the other, @n times: a long list. */
static GListModel *
repeat_cases (StoreFixture *f,
              guint         n)
{
  g_autoptr(GListModel) cases = pb_case_store_list_cases (f->store, NULL, NULL);
  GListStore *many = g_list_store_new (PB_TYPE_CASE_INFO);

  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i % 2);

      g_list_store_append (many, info);
    }

  return G_LIST_MODEL (many);
}

/* A list long enough that content.xml is compressed in many pieces, and
 * escaped cells among them: every row arrives, every CRC checks. */
static const char read_ods_rows[] =
  "import sys, zipfile, xml.etree.ElementTree as ET\n"
  "z = zipfile.ZipFile(sys.argv[1])\n"
  "assert z.testzip() is None\n"
  "ns = {'table': 'urn:oasis:names:tc:opendocument:xmlns:table:1.0',\n"
  "      'text': 'urn:oasis:names:tc:opendocument:xmlns:text:1.0'}\n"
  "content = z.read('content.xml')\n"
  "rows = next(ET.fromstring(content).iter('{%s}table' % ns['table'])).findall('table:table-row', ns)\n"
  "names = {r.findall('table:table-cell', ns)[2].find('text:p', ns).text for r in rows[1:]}\n"
  "print(len(rows), len(content) > 1024 * 1024, ' | '.join(sorted(names)))\n";

static void
test_ods_large (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *plain = store_fixture_new_case (f, NULL, "Acme");
  g_autofree char *escaped = store_fixture_new_case (f, NULL, "Söhne & Co <GmbH>");
  g_autofree char *path = store_fixture_build_path (f, "large.ods");
  g_autofree char *read = NULL;
  g_autoptr(GListModel) many = repeat_cases (f, 2000);
  g_autoptr(GBytes) ods = NULL;
  g_autoptr(GError) error = NULL;

  ods = pb_case_export (many, NULL, PB_EXPORT_FORMAT_ODS, PB_EXPORT_CASES | PB_EXPORT_PORTFOLIO, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (ods, NULL), g_bytes_get_size (ods), &error);
  g_assert_no_error (error);

  read = python (read_ods_rows, path);
  g_assert_cmpstr (read, ==, "2001 True Acme | Söhne & Co <GmbH>\n");
}

/* A CSV file longer than the pieces it is written in: every row arrives. */
static void
test_csv_large (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *plain = store_fixture_new_case (f, NULL, "Acme");
  g_autofree char *quoted = store_fixture_new_case (f, NULL, "Söhne, \"Co\"");
  g_autofree char *path = store_fixture_build_path (f, "large.csv");
  g_autofree char *rows = NULL;
  g_autoptr(GListModel) many = repeat_cases (f, 5000);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  csv = pb_case_export (many, NULL, PB_EXPORT_FORMAT_CSV, PB_EXPORT_CASES, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (csv), >, 512 * 1024);
  g_file_set_contents (path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), &error);
  g_assert_no_error (error);

  rows = python (read_csv, path);
  lines = g_strsplit (rows, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5002);
  for (guint i = 1; i <= 5000; i++)
    g_assert_true (g_str_has_prefix (lines[i], i % 2 ? quoted : plain));
  g_assert_nonnull (strstr (lines[1], "|Söhne, \"Co\"|"));
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, size);
}

/* A store's cases read in one query and written to a file as they are
 * read: the same bytes as the export of its list, filtered as the list
 * filters; Cancel leaves no file, not even a part. */
static void
test_to_file (StoreFixture  *f,
              gconstpointer  data)
{
  g_autofree char *formula = NULL;
  g_autofree char *comma = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  PbExportFormat formats[] = { PB_EXPORT_FORMAT_CSV, PB_EXPORT_FORMAT_ODS };

  two_cases (f, &formula, &comma);
  cases = pb_case_store_list_cases (f->store, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      PbExportParts parts = formats[i] == PB_EXPORT_FORMAT_ODS ? PB_EXPORT_CASES | PB_EXPORT_PORTFOLIO : PB_EXPORT_CASES;
      g_autofree char *name = g_strconcat ("all.", pb_export_format_get_extension (formats[i]), NULL);
      g_autofree char *path = store_fixture_build_path (f, name);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GBytes) expected = pb_case_export (cases, NULL, formats[i], parts, &error);
      g_autoptr(GBytes) written = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (pb_case_export_to_file (f->store, NULL, NULL, formats[i], parts, file, NULL, &error), ==, 2);
      g_assert_no_error (error);
      written = read_bytes (path);
      g_assert_true (g_bytes_equal (written, expected));
    }

  {
    g_autofree char *path = store_fixture_build_path (f, "decided.csv");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GBytes) written = NULL;
    g_autofree char *text = NULL;

    filter.decision = PB_CASE_STATUS_APPROVED_WITH_CONDITIONS;
    g_assert_cmpint (pb_case_export_to_file (f->store, &filter, NULL, PB_EXPORT_FORMAT_CSV, PB_EXPORT_CASES, file, NULL,
                                             &error), ==, 1);
    g_assert_no_error (error);
    written = read_bytes (path);
    text = g_strndup (g_bytes_get_data (written, NULL), g_bytes_get_size (written));
    g_assert_nonnull (strstr (text, formula));
    g_assert_null (strstr (text, comma));
  }

  {
    g_autofree char *path = store_fixture_build_path (f, "cancelled.ods");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) folder = g_file_get_parent (file);
    g_autoptr(GFileEnumerator) children = NULL;
    GFileInfo *child;

    g_cancellable_cancel (cancellable);
    g_assert_cmpint (pb_case_export_to_file (f->store, NULL, NULL, PB_EXPORT_FORMAT_ODS,
                                             PB_EXPORT_CASES | PB_EXPORT_PORTFOLIO, file, cancellable, &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_false (g_file_query_exists (file, NULL));
    children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, &error);
    g_assert_no_error (error);
    while ((child = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
      {
        g_assert_false (g_str_has_suffix (g_file_info_get_name (child), ".part"));
        g_object_unref (child);
      }
    g_assert_no_error (error);
  }
}

typedef struct
{
  StoreFixture *f;
  const char   *changed;   /* a case the walk has not reached yet */
  GPtrArray    *seen;      /* the ids the walk gave */
  GMutex        lock;
  GCond         cond;
  gboolean      saved;
} Walk;

static gpointer
save_in_thread (gpointer data)
{
  Walk *walk = data;

  store_fixture_answer (walk->f->store, walk->changed, "T01", "\"saved while exporting\"", NULL, NULL);
  g_mutex_lock (&walk->lock);
  walk->saved = TRUE;
  g_cond_signal (&walk->cond);
  g_mutex_unlock (&walk->lock);

  return NULL;
}

/* At the first case: a save by another thread, on the store that shares
 * the file's connection, ends while the walk is under way. */
static gboolean
walk_case (PbCaseInfo  *info,
           gpointer     user_data,
           GError     **error)
{
  Walk *walk = user_data;

  if (walk->seen->len == 0)
    {
      gint64 end = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
      g_autoptr(GThread) thread = g_thread_new ("save", save_in_thread, walk);

      g_mutex_lock (&walk->lock);
      while (!walk->saved && g_cond_wait_until (&walk->cond, &walk->lock, end))
        ;
      g_mutex_unlock (&walk->lock);
      g_assert_true (walk->saved);
      g_thread_join (g_steal_pointer (&thread));
    }
  g_ptr_array_add (walk->seen, g_strdup (pb_case_info_get_id (info)));

  return TRUE;
}

/* The walk an export reads by holds no lock a window's save waits for (on a
 * file: a connection of its own), and reads one snapshot: the case saved
 * meanwhile, which the list now shows first, comes once, where it was. */
static void
test_walk_beside_saves (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Walk walk = { f, NULL, seen };

  if (!store_fixture_needs_file (f, "a connection of its own"))
    return;

  first = store_fixture_new_case (f, NULL, "Acme");
  second = store_fixture_new_case (f, NULL, "Initech");
  third = store_fixture_new_case (f, NULL, "Globex");
  walk.changed = first;
  g_mutex_init (&walk.lock);
  g_cond_init (&walk.cond);

  g_assert_true (pb_case_store_foreach_case (f->store, NULL, walk_case, &walk, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, third);
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, second);
  g_assert_cmpstr (g_ptr_array_index (seen, 2), ==, first);

  g_mutex_clear (&walk.lock);
  g_cond_clear (&walk.cond);
}

/* A list of none is a header; hostile bytes in a name make valid XML. */
static void
test_in_process (void)
{
  g_autoptr(GListStore) none = g_list_store_new (PB_TYPE_CASE_INFO);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) ods = NULL;
  g_autoptr(GError) error = NULL;
  PbExportFormat format;

  csv = pb_case_export (G_LIST_MODEL (none), NULL, PB_EXPORT_FORMAT_CSV, PB_EXPORT_CASES, &error);
  g_assert_no_error (error);
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));

    g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf" "Case,"));
    g_assert_true (g_str_has_suffix (text, ",Updated\r\n"));
    g_assert_cmpuint (strlen (strstr (text, "\r\n")), ==, 2);
  }

  ods = pb_case_export (G_LIST_MODEL (none), NULL, PB_EXPORT_FORMAT_ODS, PB_EXPORT_CASES | PB_EXPORT_PORTFOLIO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (ods), >, 100);

  g_assert_true (pb_export_format_from_string ("ods", &format));
  g_assert_cmpint (format, ==, PB_EXPORT_FORMAT_ODS);
  g_assert_false (pb_export_format_from_string ("xlsx", &format));
}

/* Control characters a name may hold are left out of the XML, which
 * could not hold them even escaped. */
static void
test_control_characters (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *id = store_fixture_new_case (f, NULL, "Bell\a Corp <&> \x01");
  g_autofree char *path = store_fixture_build_path (f, "bell.ods");
  g_autofree char *out = export (f, "--format", "ods", "-o", path, NULL);
  g_autofree char *read = python (read_ods, path);

  g_assert_nonnull (strstr (read, "Cases 2 float 1 Bell Corp <&> \n"));
}

static void
test_errors (StoreFixture  *f,
             gconstpointer  data)
{
  g_autofree char *cli = store_cli_path ();
  g_autofree char *err = NULL;

  {
    const char *argv[] = { cli, "case", "export", "--db", f->path, "--format", "xlsx", NULL };

    g_assert_cmpint (store_run (argv, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "xlsx"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { cli, "case", "export", "--db", f->path, "--format", "ods", NULL };

    g_assert_cmpint (store_run (argv, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "-o FILE"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { cli, "case", "export", "--db", f->path, "--format", "csv", "C-2026-00000000", NULL };

    g_assert_cmpint (store_run (argv, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "C-2026-00000000"));
  }
}

/* `probity-cli case summary`: the case on one page, with the decision
 * and who signed, as a program prints it. */
static void
test_summary_cli (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autofree char *formula = NULL;
  g_autofree char *comma = NULL;
  g_autofree char *cli = store_cli_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line = NULL;

  two_cases (f, &formula, &comma);
  {
    const char *argv[] = { cli, "case", "summary", "--db", f->path, formula, NULL };

    g_assert_cmpint (store_run (argv, &out, &err), ==, 0);
  }
  g_assert_true (g_str_has_prefix (out, "Assessment summary\n\n"));
  line = g_strdup_printf ("\nCase             %s\n", formula);
  g_assert_nonnull (strstr (out, line));
  g_assert_nonnull (strstr (out, "\nCustomer         =HYPERLINK(\"http://evil.example\",\"x\") (United Kingdom)\n"));
  g_assert_nonnull (strstr (out, "\nProduct          EyeCam 4.2\n"));
  g_assert_nonnull (strstr (out, "\nDecision         Approved with conditions\n"));
  g_assert_nonnull (strstr (out, "\nStatus           Approved with conditions\n"));
  g_assert_true (strstr (out, " flags, the most severe first:\n") != NULL || strstr (out, " flag, the most severe first:\n") != NULL ||
                 strstr (out, "\nNo risk flagged.\n") != NULL);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *argv[] = { cli, "case", "summary", "--db", f->path, "C-2026-00000000", NULL };

    g_assert_cmpint (store_run (argv, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "C-2026-00000000"));
  }
}

/* A real deal's summary (the Guilin Skynet answers): the flags by level,
 * the most severe first as the heading says, an unresolved one said to be
 * so, the conditions apart and without a level, times as people read them,
 * and every value in one column. */
static void
test_summary_flags (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *cli = store_cli_path ();
  g_autofree char *answers = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "tests", "data", "answers",
                                               "axis-guilin-skynet.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *case_id = NULL;
  g_auto(GStrv) lines = NULL;
  const char *flags, *conditions;
  PbSeverity last = PB_SEVERITY_CRITICAL;
  guint n_flags = 0, n_conditions = 0, value_column = 0;
  gboolean in_flags = FALSE, in_conditions = FALSE, seen_condition = FALSE;

  {
    const char *argv[] = { cli, "case", "new", "--db", f->path, "--customer", "Guilin PSB", "--country", "CN",
                           "--product", "Q6155-E", NULL };

    g_assert_cmpint (store_run (argv, &out, &err), ==, 0);
    case_id = g_strdup (g_strstrip (out));
    g_clear_pointer (&out, g_free);
  }
  {
    const char *argv[] = { cli, "case", "import-answers", "--db", f->path, case_id, answers, NULL };

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (store_run (argv, NULL, &err), ==, 0);
  }
  {
    const char *argv[] = { cli, "case", "summary", "--db", f->path, case_id, NULL };

    g_clear_pointer (&err, g_free);

    g_assert_cmpint (store_run (argv, &out, &err), ==, 0);
  }

  /* Times as in the report ("2026-12-02 20:12 UTC"), not ISO 8601. */
  g_assert_false (g_regex_match_simple ("^(Created|Last change) .*T[0-9:.]+Z$", out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Created +[0-9-]+ [0-9:]+ UTC$", out, G_REGEX_MULTILINE, 0));

  flags = strstr (out, " flags, the most severe first:\n");
  conditions = strstr (out, "\nConditions\n");
  g_assert_nonnull (flags);
  g_assert_nonnull (conditions);
  g_assert_true (conditions > flags);
  g_assert_null (strstr (out, "None:"));

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (strstr (line, "the most severe first:") != NULL)
        {
          in_flags = TRUE;
          continue;
        }
      if (g_str_equal (line, "Conditions"))
        {
          in_flags = FALSE;
          in_conditions = TRUE;
          continue;
        }
      if (!in_flags && !in_conditions && *line != '\0' && strchr (line, ' ') != NULL && i > 1)
        {
          /* Label, spaces, value: every value starts in the same column. */
          const char *gap = strstr (line, "  ");
          guint column;

          if (gap == NULL)
            continue;
          column = gap - line;
          while (line[column] == ' ')
            column++;
          if (value_column == 0)
            value_column = column;
          g_assert_cmpuint (column, ==, value_column);
        }
      if (in_flags && g_str_has_prefix (line, "  • "))
        {
          PbSeverity level;

          n_flags++;
          /* A hold is no risk: it is counted with the conditions, as in the report. */
          g_assert_false (g_str_has_prefix (line + strlen ("  • "), "On hold:"));
          for (level = PB_SEVERITY_CRITICAL; level > PB_SEVERITY_NONE; level--)
            if (g_str_has_prefix (line + strlen ("  • "), pb_severity_get_label (level)))
              break;
          g_assert_cmpint (level, >, PB_SEVERITY_NONE);
          g_assert_cmpint (level, <=, last);
          last = level;
          if (strstr (line, "(TRACK-SYSTEMATIC)") != NULL)
            g_assert_nonnull (strstr (line, "Unresolved: "));
        }
      if (in_conditions && g_str_has_prefix (line, "  • "))
        {
          n_conditions++;
          if (g_str_has_prefix (line + strlen ("  • "), "On hold:"))
            {
              /* Holds come first. */
              g_assert_false (seen_condition);
              continue;
            }
          g_assert_nonnull (strstr (line, "(COND-"));
          seen_condition = TRUE;
        }
    }
  g_assert_cmpuint (value_column, >=, 17);
  g_assert_cmpuint (n_flags, >=, 2);
  g_assert_cmpuint (n_conditions, >=, 1);
}

static gboolean
collect_id (PbCaseInfo  *info,
            gpointer     user_data,
            GError     **error)
{
  g_ptr_array_add (user_data, g_strdup (pb_case_info_get_id (info)));

  return TRUE;
}

/* On a server the walk an export makes reads the cases a few at a time
 * through a cursor (libpq would hold them all in memory at once): every
 * case, in the list's order, and never more rows at once than a fetch. */
static void
test_walk_streams (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) walked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GError) error = NULL;

  if (!store_fixture_needs_server (f))
    return;

  for (guint i = 0; i < 7; i++)
    g_free (store_fixture_new_case (f, NULL, "Acme Security Ltd"));
  listed = pb_case_store_list_cases (f->store, NULL, &error);
  g_assert_no_error (error);

  _pb_case_store_set_foreach_fetch_size (3);
  pb_db_pg_take_largest_fetch ();
  g_assert_true (pb_case_store_foreach_case (f->store, NULL, collect_id, walked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_db_pg_take_largest_fetch (), ==, 3);
  _pb_case_store_set_foreach_fetch_size (0);

  g_assert_cmpuint (walked->len, ==, 7);
  for (guint i = 0; i < walked->len; i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (listed, i);

      g_assert_cmpstr (g_ptr_array_index (walked, i), ==, pb_case_info_get_id (info));
    }

  /* And the store goes on as before: the walk's snapshot is over. */
  g_free (store_fixture_new_case (f, NULL, "Blue Harbour Telecom"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/export/csv", StoreFixture, NULL, store_fixture_set_up, test_csv, store_fixture_tear_down);
  g_test_add ("/store/export/summary", StoreFixture, NULL, store_fixture_set_up, test_summary, store_fixture_tear_down);
  g_test_add ("/store/export/ods", StoreFixture, NULL, store_fixture_set_up, test_ods, store_fixture_tear_down);
  g_test_add ("/store/export/ods-large", StoreFixture, NULL, store_fixture_set_up, test_ods_large, store_fixture_tear_down);
  g_test_add ("/store/export/csv-large", StoreFixture, NULL, store_fixture_set_up, test_csv_large, store_fixture_tear_down);
  g_test_add ("/store/export/to-file", StoreFixture, NULL, store_fixture_set_up, test_to_file, store_fixture_tear_down);
  g_test_add ("/store/export/walk-beside-saves", StoreFixture, NULL,
              store_fixture_set_up, test_walk_beside_saves, store_fixture_tear_down);
  g_test_add ("/store/export/control-characters", StoreFixture, NULL,
              store_fixture_set_up, test_control_characters, store_fixture_tear_down);
  g_test_add ("/store/export/errors", StoreFixture, NULL, store_fixture_set_up, test_errors, store_fixture_tear_down);
  g_test_add ("/store/export/walk-streams", StoreFixture, NULL, store_fixture_set_up,
              test_walk_streams, store_fixture_tear_down);
  g_test_add_func ("/store/export/in-process", test_in_process);
  g_test_add ("/store/summary/cli", StoreFixture, NULL, store_fixture_set_up, test_summary_cli, store_fixture_tear_down);
  g_test_add ("/store/summary/flags", StoreFixture, NULL, store_fixture_set_up, test_summary_flags, store_fixture_tear_down);

  return g_test_run ();
}
