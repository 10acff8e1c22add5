/* test-report.c: the PDF report, checked with qpdf and poppler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hb.h>
#include <hpdf.h>

#include "pb-data.h"
#include "pb-i18n.h"
#include "pb-font-subset.h"
#include "pb-report.h"
#include "pb-report-source.h"
#include "pb-text-layout.h"
#include "report-fixture.h"

#define N_ANSWERS 120
#define N_FLAGS   15

typedef struct
{
  char                 *dir;
  PbReportData         *data;
  PbReportTemplate     *template;
  GDateTime            *generated_at;
  GBytes               *pdf;
  char                 *path;
  PbReportSignatureBox  box;
} Fixture;

static char *
run_tool (const char * const *argv,
          int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *standard_error = NULL;
  char *standard_output = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &standard_output, &standard_error, &status, &error))
    g_error ("%s: %s", argv[0], error->message);

  if (exit_status != NULL)
    *exit_status = g_spawn_check_wait_status (status, NULL) ? 0 : 1;

  return standard_output;
}

/* Text with every kind of white space removed, so that line and page breaks
 * do not matter when comparing. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (!g_unichar_isspace (ch) && ch != 0x00AD)
        g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

/* The text of the pages without their footers, which would otherwise cut an
 * answer that runs over a page break in two. */
static char *
strip_footers (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (*line == '\f')
        line++;
      if (g_regex_match_simple ("^Page [0-9]+ of [0-9]+$", line, 0, 0) ||
          g_regex_match_simple ("^.* · C-2026-4F3A9B12 rev\\. [0-9]+ · [0-9-]+$", line, 0, 0))
        continue;
      g_string_append_printf (out, "%s\n", line);
    }

  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *path,
          int         first,
          int         last)
{
  g_autofree char *f = g_strdup_printf ("%d", first);
  g_autofree char *l = g_strdup_printf ("%d", last);
  const char *argv[] = { "pdftotext", "-q", "-f", f, "-l", l, "-enc", "UTF-8", path, "-", NULL };
  int status;
  char *text;

  if (first <= 0)
    argv[2] = argv[3] = argv[4] = argv[5] = "-q";
  text = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);

  return text;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  fixture->dir = g_dir_make_tmp ("test-report-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data = fixture_report_data (N_ANSWERS, N_FLAGS);
  fixture->template = pb_report_template_new_default (&error);
  g_assert_no_error (error);
  fixture->generated_at = g_date_time_new_utc (2026, 11, 26, 9, 15, 0);

  fixture->pdf = pb_report_render (fixture->data, fixture->template, fixture->generated_at,
                                   &fixture->box, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->pdf);

  fixture->path = g_build_filename (fixture->dir, "report.pdf", NULL);
  file = g_file_new_for_path (fixture->path);
  pb_report_write (fixture->pdf, file, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_clear_pointer (&fixture->pdf, g_bytes_unref);
  g_clear_pointer (&fixture->generated_at, g_date_time_unref);
  g_clear_object (&fixture->template);
  g_clear_object (&fixture->data);
}

static int
page_count (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = run_tool (argv, NULL);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return atoi (pages + strlen ("\nPages:"));
}

static void
test_qpdf_check (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char *argv[] = { "qpdf", "--check", fixture->path, NULL };
  g_autofree char *output = NULL;
  int status;

  output = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (output, "No syntax or stream encoding errors found"));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (fixture->pdf, NULL), "%PDF-"));
}

static void
test_text_complete (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *text = pdf_text (fixture->path, 0, 0);
  g_autofree char *body = strip_footers (text);
  g_autofree char *squeezed = squeeze (body);
  g_autofree char *long_answer = squeeze (fixture_long_answer ());

  g_assert_nonnull (strstr (text, FIXTURE_CUSTOMER));
  g_assert_nonnull (strstr (text, "Åsa Lindström"));

  for (guint i = 0; i < N_ANSWERS; i++)
    {
      g_autofree char *answer = fixture_answer_text (i);
      g_autofree char *wanted = squeeze (answer);

      if (strstr (squeezed, wanted) == NULL)
        g_error ("answer %u is not in the text of the PDF: %.60s…", i, answer);
    }

  for (guint i = 0; i < N_FLAGS; i++)
    {
      g_autofree char *title = fixture_flag_title (i);
      g_autofree char *wanted = squeeze (title);

      if (strstr (squeezed, wanted) == NULL)
        g_error ("flag title %u is not in the text of the PDF: %s", i, title);
    }

  /* The whole 5,000-character answer, in one piece */
  g_assert_cmpuint (g_utf8_strlen (fixture_long_answer (), -1), ==, 5000);
  g_assert_nonnull (strstr (squeezed, long_answer));

  /* Characters above U+FFFF are kept, and extracted as themselves */
  g_assert_nonnull (strstr (squeezed, "distributor😀inwriting"));

  /* Evidence and integrity values */
  g_assert_nonnull (strstr (squeezed, "end-use-statement.pdf"));
  g_assert_nonnull (strstr (squeezed, "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592"));
  g_assert_nonnull (strstr (squeezed, pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_ANSWERS_FINGERPRINT)));
  g_assert_nonnull (strstr (squeezed, pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_HISTORY_HEAD)));
  g_assert_nonnull (strstr (squeezed, pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256)));
  /* each on one line, so that it can be copied whole */
  g_assert_nonnull (strstr (text, pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_ANSWERS_FINGERPRINT)));
  g_assert_nonnull (strstr (text, pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_HISTORY_HEAD)));
  g_assert_nonnull (strstr (text, "How to check this report"));
  /* Unanswered questions and the outcome word */
  g_assert_nonnull (strstr (squeezed, "S9.92"));
  g_assert_nonnull (strstr (squeezed, "DONOTPROCEED"));
}

