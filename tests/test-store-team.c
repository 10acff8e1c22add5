/* test-store-team.c: a sales person, two legal reviewers and an auditor,
 * each with their own store on one database, take a case from draft to a
 * verified sign-off
 *
 * The database is a new SQLite file, or, with PROBITY_TEST_DB=pg, a new
 * database on the throwaway cluster (store-fixture.h), where each person
 * logs in as their own role and the server checks what they do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-case-screening.h"
#include "store-fixture.h"
#include "test-actor.h"

typedef struct
{
  StoreFixture  base;       /* a file, or a database of its own on a server */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  store_fixture_set_up (&f->base, STORE_FIXTURE_NO_STORE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  store_fixture_tear_down (&f->base, data);
}

/* What @name opens: the file, or the test's database logged in as them. */
static char *
location_for (Fixture    *f,
              const char *name)
{
  if (!store_fixture_on_server (&f->base))
    return g_strdup (f->base.path);

  return store_server_location (f->base.server, f->base.database, name);
}

/* @name's own store, acting as them in @role. */
static PbCaseStore *
open_as (Fixture    *f,
         const char *name,
         PbRole      role)
{
  g_autofree char *location = location_for (f, name);
  g_autoptr(PbActor) actor = pb_actor_new (name, role, NULL);
  g_autoptr(GError) error = NULL;
  PbCaseStore *store = pb_case_store_new (location, &error);

  g_assert_no_error (error);
  pb_case_store_set_actor (store, actor);

  return store;
}

static gboolean
on_server (Fixture *f)
{
  if (!store_fixture_on_server (&f->base))
    g_test_skip ("needs a PostgreSQL server (PROBITY_TEST_DB=pg)");

  return store_fixture_on_server (&f->base);
}

static char *
new_case (Fixture     *f,
          PbCaseStore *store,
          const char  *family)
{
  char *case_id = store_fixture_new_case (&f->base, store, "Acme Security Ltd");

  store_fixture_answer (store, case_id, "S1.01", family, NULL, NULL);
  store_fixture_answer (store, case_id, "T01", "\"a note\"", "from the call", NULL);

  return case_id;
}

