/* test-migration.c: answers given under surveillance-export 1.0.0 carried
 * into the shipped version through its <migration>: what is carried,
 * converted, to be confirmed, dropped, and what must be answered anew; and
 * answers given under 2.0.0, carried through the second <migration>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

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

/* 2.1.0 renamed nothing: a 2.0.0 deal carries whole, through the
 * <migration from="2.0.0">, beside the one from 1.0.0. The 2.0.0 copy is
 * the shipped file under the earlier version number, so that the test does
 * not ship a second questionnaire. */
static void
test_from_2_0_0 (void)
{
  g_autoptr(GFile) shipped = pb_data_get_file ("questionnaires", "surveillance-export.xml", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *case_path = g_test_build_filename (G_TEST_DIST, "data", "cases", "sorm-mediation-russia.json", NULL);
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PbQuestionnaire) v2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbAnswerSet) migrated = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answers_json = NULL;
  JsonObject *answers_object;

  g_file_load_contents (shipped, NULL, &xml, NULL, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (xml);
  g_assert_cmpuint (g_string_replace (text, "version=\"2.1.0\"", "version=\"2.0.0\"", 1), ==, 1);
  bytes = g_bytes_new (text->str, text->len);
  v2 = pb_questionnaire_new_from_bytes (bytes, "surveillance-export-2.0.0.xml", &error);
  g_assert_no_error (error);

  json_parser_load_from_file (parser, case_path, &error);
  g_assert_no_error (error);
  answers_object = json_object_get_object_member (json_object_get_object_member (
    json_node_get_object (json_parser_get_root (parser)), "answers"), "answers");
  json_object_ref (answers_object);
  {
    g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(JsonObject) wrapper = json_object_new ();

    json_object_set_string_member (wrapper, "questionnaire", "surveillance-export");
    json_object_set_object_member (wrapper, "answers", answers_object);
    json_node_set_object (root, wrapper);
    json_generator_set_root (generator, root);
    answers_json = json_generator_to_data (generator, NULL);
  }
  answers = pb_answer_set_new_from_json (answers_json, -1, "test", &error);
  g_assert_no_error (error);

  g_assert_true (pb_questionnaire_can_migrate_from (new_questionnaire, v2));
  g_assert_true (pb_questionnaire_can_migrate_from (new_questionnaire, old_questionnaire));
  migrated = pb_questionnaire_migrate_answers (new_questionnaire, v2, answers, &changes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (migrated);
  g_assert_cmpuint (changes->len, >, 50);
  for (guint i = 0; i < changes->len; i++)
    {
      PbMigrationChange *change = g_ptr_array_index (changes, i);

      if (change->action != PB_MIGRATION_CARRIED)
        g_error ("%s was not carried whole (%s)", change->from_id, pb_migration_action_to_string (change->action));
    }
  g_assert_true (pb_answer_equal (pb_answer_set_lookup (migrated, "S2.19"), pb_answer_set_lookup (answers, "S2.19")));
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
  g_test_add_func ("/pb/migration/from-2.0.0", test_from_2_0_0);
  g_test_add_func ("/pb/migration/article-files", test_article_files);
  g_test_add_func ("/pb/migration/no-migration", test_no_migration);

  status = g_test_run ();
  g_clear_object (&old_questionnaire);
  g_clear_object (&new_questionnaire);

  return status;
}