static void
test_info (Fixture       *fixture,
           gconstpointer  user_data)
{
  const char *argv[] = { "pdfinfo", "-isodates", "-custom", fixture->path, NULL };
  g_autofree char *info = run_tool (argv, NULL);

  g_assert_nonnull (strstr (info, "Title:           Human-rights due-diligence report: " FIXTURE_CUSTOMER));
  g_assert_nonnull (strstr (info, "Author:          Åsa Lindström"));
  g_assert_nonnull (strstr (info, "Subject:         Case C-2026-4F3A9B12"));
  g_assert_nonnull (strstr (info, "CreationDate:    2026-11-26T09:15:00Z"));
  g_assert_nonnull (strstr (info, "ProbityIntegrity:"));
  g_assert_cmpint (page_count (fixture->path), >=, 10);
}

static void
test_fonts_embedded (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char *argv[] = { "pdffonts", fixture->path, NULL };
  g_autofree char *fonts = run_tool (argv, NULL);
  g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
  guint n_fonts = 0;

  g_assert_nonnull (strstr (fonts, "DejaVuSans"));
  g_assert_nonnull (strstr (fonts, "WenQuanYi"));
  for (guint i = 2; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      n_fonts++;
      /* "CID TrueType  Identity-H  yes yes yes" */
      g_assert_nonnull (strstr (lines[i], "Identity-H       yes yes yes"));
    }
  g_assert_cmpuint (n_fonts, ==, 3);
}

static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) later = NULL;
  g_autoptr(GDateTime) other_time = g_date_time_add_seconds (fixture->generated_at, 60);

  again = pb_report_render (fixture->data, fixture->template, fixture->generated_at, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (again, NULL), g_bytes_get_size (again),
                   g_bytes_get_data (fixture->pdf, NULL), g_bytes_get_size (fixture->pdf));

  /* The time is part of the input: a different time changes the bytes. */
  later = pb_report_render (fixture->data, fixture->template, other_time, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (later, fixture->pdf));
}

static void
test_footers (Fixture       *fixture,
              gconstpointer  user_data)
{
  int n_pages = page_count (fixture->path);

  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (fixture->path, page, page);
      g_autofree char *footer = g_strdup_printf ("Page %d of %d", page, n_pages);

      if (strstr (text, footer) == NULL)
        g_error ("page %d has no footer “%s”", page, footer);
    }
}

static void
test_outline (Fixture       *fixture,
              gconstpointer  user_data)
{
  const char *argv[] = { "qpdf", "--json", "--json-key=outlines", fixture->path, NULL };
  g_autofree char *json = run_tool (argv, NULL);
  static const char * const titles[] = {
    "Summary", "The assessment", "Risk heat map", "Risk flags", "Answers",
    "Unanswered questions", "Sign-off", "Integrity", "CR-01  Flag title 00", "S1  Section 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *wanted = g_strdup_printf ("\"title\": \"%s", titles[i]);

      if (strstr (json, wanted) == NULL)
        g_error ("no outline entry “%s” in %s", titles[i], json);
    }
}

static void
test_signature_box (Fixture       *fixture,
                    gconstpointer  user_data)
{
  int n_pages = page_count (fixture->path);
  g_autofree char *text = pdf_text (fixture->path, fixture->box.page_index + 1, fixture->box.page_index + 1);

  g_assert_cmpint (fixture->box.page_index, <, n_pages);
  g_assert_nonnull (strstr (text, "Sign-off"));
  g_assert_nonnull (strstr (text, "Dr. Jean-Luc Moreau"));
  g_assert_cmpfloat (fixture->box.x, >=, 0);
  g_assert_cmpfloat (fixture->box.y, >=, 50);
  g_assert_cmpfloat (fixture->box.x + fixture->box.width, <=, 595.3);
  g_assert_cmpfloat (fixture->box.y + fixture->box.height, <=, 841.9);
  g_assert_cmpfloat (fixture->box.width, >=, 200);
  g_assert_cmpfloat (fixture->box.height, >=, 60);
}

static void
test_integrity_record (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportIntegrity) integrity = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) appended = NULL;
  g_autoptr(GByteArray) update = NULL;
  static const char not_a_report[] = "%PDF-1.3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

  integrity = pb_report_read_integrity (fixture->pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (integrity->case_id, ==, "C-2026-4F3A9B12");
  g_assert_cmpuint (integrity->revision, ==, 2);
  g_assert_cmpstr (integrity->questionnaire_id, ==, "hrdd-surveillance");
  g_assert_cmpstr (integrity->questionnaire_version, ==, "1.0");
  g_assert_cmpstr (integrity->questionnaire_sha256, ==,
                   pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256));
  g_assert_cmpstr (integrity->answers_fingerprint, ==,
                   pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_ANSWERS_FINGERPRINT));
  g_assert_cmpstr (integrity->history_head, ==,
                   pb_report_data_get_field (fixture->data, PB_REPORT_FIELD_HISTORY_HEAD));
  g_assert_cmpstr (integrity->outcome, ==, "do-not-proceed");
  g_clear_pointer (&integrity, pb_report_integrity_free);

  /* An incremental update (as a signature appends) does not hide it. */
  update = g_byte_array_new ();
  g_byte_array_append (update, g_bytes_get_data (fixture->pdf, NULL), g_bytes_get_size (fixture->pdf));
  g_byte_array_append (update, (const guint8 *) "1 0 obj\n<< >>\nendobj\n", 21);
  appended = g_byte_array_free_to_bytes (g_steal_pointer (&update));
  integrity = pb_report_read_integrity (appended, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (integrity->case_id, ==, "C-2026-4F3A9B12");

  plain = g_bytes_new_static (not_a_report, sizeof not_a_report - 1);
  g_assert_null (pb_report_read_integrity (plain, &error));
  g_assert_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_NO_INTEGRITY);
  g_clear_error (&error);

  /* A record nested a million deep, which any file may hold, is none
   * (json-glib alone recursed until the stack ran out). */
  {
    g_autoptr(GString) deep = g_string_new ("%PDF-1.3\n1 0 obj << /ProbityIntegrity (");
    g_autoptr(GBytes) bytes = NULL;

    for (guint i = 0; i < 1000000; i++)
      g_string_append_c (deep, '[');
    g_string_append (deep, ") >> endobj\n%%EOF\n");
    bytes = g_bytes_new (deep->str, deep->len);
    g_assert_null (pb_report_read_integrity (bytes, &error));
    g_assert_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_NO_INTEGRITY);
  }
}

