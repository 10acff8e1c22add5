/* test-migration.c: answers given under surveillance-export 1.0.0 carried
 * into 2.0.0 through its <migration>: what is carried, converted, to be
 * confirmed, dropped, and what must be answered anew.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-answer-set.h"
#include "pb-countries.h"
#include "pb-data.h"
#include "pb-evaluation.h"
#include "pb-migration.h"

static PbQuestionnaire *old_questionnaire;
static PbQuestionnaire *new_questionnaire;

static PbAnswerSet *
answers_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{\"questionnaire\": \"surveillance-export\", \"answers\": %s}", json);
  PbAnswerSet *answers = pb_answer_set_new_from_json (text, -1, "test", &error);

  g_assert_no_error (error);
  pb_answer_set_validate (answers, old_questionnaire, &error);
  g_assert_no_error (error);

  return answers;
}

static PbMigrationChange *
change_of (GPtrArray  *changes,
           const char *from_id)
{
  for (guint i = 0; i < changes->len; i++)
    {
      PbMigrationChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->from_id, from_id))
        return change;
    }

  g_error ("no change for %s", from_id);
  return NULL;
}

static void
test_actions (void)
{
  g_autoptr(PbAnswerSet) old = answers_from_json (
    "{\"S1.01\": \"Camera 2\", \"S1.03\": [\"recording\", \"data-fusion\"], \"S1.08a\": 40,"
    " \"S2.01\": \"SE\", \"S2.01u\": \"yes\", \"S2.12\": \"yes\", \"S3.06\": \"no\","
    " \"S4.09\": \"no\", \"S4.10\": \"yes\", \"S6.03\": \"no\", \"S6.11\": \"no\"}");
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PbAnswerSet) migrated = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_questionnaire_can_migrate_from (new_questionnaire, old_questionnaire));
  migrated = pb_questionnaire_migrate_answers (new_questionnaire, old_questionnaire, old, &changes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, pb_answer_set_get_size (old));

  /* Same question, same meaning. */
  g_assert_cmpint (change_of (changes, "S1.01")->action, ==, PB_MIGRATION_CARRIED);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (migrated, "S1.01")), ==, "Camera 2");
  /* Moved: archived records are S8.09 now; the order mismatch is S6.08, turned round. */
  g_assert_cmpint (change_of (changes, "S2.12")->action, ==, PB_MIGRATION_CONVERTED);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (migrated, "S8.09")), ==, "yes");
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (migrated, "S6.08")), ==, "yes");
  /* Carried, to be confirmed, with what changed. */
  g_assert_cmpint (change_of (changes, "S2.01")->action, ==, PB_MIGRATION_REVIEW);
  g_assert_cmpstr (change_of (changes, "S2.01")->to_id, ==, "S0.01");
  g_assert_nonnull (change_of (changes, "S2.01")->note);
  g_assert_cmpint (change_of (changes, "S1.03")->action, ==, PB_MIGRATION_REVIEW);
  g_assert_cmpint (change_of (changes, "S3.06")->action, ==, PB_MIGRATION_REVIEW);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (migrated, "S3.13")), ==, "none");
  /* Not carried: "yes" has no single meaning in the graded question. */
  g_assert_cmpint (change_of (changes, "S2.01u")->action, ==, PB_MIGRATION_ANEW);
  g_assert_null (pb_answer_set_lookup (migrated, "S0.04"));
  /* Dropped, and where the fact went; anew when the answer mattered. */
  g_assert_cmpint (change_of (changes, "S1.08a")->action, ==, PB_MIGRATION_DROPPED);
  g_assert_cmpint (change_of (changes, "S6.11")->action, ==, PB_MIGRATION_DROPPED);
  g_assert_cmpint (change_of (changes, "S4.10")->action, ==, PB_MIGRATION_ANEW);
  g_assert_cmpint (change_of (changes, "S6.03")->action, ==, PB_MIGRATION_ANEW);
  g_assert_null (pb_answer_set_lookup (migrated, "S1.08a"));

  /* Everything carried is a valid 2.0.0 answer. */
  pb_answer_set_validate (migrated, new_questionnaire, &error);
  g_assert_no_error (error);
}

/* Two earlier answers that land on one question and differ: it must be
 * answered anew, and neither is kept. */
