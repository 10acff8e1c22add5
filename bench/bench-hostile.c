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
 *   bench-hostile
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench-common.h"
#include "pb-answer-set.h"
#include "pb-evaluation.h"
#include "pb-questionnaire.h"

#define RUNS 5

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

  return 0;
}