static void
test_atomic_write (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing_dir = g_build_filename (fixture->dir, "missing", "report.pdf", NULL);
  g_autofree char *locked_dir = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *locked_path = g_build_filename (locked_dir, "report.pdf", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_dir);
  g_autoptr(GFile) locked = g_file_new_for_path (locked_path);
  g_autoptr(GFile) existing = g_file_new_for_path (fixture->path);
  g_autoptr(GBytes) small = g_bytes_new_static ("%PDF-1.3\n", 9);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_false (pb_report_write (fixture->pdf, missing, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));

  /* A folder the report may not be written to: no file, no temporary left */
  g_assert_cmpint (g_mkdir (locked_dir, 0500), ==, 0);
  if (access (locked_dir, W_OK) != 0)
    {
      g_assert_false (pb_report_write (fixture->pdf, locked, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      dir = g_dir_open (locked_dir, 0, NULL);
      g_assert_null (g_dir_read_name (dir));
    }
  g_chmod (locked_dir, 0700);

  /* Replacing a report replaces it whole */
  g_assert_true (pb_report_write (small, existing, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, "%PDF-1.3\n", 9);
}

/* The number of entries in @path. */
static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* A full disk, made in a child whose files may not grow beyond 64 KB
 * (RLIMIT_FSIZE, SIGXFSZ ignored so write() fails with EFBIG): a new report
 * and the replacement of an existing one both fail with a message naming the
 * report, leave no partial or temporary file, and the old report stays. */
static void
test_full_disk (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *full_dir = g_build_filename (fixture->dir, "full", NULL);
  g_autofree char *new_path = g_build_filename (full_dir, "new.pdf", NULL);
  g_autofree char *old_path = g_build_filename (full_dir, "old.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  int status;
  pid_t pid;

  g_assert_cmpuint (g_bytes_get_size (fixture->pdf), >, 64 * 1024);
  g_assert_cmpint (g_mkdir (full_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old_path, "%PDF-1.3 old\n", -1, NULL));

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 64 * 1024, 64 * 1024 };
      const char *paths[] = { new_path, old_path };

      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (10);

      for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
        {
          g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
          g_autoptr(GError) error = NULL;

          if (pb_report_write (fixture->pdf, file, &error))
            _exit (20 + i);
          if (strstr (error->message, paths[i]) == NULL ||
              strstr (error->message, g_strerror (EFBIG)) == NULL)
            {
              g_printerr ("%s\n", error->message);
              _exit (30 + i);
            }
        }
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (full_dir), ==, 1);
  g_assert_true (g_file_get_contents (old_path, &contents, &length, NULL));
  g_assert_cmpstr (contents, ==, "%PDF-1.3 old\n");
}

/* The font subsets are handed to libharu from memory: rendering writes no
 * file, so even a file-size limit of 1 KiB (a full disk, in a child) does
 * not stop a report with CJK text from being rendered. */
static void
test_render_writes_nothing (void)
{
  int status;
  pid_t pid;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PbReportData) data = pb_report_data_new ();
      g_autoptr(PbReportTemplate) template = pb_report_template_new ();
      g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
      g_autoptr(GBytes) pdf = NULL;
      struct rlimit limit = { 1024, 1024 };

      pb_report_data_set_field (data, PB_REPORT_FIELD_CUSTOMER, "上海市公安局");
      pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, "C-2026-00000001");

      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (10);

      pdf = pb_report_render (data, template, now, NULL, &error);
      if (pdf == NULL)
        {
          g_printerr ("%s\n", error->message);
          _exit (11);
        }
      if (g_bytes_get_size (pdf) < 4096)
        _exit (12);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Text extraction is clean: pdftotext, not silenced, says nothing at all
 * (libharu's own ToUnicode CMaps made it warn on every page). */
static void
test_text_no_warnings (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", fixture->path, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
}

static void
test_page_images (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *prefix = g_build_filename (fixture->dir, "page", NULL);
  g_autofree char *first = g_build_filename (fixture->dir, "page-01.png", NULL);
  const char *argv[] = { "pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "3", fixture->path, prefix, NULL };
  g_autofree char *output = NULL;
  int status;

  /* Poppler can rasterise the first pages (the fonts are usable). */
  output = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
}

/* A report filled from a real questionnaire, answers file and evaluation */
static void
test_from_evaluation (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answers_path = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "tests", "data",
                                                    "answers", "morpho-shanghai-psb.json", NULL);
  g_autoptr(GFile) answers_file = g_file_new_for_path (answers_path);
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(PbReportData) data = NULL;
  g_autoptr(PbReportTemplate) template = pb_report_template_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "evaluated.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *squeezed = NULL;
  guint n_checked = 0;

  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);
  answers = pb_answer_set_new_from_file (answers_file, &error);
  g_assert_no_error (error);
  pb_answer_set_validate (answers, questionnaire, &error);
  g_assert_no_error (error);
  reference = pb_countries_load_default (&error);
  g_assert_no_error (error);
  evaluation = pb_evaluate_with_reference (questionnaire, answers, reference);

  data = pb_report_data_new_from_evaluation (questionnaire, answers, evaluation);
  g_assert_cmpint (pb_report_data_get_outcome (data), ==, pb_evaluation_get_outcome (evaluation));
  /* Risks are listed as flags; holds and conditions as things to do. */
  g_assert_cmpuint (pb_report_data_get_n_flags (data), ==, pb_evaluation_count_kind (evaluation, PB_RULE_KIND_RISK));
  g_assert_cmpstr (pb_report_data_get_field (data, PB_REPORT_FIELD_REFERENCE_SHA256), ==,
                   pb_countries_get_sha256 (reference));
  g_assert_cmpstr (pb_report_data_get_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256), ==,
                   pb_questionnaire_get_sha256 (questionnaire));

  pdf = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pb_report_write (pdf, file, &error));
  text = pdf_text (path, 0, 0);
  body = strip_footers (text);
  squeezed = squeeze (body);

  /* Every visible answer, as people read it */
  for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (questionnaire, i);
      PbAnswer *answer = pb_answer_set_lookup (answers, pb_question_get_id (question));
      g_autofree char *formatted = NULL;
      g_autofree char *wanted = NULL;

      if (answer == NULL || !pb_evaluation_is_visible (evaluation, question))
        continue;

      formatted = pb_question_format_answer (question, answer);
      wanted = squeeze (formatted);
      if (strstr (squeezed, wanted) == NULL)
        g_error ("the answer to %s is not in the PDF: %s", pb_question_get_id (question), formatted);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 50);

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbRule *rule = pb_flag_get_rule (pb_evaluation_get_flag (evaluation, i));
      g_autofree char *wanted = squeeze (pb_rule_get_title (rule));

      if (strstr (squeezed, wanted) == NULL)
        g_error ("flag %s is not in the PDF", pb_rule_get_id (rule));
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* A CJK text the data does not list up front (here a flag's trigger that is
 * no answer; in real life a translated heading) needs a second pass with a
 * bigger subset: it must still appear, and the output stay deterministic. */
