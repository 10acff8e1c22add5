/* bench-hostile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the worst files the readers accept cost: a questionnaire at the
 * evaluation budget (named conditions that double at each step, and
 * compound rules that each walk every rule), a 4 MiB questionnaire with
 * 100,000 choices, an 8 MiB answers file, and the refusal of the issue's
 * hostile files. Prints the median CPU time of each.
 * Targets: evaluation at the budget < 100 ms, every load < 1 s, every
 * refusal < 100 ms.
 *
 * With the test PKI script, the CLI and a place to keep it, also the
 * largest report `probity-cli verify` accepts: 250 MB signed 64 times
 * (made once, about a minute, and kept). The CLI runs as its own process;
 * its peak memory and time are the figures. Targets: < 1.25 × the file's
 * size in memory (the file is held once), < 10 s.
 *
 *   bench-hostile [make-test-pki.sh probity-cli FILE.pdf]
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench-common.h"
#include "pb-answer-set.h"
#include "pb-evaluation.h"
#include "pb-questionnaire.h"
#include "pb-signing.h"

#define RUNS 5

#define SIGNED_SIZE   (250 * 1000 * 1000)
#define N_SIGNATURES  64

extern char **environ;

#define HEAD "<questionnaire id=\"bench\" version=\"1\"><title>T</title>\n" \
             "<section id=\"S1\"><title>S</title>\n" \
             "<question id=\"Q1\" type=\"yes-no\"><label>L</label><help>H</help><ref>R</ref></question>\n"
#define RULE_TEXTS "<title>T</title><rationale>R</rationale><mitigation>M</mitigation><ref>X</ref>"

/* Median CPU milliseconds of the RUNS runs in @times. */
static double
median (double *times)
{
  return bench_median (times, RUNS);
}

/* Five rules that each read a chain of sixteen doubling defines: just under
 * the per-condition limit, half the file's budget. */
static GBytes *
make_define_chain (void)
{
  GString *xml = g_string_new (HEAD "</section>\n<define id=\"E0\">Q1 == \"yes\"</define>\n");

  for (guint i = 1; i <= 16; i++)
    g_string_append_printf (xml, "<define id=\"E%u\">E%u or E%u</define>\n", i, i - 1, i - 1);
  for (guint i = 0; i < 5; i++)
    g_string_append_printf (xml, "<rule id=\"R%u\" severity=\"low\"><when>E16 and Q1 == \"no\"</when>"
                            RULE_TEXTS "</rule>\n", i);
  g_string_append (xml, "</questionnaire>\n");

  return g_string_free_to_bytes (xml);
}

/* 1,000 compound rules that each count the flags of all the others. */
static GBytes *
make_compound_rules (void)
{
  GString *xml = g_string_new (HEAD "</section>\n");

  g_string_append (xml, "<rule id=\"R\" severity=\"high\"><when>Q1 == \"yes\"</when>" RULE_TEXTS "</rule>\n");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (xml, "<rule id=\"C%u\" severity=\"low\" compound=\"true\">"
                            "<when>flag_count(\"high\") &gt;= 1</when>" RULE_TEXTS "</rule>\n", i);
  g_string_append (xml, "</questionnaire>\n");

  return g_string_free_to_bytes (xml);
}

/* 3.4 MiB: one question with 100,000 choices. */
static GBytes *
make_many_choices (void)
{
  GString *xml = g_string_new (HEAD "<question id=\"Q2\" type=\"multiple\"><label>L</label><help>H</help><ref>R</ref>\n");

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (xml, "<choice code=\"c%u\">C</choice>\n", i);
  g_string_append (xml, "</question></section>\n"
                   "<rule id=\"R\" severity=\"low\"><when>any(Q2, [\"c99999\", \"c1\"])</when>" RULE_TEXTS "</rule>\n"
                   "</questionnaire>\n");

  return g_string_free_to_bytes (xml);
}

/* The file: 59 doubling defines. */
static GBytes *
make_define_bomb (void)
{
  GString *xml = g_string_new (HEAD "</section>\n<define id=\"E0\">Q1 == \"yes\"</define>\n");

  for (guint i = 1; i <= 59; i++)
    g_string_append_printf (xml, "<define id=\"E%u\">E%u or E%u</define>\n", i, i - 1, i - 1);
  g_string_append (xml, "</questionnaire>\n");

  return g_string_free_to_bytes (xml);
}