static void
test_core_path (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PbCaseStore) sales = open_as (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseStore) reviewer = NULL;
  g_autoptr(PbCaseStore) auditor = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GListModel) events = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autofree char *case_id = new_case (f, sales, "\"camera\"");
  g_autofree char *head = NULL;
  guint n_events = 0, broken = 0;

  pb_case_store_submit (sales, case_id, &error);
  g_assert_no_error (error);

  reviewer = open_as (f, "rita", PB_ROLE_REVIEWER);
  sign_off = pb_test_sign (reviewer, case_id, "rita", PB_CASE_STATUS_APPROVED, "camera only", NULL,
                           sha, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sign_off);
  stored = pb_case_store_get_report (reviewer, case_id, sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, report));

  /* Sealed: nothing changes it until a reviewer reopens it. */
  g_assert_false (pb_case_store_set_answer (sales, case_id, "T01", NULL, NULL, NULL, "late", &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_SEALED);
  g_clear_error (&error);

  auditor = open_as (f, "ada", PB_ROLE_AUDITOR);
  g_assert_true (pb_case_store_verify_case (auditor, case_id, &n_events, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, ==, 6);
  head = pb_case_store_get_history_head (auditor, case_id, &n_events, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, ==, 6);

  /* Each event names who made it. */
  events = pb_case_store_list_history (auditor, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (events, i);

      g_assert_cmpstr (pb_history_event_get_user (event), ==, i < 4 ? "sam" : "rita");
    }

  cases = pb_case_store_list_cases (auditor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
}

static void
test_auditor_reads_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PbCaseStore) sales = open_as (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseStore) auditor = open_as (f, "ada", PB_ROLE_AUDITOR);
  g_autoptr(PbAnswer) answer = pb_answer_new_string ("spyware");
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = new_case (f, sales, "\"camera\"");

  g_assert_false (pb_case_store_set_answer (auditor, case_id, "S1.01", answer, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
}

static void
test_hard_stop (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PbCaseStore) sales = open_as (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseStore) reviewer = open_as (f, "rita", PB_ROLE_REVIEWER);
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = new_case (f, sales, "\"spyware\"");

  store_fixture_answer (sales, case_id, "S1.02", "\"no\"", NULL, NULL);
  pb_case_store_submit (sales, case_id, &error);
  g_assert_no_error (error);

  g_assert_false (pb_case_store_decide (reviewer, case_id, PB_CASE_STATUS_APPROVED, "fine", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED);
  g_clear_error (&error);

  g_assert_true (pb_case_store_decide (reviewer, case_id, PB_CASE_STATUS_REJECTED, "no licence", NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Evidence (binary, every byte value), a signed revision reopened with its
 * answers and evidence copied, and the case list's filters. */
static void
test_evidence_and_reopen (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PbCaseStore) sales = open_as (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseStore) reviewer = open_as (f, "rita", PB_ROLE_REVIEWER);
  g_autoptr(PbCaseStore) auditor = NULL;
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GListModel) copied = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GBytes) scan = NULL;
  g_autoptr(GBytes) read_back = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autofree char *case_id = new_case (f, sales, "\"camera\"");
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  guchar bytes[256];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = i;
  scan = g_bytes_new (bytes, sizeof bytes);
  evidence = pb_case_store_add_evidence (sales, case_id, "T01", "scan.bin", NULL, scan, &error);
  g_assert_no_error (error);
  read_back = pb_case_store_get_evidence_bytes (sales, pb_evidence_get_id (evidence), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read_back, scan));

  pb_case_store_submit (sales, case_id, &error);
  g_assert_no_error (error);
  sign_off = pb_test_sign (reviewer, case_id, "rita", PB_CASE_STATUS_REJECTED, "no end-user certificate", NULL,
                           sha, report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_store_reopen (reviewer, case_id, "certificate received", &error), ==, 2);
  g_assert_no_error (error);

  copied = pb_case_store_list_evidence (sales, case_id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (copied), ==, 1);
  store_fixture_answer (sales, case_id, "T02", "\"certificate on file\"", NULL, NULL);

  auditor = open_as (f, "ada", PB_ROLE_AUDITOR);
  g_assert_true (pb_case_store_verify_case (auditor, case_id, NULL, NULL, &error));
  g_assert_no_error (error);

  filter.customer = "acme";
  cases = pb_case_store_list_cases (auditor, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
  g_clear_object (&cases);

  filter.customer = NULL;
  filter.text = "certificate";
  cases = pb_case_store_list_cases (auditor, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 1);
}

/* Two people on one case: an answer changed since one of them read it is
 * not overwritten, and they are told what it is now and who set it. */
static void
test_stale_answer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = open_as (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseStore) sue = open_as (f, "sue", PB_ROLE_SALES);
  g_autoptr(PbAnswer) hers = pb_answer_new_string ("her note");
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = new_case (f, sam, "\"camera\"");

  records = pb_case_store_list_answers (sue, case_id, 0, &error);
  g_assert_no_error (error);
  store_fixture_answer (sam, case_id, "T01", "\"his note\"", NULL, NULL);
  store_fixture_answer (sam, case_id, "T02", "\"a second\"", NULL, NULL);

  g_assert_false (pb_case_store_set_answer (sue, case_id, "T01", hers, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "sam"));
  g_assert_nonnull (strstr (error->message, "his note"));
  g_clear_error (&error);

  /* Unanswered when she read it. */
  g_assert_false (pb_case_store_set_answer (sue, case_id, "T02", hers, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Read again, her change goes on top of his, and his store is the
   * one behind now. */
  answers = pb_case_store_get_answers (sue, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_set_answer (sue, case_id, "T01", hers, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pb_case_store_set_answer (sue, case_id, "T01", hers, "and a comment", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pb_case_store_set_answer (sam, case_id, "T01", NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "sue"));
  g_clear_error (&error);

  /* She changes only the comment after he read it: his comment is not
   * saved over hers, and he is told hers, not only the answer both share.
   * (Before: "answered by sue … with "her note"", the value he had.) */
  g_clear_object (&answers);
  answers = pb_case_store_get_answers (sam, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_set_answer (sue, case_id, "T01", hers, "her newer comment", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pb_case_store_set_answer (sam, case_id, "T01", hers, "his comment", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "sue"));
  g_assert_nonnull (strstr (error->message, "“her newer comment”"));
}

/* On a server the person acting is whom it authenticated. */
static void
test_server_identity (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbActor) mallory = pb_actor_new ("mallory", PB_ROLE_REVIEWER, NULL);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  if (!on_server (f))
    return;

  store = open_as (f, "sam", PB_ROLE_REVIEWER);
  /* sam acts in the role the server gives: sales. */
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (store)), ==, PB_ROLE_SALES);

  pb_case_store_set_actor (store, mallory);
  customer = pb_case_store_add_customer (store, "Acme", NULL, "GB", NULL, NULL, &error);
  g_assert_null (customer);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "“sam”"));
  g_assert_nonnull (strstr (error->message, "“mallory”"));
}

/* An administrator sets sam's organisation while sam is connected (review14c
 * F7): sam's next save reads the server's word again and carries it,
 * instead of every save being refused until sam connects again. */
static void
test_organisation_changed (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *organisation = NULL;

  if (!on_server (f))
    return;

  sam = open_as (f, "sam", PB_ROLE_SALES);
  case_id = new_case (f, sam, "\"camera\"");
  g_assert_null (pb_actor_get_organisation (pb_case_store_get_actor (sam)));

  store_server_exec (f->base.server, f->base.database,
                     "SELECT probity.add_member ('sam', 'sales', 'east', NULL, 'Nordvik Systems AB')");
  store_fixture_answer (sam, case_id, "T01", "\"after the change\"", NULL, NULL);
  sql = g_strdup_printf ("SELECT organisation FROM probity.events WHERE case_id = '%s' ORDER BY seq DESC LIMIT 1",
                         case_id);
  organisation = store_server_query (f->base.server, f->base.database, sql);
  g_assert_cmpstr (organisation, ==, "Nordvik Systems AB");

  /* Changed again: the next save acts for the new one. */
  store_server_exec (f->base.server, f->base.database,
                     "SELECT probity.add_member ('sam', 'sales', 'east', NULL, 'Legal HQ')");
  store_fixture_answer (sam, case_id, "T01", "\"and again\"", NULL, NULL);
  g_free (organisation);
  organisation = store_server_query (f->base.server, f->base.database, sql);
  g_assert_cmpstr (organisation, ==, "Legal HQ");
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* An administrator takes rita's reviewer role away while her store is
 * open, and renames her: the approval she then makes is refused (the
 * server's word), and from then on her store acts as one who does not
 * approve, under the name the server gives her now; nothing was
 * recorded. */
static void
test_role_revoked (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  g_autoptr(PbCaseStore) rita = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *roles = NULL;
  guint notified = 0;

  if (!on_server (f))
    return;

  sam = open_as (f, "sam", PB_ROLE_SALES);
  case_id = new_case (f, sam, "\"camera\"");
  pb_case_store_submit (sam, case_id, &error);
  g_assert_no_error (error);
  rita = open_as (f, "rita", PB_ROLE_REVIEWER);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (rita)), ==, PB_ROLE_REVIEWER);
  g_signal_connect_swapped (rita, "notify::actor", G_CALLBACK (count_cb), &notified);

  store_server_exec (f->base.server, f->base.database,
                     "UPDATE probity.members SET roles = array_remove (roles, 'reviewer'), "
                     "display_name = 'Rita Renamed' WHERE member = 'rita'");
  /* (She no longer sees submitted cases: not found.) */
  g_assert_false (pb_case_store_decide (rita, case_id, PB_CASE_STATUS_APPROVED, "camera only", NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (pb_role_can_decide (pb_actor_get_role (pb_case_store_get_actor (rita))));
  g_assert_cmpstr (pb_case_store_get_server_name (rita), ==, "Rita Renamed");
  roles = pb_case_store_dup_server_roles_label (rita);
  g_assert_true (roles == NULL || strstr (roles, pb_role_get_label (PB_ROLE_REVIEWER)) == NULL);
  g_assert_cmpint (pb_case_store_get_status (sam, case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_no_error (error);

  /* Given back: a store without its watch (probity-cli's; a window's
   * hears it at once: store-live's watch-identity) still acts as one who
   * does not approve, until a write of hers is refused and reads the
   * server's word again. */
  store_server_exec (f->base.server, f->base.database,
                     "UPDATE probity.members SET roles = roles || '{reviewer}' WHERE member = 'rita'");
  g_assert_false (pb_case_store_decide (rita, case_id, PB_CASE_STATUS_APPROVED, "camera only", NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (pb_actor_get_role (pb_case_store_get_actor (rita)), ==, PB_ROLE_REVIEWER);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (pb_case_store_decide (rita, case_id, PB_CASE_STATUS_APPROVED, "camera only", NULL, NULL, &error));
  g_assert_no_error (error);
}

/* What the store calls blank (pb-case-store.c), which the server's
 * checks must call blank too (schema-v14.sql). */
gboolean _pb_case_store_is_blank (const char *str);

/* The server's is_blank () and pb_blank () count as white space exactly
 * the characters Probity does: a reason only Probity calls blank is one
 * the server refuses too (test-pg-roles.sh refuses them by hand). */
static void
test_blank_as_probity (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const functions[] = { "is_blank", "pb_blank" };
  g_autoptr(GString) expected = g_string_new (NULL);

  if (!on_server (f))
    return;

  for (gunichar c = 1; c <= 0x10FFFF; c++)
    {
      char text[8] = { 0 };

      if (c >= 0xD800 && c <= 0xDFFF)
        continue;
      g_unichar_to_utf8 (c, text);
      if (_pb_case_store_is_blank (text))
        g_string_append_printf (expected, "%s%x", expected->len > 0 ? " " : "", c);
    }
  g_test_message ("Probity's blank characters: %s", expected->str);
  g_assert_nonnull (strstr (expected->str, "3000"));

  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT string_agg (to_hex (c), ' ' ORDER BY c)"
                                              "  FROM generate_series (1, 1114111) c"
                                              " WHERE (c < 55296 OR c > 57343) AND probity.%s (chr (c))",
                                              functions[i]);
      g_autofree char *blank = store_server_query (f->base.server, f->base.database, sql);

      g_assert_cmpstr (blank, ==, expected->str);
    }
}

/* What pb_actor_names_equal () compares of a name (pb-actor.c). */
char *_pb_actor_name_key (const char *name);

/* hex of @text's bytes, quoted for SQL */
static char *
sql_text (const char *text)
{
  GString *out = g_string_new ("convert_from (decode ('");

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_printf (out, "%02x", (guint8) *p);
  g_string_append (out, "', 'hex'), 'UTF8')");

  return g_string_free (out, FALSE);
}

/* The server's names are Probity's (schema-v15.sql): name_key () folds,
 * composes and spaces every character as pb_actor_names_equal () does,
 * and same_name () calls one person what Probity calls one, hostile and
 * Unicode names included. Every character with a case, a decomposition
 * or white space is below U+20000 or among the compatibility ideographs
 * (U+2F800-U+2FA1F). */
static void
test_names_as_probity (Fixture       *f,
                       gconstpointer  data)
{
  static const struct { const char *a, *b; gboolean same; } pairs[] = {
    { "\u3000Rita Lind\u00a0", "rita lind", TRUE },
    { "Rita\u2003\u2003Lind", "Rita Lind", TRUE },
    { "Rita\u00a0Lind", "RITA LIND", TRUE },
    { "Stra\u00dfe", "STRASSE", TRUE },
    { "\u039f\u0394\u039f\u03a3", "\u03bf\u03b4\u03bf\u03c2", TRUE },
    { "\u212bngstr\u00f6m", "A\u030angstro\u0308m", TRUE },
    { "\ufb01ona", "FIONA", TRUE },
    { "\u0130stanbul", "i\u0307stanbul", TRUE },
    { "\u0131rmak", "irmak", FALSE },
    { "rita", "rita\u200b", FALSE },
    { "a\xc2\x85" "b", "a b", FALSE },
    { "a\vb", "a b", FALSE },
    { "\u3000", "", FALSE },
    { "", "", FALSE },
    { "Robert'); DROP TABLE probity.events; --", "robert'); drop table probity.events; --", TRUE },
    { "\u00c9mile\u2028Zola", "\u00e9mile zola", TRUE },
  };
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *keys = NULL;

  if (!on_server (f))
    return;

  for (gunichar c = 1; c <= 0x2FA1F; c++)
    {
      char text[8] = { 0 };
      g_autofree char *key = NULL;

      if ((c >= 0xD800 && c <= 0xDFFF) || (c >= 0x20000 && c < 0x2F800))
        continue;
      g_unichar_to_utf8 (c, text);
      key = _pb_actor_name_key (text);
      if (strcmp (key, text) == 0)
        continue;
      g_string_append_printf (expected, "%s%x:", expected->len > 0 ? " " : "", c);
      for (const char *p = key; *p != '\0'; p++)
        g_string_append_printf (expected, "%02x", (guint8) *p);
    }
  g_assert_nonnull (strstr (expected->str, " df:7373 "));
  keys = store_server_query (f->base.server, f->base.database,
                             "SELECT string_agg (to_hex (c) || ':' || encode (convert_to (probity.name_key (chr (c)), 'UTF8'), 'hex'),"
                             "                   ' ' ORDER BY c)"
                             "  FROM generate_series (1, 195103) c"
                             " WHERE (c < 55296 OR c > 57343) AND (c < 131072 OR c >= 194560)"
                             "   AND probity.name_key (chr (c)) <> chr (c)");
  {
    g_auto(GStrv) got = g_strsplit (keys, " ", -1);
    g_auto(GStrv) want = g_strsplit (expected->str, " ", -1);

    for (guint i = 0; got[i] != NULL || want[i] != NULL; i++)
      {
        g_assert_cmpstr (got[i], ==, want[i]);
        if (got[i] == NULL)
          break;
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *a = sql_text (pairs[i].a);
      g_autofree char *b = sql_text (pairs[i].b);
      g_autofree char *sql = g_strdup_printf ("SELECT probity.same_name (%s, %s)", a, b);
      g_autofree char *same = store_server_query (f->base.server, f->base.database, sql);

      g_test_message ("“%s” and “%s”: the server says %s", pairs[i].a, pairs[i].b, same);
      g_assert_cmpint (pb_actor_names_equal (pairs[i].a, pairs[i].b), ==, pairs[i].same);
      g_assert_cmpstr (same, ==, pairs[i].same ? "t" : "f");
    }
}

/* A submitted case of sam's that rita approved, and what a report of it
 * made now would show. */
static char *
approved_case (Fixture         *f,
               PbCaseStore     *rita,
               PbCaseSnapshot **snapshot)
{
  g_autoptr(PbCaseStore) sam = open_as (f, "sam", PB_ROLE_SALES);
  g_autoptr(GError) error = NULL;
  char *case_id = new_case (f, sam, "\"camera\"");

  pb_case_store_submit (sam, case_id, &error);
  g_assert_no_error (error);
  pb_case_store_decide (rita, case_id, PB_CASE_STATUS_APPROVED, "camera only", NULL, NULL, &error);
  g_assert_no_error (error);
  *snapshot = pb_case_store_read_snapshot (rita, case_id, 0, &error);
  g_assert_no_error (error);

  return case_id;
}

static PbSignOff *
sign_for (PbCaseStore     *store,
          const char      *case_id,
          PbCaseSnapshot  *snapshot,
          const char      *organisation,
          GError         **error)
{
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);

  return pb_case_store_sign (store, case_id, pb_case_snapshot_get_revision (snapshot),
                             pb_case_snapshot_get_answers_fingerprint (snapshot),
                             pb_case_snapshot_get_history_head (snapshot), "rita", NULL, "en", sha, report,
                             organisation, error);
}

/* What a sign-off records is what its report names beside the signer: a
 * report made for another organisation than the one the store acts for is
 * refused, and nothing is recorded. */
static void
test_sign_off_organisation (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PbCaseStore) rita = open_as (f, "rita", PB_ROLE_REVIEWER);
  g_autoptr(PbCaseSnapshot) snapshot = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = approved_case (f, rita, &snapshot);

  g_assert_null (sign_for (rita, case_id, snapshot, "Somewhere Else AB", &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "“Somewhere Else AB”"));
  g_assert_nonnull (strstr (error->message, "no organisation"));
  g_clear_error (&error);
  g_assert_cmpint (pb_case_store_get_status (rita, case_id, 0, &error), ==, PB_CASE_STATUS_APPROVED);
  g_assert_no_error (error);
  sign_offs = pb_case_store_list_sign_offs (rita, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sign_offs), ==, 0);

  sign_off = sign_for (rita, case_id, snapshot, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (pb_sign_off_get_organisation (sign_off));
}

/* An administrator changes rita's organisation while her store is open
 * (review14c F7). Before a report is made, the store reads it again, so
 * the report names the new one; changed once more after the report was
 * made, the sign-off is refused with a message that says why (not the
 * server's "connect again"), nothing is recorded, and a report made
 * again for the new one is signed. */
static void
test_organisation_changed_sign_off (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(PbCaseStore) rita = NULL;
  g_autoptr(PbCaseSnapshot) snapshot = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *connected = NULL;
  g_autofree char *made_for = NULL;
  g_autofree char *now = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *recorded = NULL;
  guint n_events = 0, broken = 0;

  if (!on_server (f))
    return;

  rita = open_as (f, "rita", PB_ROLE_REVIEWER);
  case_id = approved_case (f, rita, &snapshot);
  connected = pb_case_store_dup_acting_organisation (rita);
  g_assert_null (connected);

  store_server_exec (f->base.server, f->base.database,
                     "SELECT probity.add_member ('rita', 'reviewer', NULL, NULL, 'Legal HQ')");
  g_assert_true (pb_case_store_check_sign (rita, case_id, pb_case_snapshot_get_revision (snapshot),
                                           pb_case_snapshot_get_answers_fingerprint (snapshot),
                                           pb_case_snapshot_get_history_head (snapshot), "rita", &error));
  g_assert_no_error (error);
  made_for = pb_case_store_dup_acting_organisation (rita);
  g_assert_cmpstr (made_for, ==, "Legal HQ");

  /* The report for Legal HQ is made; then the administrator again. */
  store_server_exec (f->base.server, f->base.database,
                     "SELECT probity.add_member ('rita', 'reviewer', NULL, NULL, 'Nordvik Systems AB')");
  g_assert_null (sign_for (rita, case_id, snapshot, made_for, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "“Legal HQ”"));
  g_assert_nonnull (strstr (error->message, "“Nordvik Systems AB”"));
  g_assert_nonnull (strstr (error->message, "make and sign the report again"));
  g_clear_error (&error);
  g_assert_cmpint (pb_case_store_get_status (rita, case_id, 0, &error), ==, PB_CASE_STATUS_APPROVED);
  g_assert_no_error (error);
  sign_offs = pb_case_store_list_sign_offs (rita, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sign_offs), ==, 0);

  now = pb_case_store_dup_acting_organisation (rita);
  g_assert_cmpstr (now, ==, "Nordvik Systems AB");
  sign_off = sign_for (rita, case_id, snapshot, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_sign_off_get_organisation (sign_off), ==, "Nordvik Systems AB");
  sql = g_strdup_printf ("SELECT organisation FROM probity.events WHERE case_id = '%s' AND kind = 'signed'", case_id);
  recorded = store_server_query (f->base.server, f->base.database, sql);
  g_assert_cmpstr (recorded, ==, "Nordvik Systems AB");
  g_assert_true (pb_case_store_verify_case (rita, case_id, &n_events, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (broken, ==, 0);
}

/* A screening as a client records it: party P1, nothing found. */
#define SCREENED_CLEAR "{\"threshold\": 0.85, \"editions\": [{\"list\": \"eu-fsf\", \"publisher\": \"EU\", \"file_sha256\": " \
                       "\"0000000000000000000000000000000000000000000000000000000000000001\"}], " \
                       "\"parties\": [{\"party\": \"P1\"}], \"hits\": []}"

/* The race of review14b E3 with each person in their own store (on the
 * server, each in their own session): sam records a screening between
 * rita's check of the latest one and her approval. The approval names
 * the one she checked and is refused in its transaction; on the one
 * recorded since, it goes through and names it. */
static void
test_screening_race (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = open_as (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseStore) rita = open_as (f, "rita", PB_ROLE_REVIEWER);
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbHistoryEvent) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = new_case (f, sam, "\"camera\"");
  g_autofree char *named = NULL;
  guint checked, slipped;

  store_fixture_hold_edition (&f->base);
  g_free (pb_case_store_add_party (sam, case_id, "end-user", "Harbour Logistics", "GB", NULL, &error));
  g_assert_no_error (error);
  pb_case_store_record_screening (sam, case_id, SCREENED_CLEAR, &error);
  g_assert_no_error (error);
  pb_case_store_submit (sam, case_id, &error);
  g_assert_no_error (error);

  screening = pb_case_store_get_screening (rita, case_id, 0, &error);
  g_assert_no_error (error);
  checked = pb_case_screening_get_latest (screening)->event;
  slipped = pb_case_store_record_screening (sam, case_id, SCREENED_CLEAR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slipped, >, checked);

  g_assert_false (pb_case_store_decide_on_screening (rita, case_id, PB_CASE_STATUS_APPROVED, "Screened, clear", NULL,
                                                     NULL, checked, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "was screened again"));
  g_clear_error (&error);
  g_assert_cmpint (pb_case_store_get_status (rita, case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_no_error (error);

  g_assert_true (pb_case_store_decide_on_screening (rita, case_id, PB_CASE_STATUS_APPROVED, "Screened, clear", NULL,
                                                    NULL, slipped, &error));
  g_assert_no_error (error);
  history = pb_case_store_list_history (rita, case_id, &error);
  g_assert_no_error (error);
  last = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);
  named = g_strdup_printf ("\"screening_event\":\"%u\"", slipped);
  g_assert_nonnull (strstr (pb_history_event_get_data (last), named));
  g_assert_true (pb_case_store_verify_case (rita, case_id, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pb/store-team/core-path", test_core_path);
  ADD ("/pb/store-team/auditor-reads-only", test_auditor_reads_only);
  ADD ("/pb/store-team/hard-stop", test_hard_stop);
  ADD ("/pb/store-team/evidence-and-reopen", test_evidence_and_reopen);
  ADD ("/pb/store-team/stale-answer", test_stale_answer);
  ADD ("/pb/store-team/server-identity", test_server_identity);
  ADD ("/pb/store-team/organisation-changed", test_organisation_changed);
  ADD ("/pb/store-team/role-revoked", test_role_revoked);
  ADD ("/pb/store-team/sign-off-organisation", test_sign_off_organisation);
  ADD ("/pb/store-team/organisation-changed-sign-off", test_organisation_changed_sign_off);
  ADD ("/pb/store-team/screening-race", test_screening_race);
  ADD ("/pb/store-team/blank-as-probity", test_blank_as_probity);
  ADD ("/pb/store-team/names-as-probity", test_names_as_probity);
#undef ADD

  return g_test_run ();
}