static void
test_cjk_second_pass (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportData) data = pb_report_data_new ();
  g_autoptr(PbReportTemplate) template = pb_report_template_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "second-pass.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  const char *triggers[] = { "视频监控问题", NULL };

  pb_report_data_set_field (data, PB_REPORT_FIELD_CUSTOMER, "上海市公安局");
  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, "C-2026-00000001");
  pb_report_data_add_flag (data, "R-01", "Listed item", PB_SEVERITY_HIGH, 2, 2, PB_SEVERITY_HIGH,
                           FALSE, "Why", "How", NULL, triggers);

  first = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  second = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, second));

  g_assert_true (pb_report_write (first, file, &error));
  text = pdf_text (path, 0, 0);
  g_assert_nonnull (strstr (text, "上海市公安局"));
  g_assert_nonnull (strstr (text, "视频监控问题"));

  g_unlink (path);
  g_rmdir (dir);
}

/* A customer name in any script the report promises: drawn with a font
 * that has a glyph for every character it draws (Arabic in its joining
 * forms, right to left), and extracted by pdftotext as stored. */
typedef struct
{
  const char *name;
  const char *customer;
  const char *font;       /* the template's font for it */
} NameCase;

static const NameCase name_cases[] = {
  { "chinese", "上海市公安局刑事侦查总队", "cjk" },
  { "cyrillic", "ООО «Рога и копыта», Москва", "regular" },
  { "arabic", "شركة الأمن الوطني للاتصالات", "regular" },
  { "hebrew", "משטרת ישראל", "regular" },
  { "greek", "Ελληνική Αστυνομία", "regular" },
};

static char *
strip_bidi_marks (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch != 0x200E && ch != 0x200F && !(ch >= 0x202A && ch <= 0x202E))
        g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

static void
test_non_latin_name (gconstpointer user_data)
{
  const NameCase *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportData) data = pb_report_data_new ();
  g_autoptr(PbReportTemplate) template = pb_report_template_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "name.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *visual = pb_text_to_visual (c->customer, -1);
  guint index = 0;
  const char *font_path = pb_report_template_get_font (template, c->font, &index);
  hb_blob_t *blob = hb_blob_create_from_file (font_path);
  hb_face_t *face = hb_face_create (blob, index);
  hb_font_t *font = hb_font_create (face);

  /* The font has every character as drawn */
  for (const char *p = visual != NULL ? visual : c->customer; *p != '\0'; p = g_utf8_next_char (p))
    {
      hb_codepoint_t glyph = 0;

      if (!hb_font_get_nominal_glyph (font, g_utf8_get_char (p), &glyph) || glyph == 0)
        g_error ("%s has no glyph for U+%04X", font_path, g_utf8_get_char (p));
    }
  hb_font_destroy (font);
  hb_face_destroy (face);
  hb_blob_destroy (blob);

  /* Right-to-left text is drawn shaped, in its presentation forms */
  if (g_str_equal (c->name, "arabic"))
    {
      g_assert_nonnull (visual);
      g_assert_null (strstr (visual, "\xD8\xB4"));   /* no isolated U+0634 SHEEN left */
    }

  pb_report_data_set_field (data, PB_REPORT_FIELD_CUSTOMER, c->customer);
  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, "C-2026-00000003");
  pdf = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pb_report_write (pdf, file, &error));
  g_assert_no_error (error);

  text = pdf_text (path, 1, 1);
  clean = strip_bidi_marks (text);
  if (strstr (clean, c->customer) == NULL)
    g_error ("“%s” is not in the text of the first page:\n%s", c->customer, clean);

  g_unlink (path);
  g_rmdir (dir);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* An answer that raises three flags is printed once, under Answers, with
 * the flags it raises; each flag names it by id. Flags are grouped by
 * level, each group headed with its count. */