static void
bench_questionnaire (const char *what,
                     GBytes     *bytes,
                     gboolean    refused)
{
  double load[RUNS], evaluate[RUNS];
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new ();
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  g_autoptr(PbAnswer) yes = pb_answer_new_string ("yes");

  /* "no" makes every "or" read both sides; "yes" raises the flag the
   * compound rules count. */
  pb_answer_set_insert (answers, "Q1", strstr (g_bytes_get_data (bytes, NULL), "compound") ? yes : no);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(PbQuestionnaire) questionnaire = NULL;
      g_autoptr(PbEvaluation) evaluation = NULL;
      g_autoptr(GError) error = NULL;
      double start = bench_cpu_ms ();

      questionnaire = pb_questionnaire_new_from_bytes (bytes, "bench.xml", &error);
      load[run] = bench_cpu_ms () - start;
      if ((questionnaire == NULL) != refused)
        g_error ("%s: %s", what, error != NULL ? error->message : "loaded");

      start = bench_cpu_ms ();
      if (questionnaire != NULL)
        evaluation = pb_evaluate (questionnaire, answers);
      evaluate[run] = bench_cpu_ms () - start;
    }

  printf ("  %s, %.1f KiB:\n", what, g_bytes_get_size (bytes) / 1024.0);
  if (refused)
    bench_figure ("  refused", median (load), "ms", "<", 100);
  else
    {
      bench_figure ("  load", median (load), "ms", "<", 1000);
      bench_figure ("  evaluate", median (evaluate), "ms", "<", 100);
    }
}

static void
bench_answers (const char *what,
               GBytes     *bytes,
               gboolean    refused)
{
  double times[RUNS];

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(PbAnswerSet) set = NULL;
      g_autoptr(GError) error = NULL;
      double start = bench_cpu_ms ();

      set = pb_answer_set_new_from_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                         "bench.json", &error);
      times[run] = bench_cpu_ms () - start;
      if ((set == NULL) != refused)
        g_error ("%s: %s", what, error != NULL ? error->message : "read");
    }

  printf ("  %s, %.1f KiB:\n", what, g_bytes_get_size (bytes) / 1024.0);
  bench_figure (refused ? "  refused" : "  read", median (times), "ms", "<", refused ? 100 : 1000);
}

