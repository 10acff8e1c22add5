/* test-screening-names.c: the matcher on the labelled name pairs, beside
 * the Jaro-Winkler baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-name-matcher.h"
#include "pb-name-normalizer.h"

#define BASELINE_THRESHOLD 0.85

typedef struct
{
  char    *query;
  char    *listed;
  char    *category;
  gboolean same;
  double   score;
  double   baseline;
} Pair;

typedef struct
{
  guint true_positives;
  guint false_positives;
  guint false_negatives;
  guint true_negatives;
} Counts;

static void
pair_free (gpointer data)
{
  Pair *pair = data;

  g_free (pair->query);
  g_free (pair->listed);
  g_free (pair->category);
  g_free (pair);
}

static double
score_pair (const char *query,
            const char *listed)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
  g_autofree char *a = pb_name_normalize (query);
  g_autofree char *b = pb_name_normalize (listed);
  PbToken ta[PB_NAME_MAX_TOKENS], tb[PB_NAME_MAX_TOKENS];
  guint na = pb_name_tokenize (a, strings, ta);
  guint nb = pb_name_tokenize (b, strings, tb);

  return pb_name_score (ta, na, tb, nb, NULL, NULL);
}

static GPtrArray *
load_pairs (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "screening", "name-pairs.tsv", NULL);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (pair_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Pair *pair;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_assert_true (strcmp (fields[0], "0") == 0 || strcmp (fields[0], "1") == 0);

      pair = g_new0 (Pair, 1);
      pair->same = fields[0][0] == '1';
      pair->query = g_strdup (fields[1]);
      pair->listed = g_strdup (fields[2]);
      pair->category = g_strdup (fields[3]);
      pair->score = score_pair (pair->query, pair->listed);
      pair->baseline = pb_name_baseline_score (pair->query, pair->listed);
      g_ptr_array_add (pairs, pair);
    }

  return g_steal_pointer (&pairs);
}

static void
count (Counts  *counts,
       gboolean same,
       gboolean hit)
{
  if (same && hit)
    counts->true_positives++;
  else if (same)
    counts->false_negatives++;
  else if (hit)
    counts->false_positives++;
  else
    counts->true_negatives++;
}

static double
precision (const Counts *counts)
{
  guint hits = counts->true_positives + counts->false_positives;

  return hits > 0 ? (double) counts->true_positives / hits : 1.0;
}

static double
recall (const Counts *counts)
{
  guint same = counts->true_positives + counts->false_negatives;

  return same > 0 ? (double) counts->true_positives / same : 1.0;
}

static void
test_labelled_set (void)
{
  g_autoptr(GPtrArray) pairs = load_pairs ();
  g_autoptr(GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  Counts matcher = { 0 }, baseline = { 0 };
  guint n_same = 0;
  gboolean verbose = g_getenv ("PB_SCREENING_VERBOSE") != NULL;

  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (pairs, i);
      gboolean hit = pair->score >= PB_NAME_MATCH_THRESHOLD;
      gboolean baseline_hit = pair->baseline >= BASELINE_THRESHOLD;
      Counts *category = g_hash_table_lookup (categories, pair->category);

      if (category == NULL)
        {
          category = g_new0 (Counts, 2);
          g_hash_table_insert (categories, pair->category, category);
        }

      n_same += pair->same;
      count (&matcher, pair->same, hit);
      count (&baseline, pair->same, baseline_hit);
      count (&category[0], pair->same, hit);
      count (&category[1], pair->same, baseline_hit);

      if (verbose && hit != pair->same)
        g_printerr ("%s %.3f (baseline %.3f)  %s | %s  [%s]\n", pair->same ? "MISSED" : "FALSE ",
                    pair->score, pair->baseline, pair->query, pair->listed, pair->category);
    }

  g_assert_cmpuint (pairs->len, >=, 300);
  g_assert_cmpuint (n_same, >=, 100);
  g_assert_cmpuint (pairs->len - n_same, >=, 100);

  g_test_message ("%u pairs (%u same party, %u near misses)", pairs->len, n_same, pairs->len - n_same);
  g_test_message ("matcher at %.2f: precision %.3f, recall %.3f (TP %u, FP %u, FN %u)",
                  PB_NAME_MATCH_THRESHOLD, precision (&matcher), recall (&matcher),
                  matcher.true_positives, matcher.false_positives, matcher.false_negatives);
  g_test_message ("Jaro-Winkler >= %.2f baseline: precision %.3f, recall %.3f (TP %u, FP %u, FN %u)",
                  BASELINE_THRESHOLD, precision (&baseline), recall (&baseline),
                  baseline.true_positives, baseline.false_positives, baseline.false_negatives);

  if (verbose)
    {
      GHashTableIter iter;
      const char *name;
      Counts *counts;

      g_hash_table_iter_init (&iter, categories);
      while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &counts))
        g_printerr ("%-20s matcher hits %3u/%3u   baseline hits %3u/%3u\n", name,
                    counts[0].true_positives + counts[0].false_positives,
                    counts[0].true_positives + counts[0].false_positives + counts[0].false_negatives + counts[0].true_negatives,
                    counts[1].true_positives + counts[1].false_positives,
                    counts[1].true_positives + counts[1].false_positives + counts[1].false_negatives + counts[1].true_negatives);
    }

  /* The claim of issue 10: higher recall at equal or better precision. */
  g_assert_cmpfloat (recall (&matcher), >, recall (&baseline));
  g_assert_cmpfloat (precision (&matcher), >=, precision (&baseline));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pb/screening/names/labelled-set", test_labelled_set);

  return g_test_run ();
}