static void
test_answers_cited_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportData) data = pb_report_data_new ();
  g_autoptr(PbReportTemplate) template = pb_report_template_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cited.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  const char *triggers[] = { "S4.06", "S1.03", NULL };

  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, "C-2026-00000004");
  pb_report_data_add_section (data, "S1", "Product");
  pb_report_data_add_answer (data, "S1.03", "Capabilities", "Quokka-grade face matching", NULL);
  pb_report_data_add_section (data, "S4", "End use");
  pb_report_data_add_answer (data, "S4.06", "Who is monitored?", "Wombats, indiscriminately", NULL);
  pb_report_data_add_flag (data, "R-ONE", "First", PB_SEVERITY_CRITICAL, 4, 4, PB_SEVERITY_CRITICAL,
                           TRUE, "Why one", NULL, NULL, triggers);
  pb_report_data_add_flag (data, "R-TWO", "Second", PB_SEVERITY_CRITICAL, 4, 4, PB_SEVERITY_CRITICAL,
                           FALSE, "Why two", NULL, NULL, triggers);
  pb_report_data_add_flag (data, "R-THREE", "Third", PB_SEVERITY_HIGH, 2, 2, PB_SEVERITY_MEDIUM,
                           FALSE, "Why three", NULL, NULL, triggers);

  pdf = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pb_report_write (pdf, file, &error));
  text = pdf_text (path, 0, 0);

  g_assert_cmpuint (count_occurrences (text, "Wombats, indiscriminately"), ==, 1);
  g_assert_cmpuint (count_occurrences (text, "Quokka-grade face matching"), ==, 1);
  g_assert_cmpuint (count_occurrences (text, "Raises: R-ONE, R-TWO, R-THREE"), ==, 2);
  g_assert_cmpuint (count_occurrences (text, "S4.06, S1.03"), ==, 3);
  g_assert_nonnull (strstr (text, "Critical: 2 flags"));
  g_assert_nonnull (strstr (text, "Medium: 1 flag"));
  g_assert_null (strstr (text, "High: "));

  g_unlink (path);
  g_rmdir (dir);
}

/* The first page is a summary a reviewer can act on: the outcome, why,
 * the flags that decide it (every hard stop and every flag at the case's
 * residual level) with the articles they cite, and the conditions. */
static void
test_summary_first_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportData) data = pb_report_data_new ();
  g_autoptr(PbReportTemplate) template = pb_report_template_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "summary.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *first = NULL;
  g_autofree char *squeezed = NULL;
  const char *art5[] = { "Regulation (EU) 2021/821, Art. 5(1)", NULL };
  const char *ungp[] = { "UNGP 17", NULL };

  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, "C-2026-00000005");
  pb_report_data_set_field (data, PB_REPORT_FIELD_CUSTOMER, "Ministry of Public Security");
  pb_report_data_set_outcome (data, PB_OUTCOME_DO_NOT_PROCEED);
  pb_report_data_set_levels (data, PB_SEVERITY_HIGH, PB_SEVERITY_HIGH);
  pb_report_data_add_reason (data, "A hard stop applies (LISTED).");
  pb_report_data_add_flag (data, "LISTED", "Listed end user", PB_SEVERITY_HIGH, 2, 2, PB_SEVERITY_MEDIUM,
                           TRUE, NULL, NULL, art5, NULL);
  pb_report_data_add_flag (data, "TOP-LEVEL", "At the case's level", PB_SEVERITY_HIGH, 3, 3, PB_SEVERITY_HIGH,
                           FALSE, NULL, NULL, ungp, NULL);
  pb_report_data_add_flag (data, "MINOR", "Below the case's level", PB_SEVERITY_LOW, 2, 2, PB_SEVERITY_LOW,
                           FALSE, NULL, NULL, NULL, NULL);
  for (guint i = 1; i <= 7; i++)
    {
      g_autofree char *condition = g_strdup_printf ("Condition number %u.", i);

      pb_report_data_add_condition (data, condition);
    }

  pdf = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pb_report_write (pdf, file, &error));
  first = pdf_text (path, 1, 1);
  squeezed = squeeze (first);

  g_assert_nonnull (strstr (first, "Ministry of Public Security"));
  g_assert_nonnull (strstr (first, "DO NOT PROCEED"));
  g_assert_nonnull (strstr (first, "A hard stop applies (LISTED)."));
  g_assert_nonnull (strstr (first, "Deciding flags"));
  g_assert_nonnull (strstr (squeezed, "LISTEDListedenduser"));
  g_assert_nonnull (strstr (squeezed, "Medium,hardstop·Regulation(EU)2021/821,Art.5(1)"));
  g_assert_nonnull (strstr (squeezed, "TOP-LEVELAtthecase'slevel"));
  g_assert_nonnull (strstr (squeezed, "High·UNGP17"));
  g_assert_null (strstr (first, "MINOR"));
  g_assert_nonnull (strstr (first, "Condition number 5."));
  g_assert_null (strstr (first, "Condition number 6."));
  g_assert_nonnull (strstr (first, "2 more conditions"));
  /* Every deciding flag is on the page: no "0 more deciding". */
  g_assert_null (strstr (first, "more deciding"));
  g_assert_nonnull (strstr (squeezed, "3flagsinall:seeRiskflags."));
  g_assert_nonnull (strstr (first, "Page 1 of "));

  g_unlink (path);
  g_rmdir (dir);
}

/* A report is written in the language of the thread that renders it
 * (here French, from a small catalogue of our own, since the shipped one
 * is not complete yet): its fixed text, its dates, and the language named
 * in the integrity block and record. The record's values do not change. */
static const char french_po[] =
  "msgid \"\"\n"
  "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\n"
  "msgid \"Risk flags\"\n"
  "msgstr \"Signaux de risque\"\n"
  "\n"
  "msgid \"Report language\"\n"
  "msgstr \"Langue du rapport\"\n"
  "\n"
  "msgctxt \"date and time format\"\n"
  "msgid \"%Y-%m-%d %H:%M\"\n"
  "msgstr \"%d/%m/%Y %H:%M\"\n"
  "\n"
  "msgctxt \"decimal separator\"\n"
  "msgid \".\"\n"
  "msgstr \",\"\n";