/* One page whose content stream is @size bytes of PDF comments. */
static GBytes *
make_large_pdf (gsize size)
{
  GString *pdf = g_string_sized_new (size + 1024);
  gsize offsets[5], xref, start;

  g_string_append (pdf, "%PDF-1.7\n");
  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[3] = pdf->len;
  g_string_append (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n");
  offsets[4] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj\n<< /Length %" G_GSIZE_FORMAT " >>\nstream\n", size);
  start = pdf->len;
  while (pdf->len - start + 64 < size)
    g_string_append (pdf, "% the largest report a verifier accepts, padded with comments.\n");
  while (pdf->len - start < size)
    g_string_append_c (pdf, '\n');
  g_string_append (pdf, "\nendstream\nendobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f\r\n");
  for (guint i = 1; i < 5; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n\r\n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);

  return g_string_free_to_bytes (pdf);
}

/* @path: a PDF of SIGNED_SIZE signed N_SIGNATURES times. */
static void
make_signed_pdf (const char *pki_dir,
                 const char *path)
{
  g_autofree char *p12 = g_build_filename (pki_dir, "signer.p12", NULL);
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
  g_autofree char *tmp = g_strconcat (path, ".tmp", NULL);

  printf ("  (making %s once: %d signatures on %d MB)\n", path, N_SIGNATURES, SIGNED_SIZE / 1000000);
  fflush (stdout);
  if (!(signer = pb_signer_new_from_pkcs12 (p12, "secret", &error)))
    g_error ("%s", error->message);
  pdf = make_large_pdf (SIGNED_SIZE);
  for (guint i = 0; i < N_SIGNATURES; i++)
    {
      PbSignatureOptions options = { 0 };
      GBytes *signed_pdf;

      options.signing_time = when;
      options.reason = "Benchmark";
      if (!(signed_pdf = pb_pdf_sign (pdf, signer, &options, &error)))
        g_error ("signature %u: %s", i + 1, error->message);
      g_bytes_unref (pdf);
      pdf = signed_pdf;
    }
  if (!g_file_set_contents (tmp, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error) ||
      g_rename (tmp, path) != 0)
    g_error ("%s: %s", path, error != NULL ? error->message : g_strerror (errno));
}

/* `probity-cli verify --ca CA FILE` in a process of its own: its peak
 * resident memory and its time. The file's PKI is kept beside it. */
static void
bench_verify (const char *pki_script,
              const char *cli,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pki_dir = g_strconcat (path, ".pki", NULL);
  g_autofree char *ca = g_build_filename (pki_dir, "ca.pem", NULL);
  char *args[] = { (char *) cli, "verify", "--ca", ca, (char *) path, NULL };
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  struct stat st;
  double start, wall, cpu;
  pid_t pid;
  int status;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *command = g_strdup_printf ("sh -c 'rm -rf \"$1\" && sh \"$0\" \"$1\"' '%s' '%s'",
                                                  pki_script, pki_dir);

      if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("make-test-pki.sh: %s", error->message);
      /* In a child: the memory it takes is not this process's, which the
       * CLI's peak would count while it starts. */
      fflush (stdout);
      if ((pid = fork ()) == 0)
        {
          make_signed_pdf (pki_dir, path);
          _exit (0);
        }
      if (pid < 0 || waitpid (pid, &status, 0) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
        g_error ("could not make %s", path);
    }
  if (g_stat (path, &st) != 0)
    g_error ("%s: %s", path, g_strerror (errno));

  /* Its report of 64 signatures is not the benchmark's. */
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  start = bench_now_ms ();
  if (posix_spawn (&pid, cli, &actions, NULL, args, environ) != 0)
    g_error ("cannot run %s", cli);
  posix_spawn_file_actions_destroy (&actions);
  if (wait4 (pid, &status, 0, &usage) != pid)
    g_error ("wait4: %s", g_strerror (errno));
  wall = bench_now_ms () - start;
  cpu = usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
        usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;

  printf ("  probity-cli verify, %.0f MB, %d signatures (exit status %d: %s):\n", st.st_size / 1e6, N_SIGNATURES,
          WIFEXITED (status) ? WEXITSTATUS (status) : -1,
          WIFEXITED (status) && WEXITSTATUS (status) == 0 ? "valid" : "NOT valid");
  bench_figure ("  peak memory", usage.ru_maxrss / 1024.0, "MB", "<", 1.25 * st.st_size / (1024.0 * 1024.0));
  bench_figure ("  time", wall, "ms", "<", 10000);
  bench_figure ("  CPU time", cpu, "ms", NULL, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) chain = make_define_chain ();
  g_autoptr(GBytes) compound = make_compound_rules ();
  g_autoptr(GBytes) choices = make_many_choices ();
  g_autoptr(GBytes) bomb = make_define_bomb ();
  GString *text = g_string_new ("{\"answers\": {\"S1.01\": \"");
  GString *deep = g_string_new ("{\"answers\": {\"S1.01\": ");
  g_autoptr(GBytes) long_text = NULL;
  g_autoptr(GBytes) nested = NULL;

  while (text->len < PB_ANSWER_SET_MAX_SIZE - 64)
    g_string_append (text, "A long answer, \\u00e9 and \\\"quotes\\\". ");
  g_string_append (text, "\"}}");
  long_text = g_string_free_to_bytes (text);

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}");
  nested = g_string_free_to_bytes (deep);

  printf ("median CPU time of %d runs:\n", RUNS);
  bench_questionnaire ("doubling defines at the budget", chain, FALSE);
  bench_questionnaire ("1,000 compound rules counting flags", compound, FALSE);
  bench_questionnaire ("100,000 choices", choices, FALSE);
  bench_questionnaire ("59 doubling defines (issue 8)", bomb, TRUE);
  bench_answers ("an 8 MiB text answer", long_text, FALSE);
  bench_answers ("200,000 nested arrays (issue 8)", nested, TRUE);

  if (argc < 4)
    printf ("  (no make-test-pki.sh, probity-cli and file given: verify not measured)\n");
  else
    bench_verify (argv[1], argv[2], argv[3]);

  return 0;
}