static void
test_conflict (void)
{
  g_autoptr(PbAnswerSet) same = answers_from_json ("{\"S4.02\": \"CN\", \"S5.01\": \"CN\"}");
  g_autoptr(PbAnswerSet) differ = answers_from_json ("{\"S4.02\": \"CN\", \"S5.01\": \"HK\"}");
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(PbAnswerSet) migrated = NULL;
  g_autoptr(GError) error = NULL;

  migrated = pb_questionnaire_migrate_answers (new_questionnaire, old_questionnaire, same, &changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (migrated, "S0.02")), ==, "CN");
  g_clear_pointer (&changes, g_ptr_array_unref);
  g_clear_object (&migrated);

  migrated = pb_questionnaire_migrate_answers (new_questionnaire, old_questionnaire, differ, &changes, &error);
  g_assert_no_error (error);
  g_assert_null (pb_answer_set_lookup (migrated, "S0.02"));
  g_assert_cmpint (change_of (changes, "S4.02")->action, ==, PB_MIGRATION_ANEW);
  g_assert_cmpint (change_of (changes, "S5.01")->action, ==, PB_MIGRATION_ANEW);
}

/* The article's cases, answered under 1.0.0, carry into 2.0.0 without an
 * invalid answer, and keep their verdict once the new questions are
 * answered (tests/data/answers holds the completed files). */
static void
test_article_files (void)
{
  const char * const files[] = {
    "axis-guilin-skynet.json", "morpho-shanghai-psb.json", "noldus-facereader.json",
    "benign-carpark-anpr.json", "benign-retail-people-counting.json", "benign-university-lab-observer.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *old_path = g_test_build_filename (G_TEST_DIST, "data", "answers-1.0.0", files[i], NULL);
      g_autofree char *new_path = g_test_build_filename (G_TEST_DIST, "data", "answers", files[i], NULL);
      g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
      g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
      g_autoptr(PbAnswerSet) old = NULL;
      g_autoptr(PbAnswerSet) completed = NULL;
      g_autoptr(PbAnswerSet) migrated = NULL;
      g_autoptr(GPtrArray) changes = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) ids = NULL;

      old = pb_answer_set_new_from_file (old_file, &error);
      g_assert_no_error (error);
      pb_answer_set_validate (old, old_questionnaire, &error);
      g_assert_no_error (error);
      migrated = pb_questionnaire_migrate_answers (new_questionnaire, old_questionnaire, old, &changes, &error);
      g_assert_no_error (error);
      pb_answer_set_validate (migrated, new_questionnaire, &error);
      g_assert_no_error (error);

      /* Every carried answer is in the completed file as carried, except
       * the country ratings, which the reference data now gives. */
      completed = pb_answer_set_new_from_file (new_file, &error);
      g_assert_no_error (error);
      ids = pb_answer_set_dup_ids (migrated);
      for (guint k = 0; ids[k] != NULL; k++)
        {
          PbAnswer *answer = pb_answer_set_lookup (completed, ids[k]);

          if (g_str_equal (ids[k], "S5.02") || g_str_equal (ids[k], "S5.03"))
            continue;
          if (answer == NULL || !pb_answer_equal (answer, pb_answer_set_lookup (migrated, ids[k])))
            g_error ("%s: %s was carried but differs in the completed file", files[i], ids[k]);
        }
    }
}

static void
test_no_migration (void)
{
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;

  /* 1.0.0 declares no migration from 2.0.0. */
  g_assert_null (pb_questionnaire_migrate_answers (old_questionnaire, new_questionnaire, answers, &changes, &error));
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_NOT_FOUND);
  g_assert_null (changes);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *old_path = NULL;
  g_autoptr(GFile) old_file = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  old_path = g_test_build_filename (G_TEST_DIST, "data", "questionnaires-1.0.0", "surveillance-export-1.0.0.xml", NULL);
  old_file = g_file_new_for_path (old_path);
  old_questionnaire = pb_questionnaire_new_from_file (old_file, &error);
  g_assert_no_error (error);
  new_questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);

  g_test_add_func ("/pb/migration/actions", test_actions);
  g_test_add_func ("/pb/migration/conflict", test_conflict);
  g_test_add_func ("/pb/migration/article-files", test_article_files);
  g_test_add_func ("/pb/migration/no-migration", test_no_migration);

  status = g_test_run ();
  g_clear_object (&old_questionnaire);
  g_clear_object (&new_questionnaire);

  return status;
}