static void
test_report_language (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportData) data = fixture_report_data (3, 2);
  g_autoptr(PbReportTemplate) template = pb_report_template_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
  g_autoptr(GBytes) french = NULL;
  g_autoptr(GBytes) english = NULL;
  g_autoptr(PbReportIntegrity) french_record = NULL;
  g_autoptr(PbReportIntegrity) english_record = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *po = g_build_filename (dir, "fr.po", NULL);
  g_autofree char *mo_dir = g_build_filename (dir, "fr", "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *path = g_build_filename (dir, "fr.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *previous = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  g_autofree char *text = NULL;
  const char *argv[] = { "msgfmt", "-o", mo, po, NULL };
  int status;

  g_assert_true (g_file_set_contents (po, french_po, -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  g_free (run_tool (argv, &status));
  g_assert_cmpint (status, ==, 0);

  bindtextdomain (GETTEXT_PACKAGE, dir);
  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter ("fr");

    french = pb_report_render (data, template, now, NULL, &error);
    g_assert_no_error (error);
  }
  bindtextdomain (GETTEXT_PACKAGE, previous);
  english = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (pb_report_write (french, file, &error));
  text = pdf_text (path, 0, 0);
  g_assert_nonnull (strstr (text, "Signaux de risque"));
  g_assert_null (strstr (text, "Risk flags"));
  g_assert_nonnull (strstr (text, "Langue du rapport"));
  g_assert_nonnull (strstr (text, "Français (fr)"));
  g_assert_nonnull (strstr (text, "26/11/2026 09:00 UTC"));
  g_assert_null (strstr (text, "2026-11-26 09:00"));

  french_record = pb_report_read_integrity (french, &error);
  g_assert_no_error (error);
  english_record = pb_report_read_integrity (english, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (french_record->language, ==, "fr");
  g_assert_cmpstr (english_record->language, ==, "en");
  g_assert_cmpstr (french_record->answers_fingerprint, ==, english_record->answers_fingerprint);
  g_assert_cmpstr (french_record->history_head, ==, english_record->history_head);
  g_assert_cmpstr (french_record->outcome, ==, english_record->outcome);

  g_unlink (path);
  g_unlink (mo);
  g_unlink (po);
  g_rmdir (mo_dir);
  {
    g_autofree char *fr_dir = g_build_filename (dir, "fr", NULL);

    g_rmdir (fr_dir);
  }
  g_rmdir (dir);
}

/* 40 flags with long ids in one heat-map cell: the cell counts them, and
 * every id is listed under the map with its cell in words */
static void
test_heat_map_overflow (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportData) data = pb_report_data_new ();
  g_autoptr(PbReportTemplate) template = pb_report_template_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 26, 9, 0, 0);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "heat-map.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *squeezed = NULL;

  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, "C-2026-00000002");
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("S7.%02u-NO-TRAINING-SECURITY", i);

      pb_report_data_add_flag (data, id, "A flag", PB_SEVERITY_HIGH, 4, 4, PB_SEVERITY_CRITICAL,
                               FALSE, NULL, NULL, NULL, NULL);
    }

  pdf = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pb_report_write (pdf, file, &error));
  text = pdf_text (path, 3, 3);
  squeezed = squeeze (text);
  g_assert_nonnull (strstr (text, "Risk heat map"));
  /* The cell counts them; the list below the map names every one */
  g_assert_nonnull (strstr (text, "40"));
  g_assert_nonnull (strstr (text, "High × Almost certain (Critical): S7.00-NO-TRAINING-SECURITY"));
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("S7.%02u-NO-TRAINING-SECURITY", i);

      g_assert_nonnull (strstr (squeezed, id));
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Font subsets ---------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *path;
  gboolean    collection;
  const char *text;
} SubsetCase;

static const SubsetCase subset_cases[] = {
  { "cjk", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", TRUE, "上海市公安局视频监控系统，。" },
  /* DejaVu's accented letters are composite glyphs */
  { "composite", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", FALSE, "Ærøskøbing Größe éèêë ŠčĆ Ωμέγα Жж" },
  /* U+1D538 MATHEMATICAL DOUBLE-STRUCK CAPITAL A, through an alias */
  { "above-bmp", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", FALSE, "A \xF0\x9D\x94\xB8" },
};

static void
hpdf_error_cb (HPDF_STATUS  error_no,
               HPDF_STATUS  detail_no,
               void        *user_data)
{
  g_error ("libharu error 0x%04X (%u)", (guint) error_no, (guint) detail_no);
}

static HPDF_Font
load_font (HPDF_Doc    pdf,
           const char *path,
           gboolean    collection)
{
  const char *name = collection ? HPDF_LoadTTFontFromFile2 (pdf, path, 0, HPDF_TRUE)
                                : HPDF_LoadTTFontFromFile (pdf, path, HPDF_TRUE);

  return HPDF_GetFont (pdf, name, "UTF-8");
}

static void
test_font_subset (gconstpointer user_data)
{
  const SubsetCase *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (c->path, FALSE, &error);
  g_autoptr(GBytes) font = NULL;
  g_autoptr(GBytes) subset = NULL;
  g_autoptr(GArray) mappings = g_array_new (FALSE, FALSE, sizeof (PbFontMapping));
  g_autofree char *path = NULL;
  HPDF_Doc pdf, other;
  HPDF_Font full, small;
  int fd;

  g_assert_no_error (error);
  font = g_mapped_file_get_bytes (mapped);
  for (const char *p = c->text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      PbFontMapping mapping = { ch <= 0xFFFF ? ch : 0xE000, ch };

      g_array_append_val (mappings, mapping);
    }

  subset = pb_font_subset (font, 0, (const PbFontMapping *) mappings->data, mappings->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (subset), <, g_bytes_get_size (font) / 10);

  fd = g_file_open_tmp ("test-subset-XXXXXX.ttf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (subset, NULL), g_bytes_get_size (subset), NULL));

  /* libharu loads it, and every character is as wide as in the whole font
   * (loaded into another document: libharu would take the subset, which
   * has the same name, for the font it has already). */
  pdf = HPDF_New (hpdf_error_cb, NULL);
  other = HPDF_New (hpdf_error_cb, NULL);
  HPDF_UseUTFEncodings (pdf);
  HPDF_SetCurrentEncoder (pdf, "UTF-8");
  HPDF_UseUTFEncodings (other);
  HPDF_SetCurrentEncoder (other, "UTF-8");
  full = load_font (other, c->path, c->collection);
  small = load_font (pdf, path, FALSE);
  for (const char *p = c->text; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);
      HPDF_TextWidth a, b;

      if (g_utf8_get_char (p) > 0xFFFF)
        {
          /* Through its alias, a glyph of its own, not .notdef's */
          a = HPDF_Font_TextWidth (small, (const HPDF_BYTE *) "\xEE\x80\x80", 3);
          b = HPDF_Font_TextWidth (small, (const HPDF_BYTE *) "\xEE\x80\x81", 3);
          g_assert_cmpuint (a.width, >, 0);
          g_assert_cmpuint (a.width, !=, b.width);
          continue;
        }
      a = HPDF_Font_TextWidth (full, (const HPDF_BYTE *) p, next - p);
      b = HPDF_Font_TextWidth (small, (const HPDF_BYTE *) p, next - p);
      g_assert_cmpuint (a.width, >, 0);
      g_assert_cmpuint (a.width, ==, b.width);
    }
  HPDF_Free (pdf);
  HPDF_Free (other);
  g_unlink (path);

  /* Not a font */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("not a font at all", 17);
    g_autoptr(GBytes) none = pb_font_subset (junk, 0, (const PbFontMapping *) mappings->data, mappings->len, &error);

    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
}

/* Templates ------------------------------------------------------------- */

/* The smallest PNG there is: 1×1, opaque blue. */
static const char logo_base64[] =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC";

/* A template's own texts follow the report's language: "Title[fr]" for a
 * French report, the unlocalized "Title" for a language it has none for. */
static void
test_template_language (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-template-XXXXXX", &error);
  g_autofree char *ini = g_build_filename (dir, "lang.report.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (ini);
  g_autoptr(PbReportTemplate) template = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (ini, "[Text]\nTitle=Sales review\nTitle[fr]=Revue des ventes\n"
                                           "Disclaimer[sv]=Ingen juridisk rådgivning.\n", -1, NULL));
  template = pb_report_template_new_from_file (file, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (pb_report_template_get_text (template, PB_REPORT_TEXT_TITLE), ==, "Sales review");
  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter ("fr");

    g_assert_cmpstr (pb_report_template_get_text (template, PB_REPORT_TEXT_TITLE), ==, "Revue des ventes");
  }
  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter ("sv");

    g_assert_cmpstr (pb_report_template_get_text (template, PB_REPORT_TEXT_TITLE), ==, "Sales review");
    g_assert_cmpstr (pb_report_template_get_text (template, PB_REPORT_TEXT_DISCLAIMER), ==,
                     "Ingen juridisk rådgivning.");
  }

  g_unlink (ini);
  g_rmdir (dir);
}

static void
test_template_branding (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-template-XXXXXX", &error);
  g_autofree char *ini = g_build_filename (dir, "acme.report.ini", NULL);
  g_autofree char *logo = g_build_filename (dir, "logo.png", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "branded.pdf", NULL);
  g_autofree guchar *png = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (ini);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf_path);
  g_autoptr(PbReportTemplate) template = NULL;
  g_autoptr(PbReportData) data = fixture_report_data (20, 3);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *images = NULL;
  const char *images_argv[] = { "pdfimages", "-list", pdf_path, NULL };
  const char *contents =
    "[Template]\nName=ACME\n"
    "[Organisation]\nName=ACME Vision AB\nLogo=logo.png\n"
    "[Text]\nTitle=Pre-sale human-rights review\nIntro=ACME reviews every sale.\n"
    "[Colours]\nAccent=#003366\nDoNotProceed=#800000\n"
    "[Layout]\nParts=cover;summary;sign-off;integrity\n";
  gsize png_length;

  g_assert_no_error (error);
  png = g_base64_decode (logo_base64, &png_length);
  g_assert_true (g_file_set_contents (logo, (char *) png, png_length, NULL));
  g_assert_true (g_file_set_contents (ini, contents, -1, NULL));

  template = pb_report_template_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_report_template_get_organisation (template), ==, "ACME Vision AB");
  g_assert_cmpstr (pb_report_template_get_logo (template), ==, logo);

  pdf = pb_report_render (data, template, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (pb_report_write (pdf, pdf_file, &error));
  text = pdf_text (pdf_path, 0, 0);
  g_assert_nonnull (strstr (text, "ACME Vision AB"));
  g_assert_nonnull (strstr (text, "Pre-sale human-rights review"));
  g_assert_nonnull (strstr (text, "ACME reviews every sale."));
  /* Parts left out of the layout are not rendered */
  g_assert_null (strstr (text, "Risk heat map"));
  g_assert_null (strstr (text, "Unanswered questions"));
  g_assert_nonnull (strstr (text, "Integrity"));

  images = run_tool (images_argv, NULL);
  g_assert_nonnull (strstr (images, "     1     1  rgb"));

  g_unlink (pdf_path);
  g_unlink (logo);
  g_unlink (ini);
  g_rmdir (dir);
}

typedef struct
{
  const char *name;
  const char *contents;
  const char *message;   /* a part of the expected message */
} BadTemplate;

static const BadTemplate bad_templates[] = {
  { "unknown-group", "[Branding]\nName=x\n", "unknown group [Branding]" },
  { "unknown-key", "[Organisation]\nNmae=x\n", "unknown key “Nmae” in [Organisation]" },
  { "bad-colour", "[Colours]\nAccent=blue\n", "[Colours] Accent: “blue” is not a colour" },
  { "unknown-part", "[Layout]\nParts=cover;appendix;sign-off;integrity\n", "unknown part “appendix”" },
  { "no-integrity", "[Layout]\nParts=cover;sign-off\n", "“integrity” cannot be left out" },
  { "twice", "[Layout]\nParts=cover;cover;sign-off;integrity\n", "“cover” is listed twice" },
  { "missing-logo", "[Organisation]\nLogo=nowhere.png\n", "[Organisation] Logo: no such file" },
  { "syntax", "[Text\nTitle=x\n", "bad.report.ini" },
  /* GKeyFile quoted the bytes as they were (found by fuzz-template). */
  { "not-utf8", "[Template]\nNam\xff=x\n", "the file is not valid UTF-8" },
};

static void
test_template_errors (gconstpointer user_data)
{
  const BadTemplate *bad = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-template-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bad.report.ini", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbReportTemplate) template = NULL;

  g_assert_true (g_file_set_contents (path, bad->contents, -1, NULL));
  template = pb_report_template_new_from_file (file, &error);
  g_assert_null (template);
  g_assert_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE);
  if (strstr (error->message, bad->message) == NULL || strstr (error->message, "bad.report.ini") == NULL)
    g_error ("unexpected message: %s", error->message);

  g_unlink (path);
  g_rmdir (dir);
}

/* A logo is a PNG of a bounded size: one whose header says 30,000 ×
 * 30,000 pixels (gigabytes unpacked) or that is no PNG is refused when the
 * template is read, by name. */
static void
test_template_logo_limits (void)
{
  static const guint8 huge_header[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 2, 0, 0, 0,
  };
  static const struct { const char *contents; gsize length; const char *message; } logos[] = {
    { (const char *) huge_header, sizeof huge_header, "is 30000 × 30000 pixels; a logo may have at most 4096 on a side" },
    { "GIF89a", 6, "is not a PNG image" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-template-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "logo.report.ini", NULL);
  g_autofree char *logo = g_build_filename (dir, "logo.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "[Organisation]\nLogo=logo.png\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (logos); i++)
    {
      g_autoptr(PbReportTemplate) template = NULL;

      g_clear_error (&error);
      g_assert_true (g_file_set_contents (logo, logos[i].contents, logos[i].length, NULL));
      template = pb_report_template_new_from_file (file, &error);
      g_assert_null (template);
      g_assert_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE);
      if (strstr (error->message, logos[i].message) == NULL || strstr (error->message, logo) == NULL ||
          !g_str_has_prefix (error->message, path))
        g_error ("unexpected message: %s", error->message);
    }

  g_unlink (logo);
  g_unlink (path);
  g_rmdir (dir);
}

/* A key of 100 kB is quoted by its start and its end. */
static void
test_template_long_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-template-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "long.report.ini", NULL);
  g_autofree char *key = g_strnfill (100 * 1024, 'k');
  g_autofree char *contents = g_strconcat ("[Template]\n", key, "=x\n", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbReportTemplate) template = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  template = pb_report_template_new_from_file (file, &error);
  g_assert_null (template);
  g_assert_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_TEMPLATE);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "in [Template]"));
  g_assert_cmpuint (strlen (error->message), <=, PB_MESSAGE_MAX_SIZE);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_font (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-report-template-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "font.report.ini", NULL);
  g_autofree char *fake_font = g_build_filename (dir, "broken.ttf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbReportTemplate) template = NULL;
  g_autoptr(PbReportData) data = fixture_report_data (5, 1);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GBytes) pdf = NULL;

  g_assert_true (g_file_set_contents (fake_font, "not a font", -1, NULL));
  g_assert_true (g_file_set_contents (path, "[Fonts]\nRegular=broken.ttf\n", -1, NULL));
  template = pb_report_template_new_from_file (file, &error);
  g_assert_no_error (error);

  pdf = pb_report_render (data, template, now, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_FONT);
  g_assert_nonnull (strstr (error->message, "broken.ttf"));

  g_unlink (fake_font);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_shipped_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "templates", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(PbReportTemplate) template = NULL;

      if (!g_str_has_suffix (name, ".report.ini"))
        continue;

      path = g_build_filename (dir, name, NULL);
      file = g_file_new_for_path (path);
      template = pb_report_template_new_from_file (file, &error);
      g_assert_no_error (error);
      n++;
    }
  g_assert_cmpuint (n, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pb/report/qpdf-check", test_qpdf_check);
  ADD ("/pb/report/text-complete", test_text_complete);
  ADD ("/pb/report/text-no-warnings", test_text_no_warnings);
  ADD ("/pb/report/info", test_info);
  ADD ("/pb/report/fonts-embedded", test_fonts_embedded);
  ADD ("/pb/report/deterministic", test_deterministic);
  ADD ("/pb/report/footers", test_footers);
  ADD ("/pb/report/outline", test_outline);
  ADD ("/pb/report/signature-box", test_signature_box);
  ADD ("/pb/report/integrity-record", test_integrity_record);
  ADD ("/pb/report/atomic-write", test_atomic_write);
  ADD ("/pb/report/full-disk", test_full_disk);
  ADD ("/pb/report/page-images", test_page_images);
#undef ADD

  g_test_add_func ("/pb/report/from-evaluation", test_from_evaluation);
  g_test_add_func ("/pb/report/cjk-second-pass", test_cjk_second_pass);
  g_test_add_func ("/pb/report/render-writes-nothing", test_render_writes_nothing);
  g_test_add_func ("/pb/report/heat-map-overflow", test_heat_map_overflow);
  g_test_add_func ("/pb/report/answers-cited-once", test_answers_cited_once);
  g_test_add_func ("/pb/report/summary-first-page", test_summary_first_page);
  g_test_add_func ("/pb/report/language", test_report_language);
  for (guint i = 0; i < G_N_ELEMENTS (name_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/report/non-latin-name/%s", name_cases[i].name);

      g_test_add_data_func (path, &name_cases[i], test_non_latin_name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (subset_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/report/font-subset/%s", subset_cases[i].name);

      g_test_add_data_func (path, &subset_cases[i], test_font_subset);
    }
  g_test_add_func ("/pb/report/template/branding", test_template_branding);
  g_test_add_func ("/pb/report/template/language", test_template_language);
  g_test_add_func ("/pb/report/template/missing-font", test_missing_font);
  g_test_add_func ("/pb/report/template/logo-limits", test_template_logo_limits);
  g_test_add_func ("/pb/report/template/long-key", test_template_long_key);
  g_test_add_func ("/pb/report/template/shipped", test_shipped_templates);
  for (guint i = 0; i < G_N_ELEMENTS (bad_templates); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/report/template/error/%s", bad_templates[i].name);

      g_test_add_data_func (path, &bad_templates[i], test_template_errors);
    }

  return g_test_run ();
}
