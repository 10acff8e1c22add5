/* test-case-screening.c: the parties of a case screened, the hits decided,
 * the rating reading the screening, the history verified and carried by a
 * case file; probity-cli run as a program on a real SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-case-screener.h"
#include "pb-case-screening.h"
#include "pb-data.h"
#include "pb-evaluation.h"
#include "pb-questionnaire.h"
#include "store-fixture.h"

typedef struct
{
  StoreFixture  base;
  char         *out;
  char         *err;
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
  g_free (f->out);
  g_free (f->err);
  store_fixture_tear_down (&f->base, data);
}

/* probity-cli ARGS... --db DB as USER acting in ROLE; the exit status. */
#define cli_as(f, db, user, role, ...) store_cli (db, user, role, &(f)->out, &(f)->err, __VA_ARGS__, NULL)
#define cli(f, ...) cli_as (f, (f)->base.path, "Sam Sales", "sales", __VA_ARGS__)
#define cli_reviewer(f, ...) cli_as (f, (f)->base.path, "Rita Reviewer", "reviewer", __VA_ARGS__)

static JsonObject *
parse_json (const char  *text,
            JsonParser **parser)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (parser);
  *parser = json_parser_new ();
  json_parser_load_from_data (*parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (*parser));
}

static char *
outcome_of (Fixture    *f,
            const char *case_id)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root;

  g_assert_cmpint (cli (f, "case", "show", case_id, "--json"), ==, 0);
  root = parse_json (f->out, &parser);
  if (json_object_has_member (root, "case"))
    root = json_object_get_object_member (root, "case");

  return g_strdup (json_object_get_string_member (root, "outcome"));
}

/* The answers of a judgement deal that rates "proceed": every sanctions
 * question answered "clear" by the seller, a German exporter. */
static char *
write_deal_answers (Fixture *f)
{
  g_autofree char *deal = g_test_build_filename (G_TEST_DIST, "data", "cases", "domestic-vms-transport-de.json", NULL);
  g_autofree char *path = g_build_filename (f->base.dir, "answers.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_file (parser, deal, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "expected"), "outcome"), ==, "proceed");
  /* The answers file names the questionnaire, not its version. */
  json_object_remove_member (json_object_get_object_member (root, "answers"), "version");
  json_generator_set_root (generator, json_object_get_member (root, "answers"));
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static JsonObject *
hit_of_party (JsonObject *screening,
              const char *party)
{
  JsonArray *hits = json_object_get_array_member (json_object_get_object_member (screening, "screening"), "hits");

  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);

      if (g_strcmp0 (json_object_get_string_member (hit, "party"), party) == 0)
        return hit;
    }

  return NULL;
}

static void
test_case_screening (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *eu = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  g_autofree char *un = g_test_build_filename (G_TEST_DIST, "data", "screening", "un-sc.xml", NULL);
  g_autofree char *csl = g_test_build_filename (G_TEST_DIST, "data", "screening", "us-csl.csv", NULL);
  g_autofree char *answers = write_deal_answers (f);
  g_autofree char *case_file = g_build_filename (f->base.dir, "case.probity", NULL);
  g_autofree char *other_db = g_build_filename (f->base.dir, "other.db", NULL);
  g_autofree char *case_id = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *eu_hit = NULL;
  g_autofree char *el_hit = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *root, *hit;
  JsonArray *editions;

  g_assert_cmpint (cli (f, "case", "new", "--customer", "Rosoboronexport JSC", "--country", "RU",
                        "--product", "VMS 7"), ==, 0);
  lines = g_strsplit (g_strstrip (f->out), "\n", -1);
  case_id = g_strdup (lines[g_strv_length (lines) - 1]);
  g_assert_true (g_str_has_prefix (case_id, "C-"));

  g_assert_cmpint (cli (f, "case", "import-answers", case_id, answers), ==, 0);
  outcome = outcome_of (f, case_id);
  g_assert_cmpstr (outcome, ==, "proceed");
  g_clear_pointer (&outcome, g_free);

  /* Without a list there is nothing to screen against: refused, not "clear". */
  g_assert_cmpint (cli (f, "case", "screen", case_id), ==, 1);
  g_assert_nonnull (strstr (f->err, "lists import"));

  g_assert_cmpint (cli (f, "lists", "import", eu), ==, 0);
  g_assert_cmpint (cli (f, "lists", "import", un), ==, 0);
  g_assert_cmpint (cli (f, "lists", "import", "--published", "2026-11-21", csl), ==, 0);

  /* Parties: a blank name or an unknown role is refused. */
  g_assert_cmpint (cli (f, "case", "party", case_id, "--party-role", "end-user", "--name", "  "), ==, 1);
  g_assert_cmpint (cli (f, "case", "party", case_id, "--party-role", "friend", "--name", "X"), ==, 1);
  g_assert_cmpint (cli (f, "case", "party", case_id, "--party-role", "end-user",
                        "--name", "Hangzhou Hikvision Digital Technology", "--country", "CN"), ==, 0);
  g_assert_cmpstr (g_strstrip (f->out), ==, "P1");
  g_assert_cmpint (cli (f, "case", "party", case_id, "--party-role", "consignee", "--name", "Nordhafen Logistik GmbH"), ==, 0);
  g_assert_cmpstr (g_strstrip (f->out), ==, "P2");

  /* The customer and the end user are listed; the consignee is not. */
  g_assert_cmpint (cli (f, "case", "screen", case_id, "--json"), ==, 0);
  root = parse_json (f->out, &parser);
  g_assert_false (json_object_get_boolean_member (root, "stale"));
  editions = json_object_get_array_member (json_object_get_object_member (root, "screening"), "editions");
  g_assert_cmpuint (json_array_get_length (editions), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (strlen (json_object_get_string_member (json_array_get_object_element (editions, i), "file_sha256")), ==, 64);
  hit = hit_of_party (root, "customer");
  g_assert_nonnull (hit);
  g_assert_cmpstr (json_object_get_string_member (hit, "list"), ==, "eu-fsf");
  g_assert_cmpstr (json_object_get_string_member (hit, "question"), ==, "S2.02a");
  g_assert_cmpstr (json_object_get_string_member (hit, "status"), ==, "open");
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "explanation"), "rosoboronexport"));
  eu_hit = g_strdup (json_object_get_string_member (hit, "id"));
  hit = hit_of_party (root, "P1");
  g_assert_nonnull (hit);
  g_assert_cmpstr (json_object_get_string_member (hit, "question"), ==, "S2.02e");
  el_hit = g_strdup (json_object_get_string_member (hit, "id"));
  g_assert_null (hit_of_party (root, "P2"));

  /* An open hit on the EU list, which binds a German exporter: the seller's
   * "clear" does not count; the case is on hold. */
  outcome = outcome_of (f, case_id);
  g_assert_cmpstr (outcome, ==, "hold");
  g_clear_pointer (&outcome, g_free);

  /* Only a reviewer decides, and only with a reason. */
  g_assert_cmpint (cli (f, "case", "hit", case_id, eu_hit, "--clear", "--reason", "other firm"), ==, 1);
  g_assert_nonnull (strstr (f->err, "reviewer"));
  g_assert_cmpint (cli_reviewer (f, "case", "hit", case_id, eu_hit, "--clear"), ==, 1);
  g_assert_nonnull (strstr (f->err, "reason"));
  g_assert_cmpint (cli_reviewer (f, "case", "hit", case_id, "H99.1", "--clear", "--reason", "x"), ==, 1);

  /* The Entity List hit is cleared: still on hold while the EU hit is open. */
  g_assert_cmpint (cli_reviewer (f, "case", "hit", case_id, el_hit, "--clear",
                                 "--reason", "Another firm: the listed one is in Hangzhou, ours in Oslo"), ==, 0);
  outcome = outcome_of (f, case_id);
  g_assert_cmpstr (outcome, ==, "hold");
  g_clear_pointer (&outcome, g_free);

  g_assert_cmpint (cli_reviewer (f, "case", "hit", case_id, eu_hit, "--clear",
                                 "--reason", "Registry extract: another company, founded 2019 in Tallinn"), ==, 0);
  outcome = outcome_of (f, case_id);
  g_assert_cmpstr (outcome, ==, "proceed");
  g_clear_pointer (&outcome, g_free);

  /* Confirmed on the EU list: the legal bar. */
  g_assert_cmpint (cli_reviewer (f, "case", "hit", case_id, eu_hit, "--confirm",
                                 "--reason", "The extract was forged; the registry names Rosoboronexport"), ==, 0);
  outcome = outcome_of (f, case_id);
  g_assert_cmpstr (outcome, ==, "do-not-proceed");
  g_clear_pointer (&outcome, g_free);

  /* Screening again remembers the decisions on the same entries. */
  g_assert_cmpint (cli (f, "case", "screen", case_id, "--json"), ==, 0);
  root = parse_json (f->out, &parser);
  hit = hit_of_party (root, "customer");
  g_assert_cmpstr (json_object_get_string_member (hit, "status"), ==, "confirmed");
  g_assert_true (json_object_get_boolean_member (hit, "carried"));
  g_assert_cmpstr (json_object_get_string_member (hit, "decided_by"), ==, "Rita Reviewer");
  g_assert_cmpstr (json_object_get_string_member (hit, "decided_role"), ==, "reviewer");
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "reason"), "forged"));
  outcome = outcome_of (f, case_id);
  g_assert_cmpstr (outcome, ==, "do-not-proceed");
  g_clear_pointer (&outcome, g_free);

  /* The report says what was screened, against which editions, and how
   * each hit was decided (pdftotext reads the PDF). */
  {
    g_autofree char *pdf = g_build_filename (f->base.dir, "report.pdf", NULL);
    g_autofree char *text = NULL;
    g_autofree char *flat = NULL;
    const char *argv[] = { "pdftotext", "-q", pdf, "-", NULL };
    g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

    g_assert_cmpint (cli (f, "report", case_id, "-o", pdf), ==, 0);
    g_assert_cmpint (store_run (argv, &text, NULL), ==, 0);
    /* Lines break where they will: compare with white space collapsed. */
    flat = g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
    g_assert_nonnull (strstr (flat, "Restricted-party screening"));
    g_assert_nonnull (strstr (flat, "European Commission"));
    g_assert_nonnull (strstr (flat, "United Nations Security Council"));
    g_assert_nonnull (strstr (flat, "Consignee: Nordhafen Logistik GmbH"));
    g_assert_nonnull (strstr (flat, "“Rosoboronexport JSC” matched “Joint Stock Company Rosoboronexport”"));
    g_assert_nonnull (strstr (flat, "Confirmed (the listed party) by Rita Reviewer"));
    g_assert_nonnull (strstr (flat, "The extract was forged"));
    g_assert_nonnull (strstr (flat, "Cleared (not the listed party)"));
    g_assert_nonnull (strstr (flat, "ours in Oslo"));
  }

  /* A newer edition of the EU list: submitting screens again against it,
   * and the decision on the unchanged entry comes back with it. */
  {
    g_autofree char *eu2 = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf-2.xml", NULL);
    g_autofree char *sha = NULL;

    g_assert_cmpint (cli (f, "lists", "import", eu2), ==, 0);
    g_assert_cmpint (cli (f, "case", "submit", case_id), ==, 0);
    g_assert_nonnull (strstr (f->err, "Screened again"));
    g_assert_cmpint (cli (f, "case", "screening", case_id, "--json"), ==, 0);
    root = parse_json (f->out, &parser);
    editions = json_object_get_array_member (json_object_get_object_member (root, "screening"), "editions");
    for (guint i = 0; i < json_array_get_length (editions); i++)
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (editions, i), "list"), "eu-fsf") == 0)
        sha = g_strdup (json_object_get_string_member (json_array_get_object_element (editions, i), "file_sha256"));
    g_assert_nonnull (sha);
    {
      g_autofree char *bytes = NULL;
      gsize length;
      g_autofree char *expected = NULL;

      g_assert_true (g_file_get_contents (eu2, &bytes, &length, NULL));
      expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, length);
      g_assert_cmpstr (sha, ==, expected);
    }
    g_assert_cmpint (cli (f, "case", "submit", case_id), ==, 1);
    g_assert_null (strstr (f->err, "Screened again"));
  }

  /* The history has it all, and verifies: the text for people says what
   * happened, --json gives the codes. */
  g_assert_cmpint (cli (f, "case", "history", case_id), ==, 0);
  g_assert_nonnull (strstr (f->out, "Parties screened"));
  g_assert_nonnull (strstr (f->out, "Screening hit decided"));
  g_assert_nonnull (strstr (f->out, "Party added"));
  g_assert_cmpint (cli (f, "case", "history", case_id, "--json"), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"screened\""));
  g_assert_nonnull (strstr (f->out, "\"hit-decided\""));
  g_assert_nonnull (strstr (f->out, "\"party-added\""));
  g_assert_cmpint (cli (f, "case", "verify", case_id), ==, 0);

  /* A case file carries the editions' records and the hit entries: it
   * verifies and shows them in a database without any list. */
  g_assert_cmpint (cli (f, "case", "export", case_id, "-o", case_file), ==, 0);
  g_assert_cmpint (cli_as (f, other_db, "Alex Auditor", "sales", "case", "import", case_file, NULL), ==, 0);
  g_assert_cmpint (cli_as (f, other_db, "Alex Auditor", "auditor", "case", "verify", case_id, NULL), ==, 0);
  g_assert_cmpint (cli_as (f, other_db, "Alex Auditor", "auditor", "case", "screening", case_id, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "European Commission"));
  g_assert_nonnull (strstr (f->out, "Rosoboronexport"));
  g_assert_nonnull (strstr (f->out, "forged"));

  /* A party removed is no party of the deal; a party added after the
   * screening makes it stale. */
  g_assert_cmpint (cli (f, "case", "party", case_id, "--remove", "customer"), ==, 1);
  g_assert_cmpint (cli (f, "case", "party", case_id, "--party-role", "intermediary", "--name", "Osama bin Laden"), ==, 0);
  g_assert_cmpint (cli (f, "case", "screening", case_id, "--json"), ==, 0);
  root = parse_json (f->out, &parser);
  g_assert_true (json_object_get_boolean_member (root, "stale"));
  g_assert_cmpint (cli (f, "case", "screen", case_id, "--json"), ==, 0);
  root = parse_json (f->out, &parser);
  hit = hit_of_party (root, "P3");
  g_assert_nonnull (hit);
  g_free (el_hit);
  el_hit = g_strdup (json_object_get_string_member (hit, "id"));

  /* A party a reviewer confirmed is listed stays, and its legal bar with
   * it (accept32 1): neither sales nor a reviewer removes it. Cleared as
   * a wrong match, it goes. */
  g_assert_cmpint (cli_reviewer (f, "case", "hit", case_id, el_hit, "--confirm", "--reason", "The same person"), ==, 0);
  g_assert_cmpint (cli (f, "case", "party", case_id, "--remove", "P3", "--reason", "replaced by a direct sale"), ==, 1);
  g_assert_nonnull (strstr (f->err, "stays a party"));
  g_assert_nonnull (strstr (f->err, "confirmed it is listed"));
  g_assert_cmpint (cli_reviewer (f, "case", "party", case_id, "--remove", "P3", "--reason", "a direct sale"), ==, 1);
  outcome = outcome_of (f, case_id);
  g_assert_cmpstr (outcome, ==, "do-not-proceed");
  g_clear_pointer (&outcome, g_free);
  g_assert_cmpint (cli_reviewer (f, "case", "hit", case_id, el_hit, "--clear", "--reason", "Born 1990 in Oslo"), ==, 0);
  g_assert_cmpint (cli (f, "case", "party", case_id, "--remove", "P3", "--reason", "replaced by a direct sale"), ==, 0);
  g_assert_cmpint (cli (f, "case", "verify", case_id), ==, 0);

  /* An edition recorded differently from the one the case screened
   * against is found by verification. */
  g_free (store_sqlite3 (f->base.path, "UPDATE list_editions SET publisher = 'Someone else' WHERE list_id = 'eu-fsf'"));
  g_assert_cmpint (cli (f, "case", "verify", case_id), ==, 1);
  g_assert_nonnull (strstr (f->out, "eu-fsf") != NULL ? f->out : f->err);
}

static char *
new_case (Fixture    *f,
          const char *customer,
          const char *country)
{
  g_autofree char *answers = write_deal_answers (f);
  g_auto(GStrv) lines = NULL;
  char *case_id;

  g_assert_cmpint (cli (f, "case", "new", "--customer", customer, "--country", country, "--product", "VMS 7"), ==, 0);
  lines = g_strsplit (g_strstrip (f->out), "\n", -1);
  case_id = g_strdup (lines[g_strv_length (lines) - 1]);
  g_assert_cmpint (cli (f, "case", "import-answers", case_id, answers), ==, 0);

  return case_id;
}

/* The only hit of the latest screening of @case_id (screened first). */
static JsonObject *
screen_one_hit (Fixture     *f,
                const char  *case_id,
                JsonParser **parser)
{
  JsonObject *root;
  JsonArray *hits;

  g_assert_cmpint (cli (f, "case", "screen", case_id, "--json"), ==, 0);
  root = parse_json (f->out, parser);
  hits = json_object_get_array_member (json_object_get_object_member (root, "screening"), "hits");
  g_assert_cmpuint (json_array_get_length (hits), ==, 1);

  return json_array_get_object_element (hits, 0);
}

/* A reviewer's decision in one case is offered, with its provenance, when
 * another case finds the same entry for the same party; it is never
 * applied by itself, and never adopted once the entry changed. */
static void
test_prior_decisions (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *eu = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  g_autofree char *eu2 = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf-2.xml", NULL);
  g_autofree char *first = NULL, *second = NULL, *elsewhere = NULL, *renamed = NULL;
  g_autofree char *chen = NULL, *chen_again = NULL;
  g_autofree char *hit_id = NULL, *edition = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *hit, *prior;
  JsonArray *priors;

  g_assert_cmpint (cli (f, "lists", "import", eu), ==, 0);

  /* Case 1: the hit on Rosoboronexport is cleared by a reviewer. */
  first = new_case (f, "Rosoboronexport JSC", "RU");
  hit = screen_one_hit (f, first, &parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hit, "prior")), ==, 0);
  hit_id = g_strdup (json_object_get_string_member (hit, "id"));
  edition = g_strdup (json_object_get_string_member (hit, "entry_sha256"));
  g_assert_cmpint (cli_reviewer (f, "case", "clear-hit", first, hit_id), ==, 1);
  g_assert_nonnull (strstr (f->err, "reason"));
  g_assert_cmpint (cli_reviewer (f, "case", "clear-hit", first, hit_id,
                                 "--reason", "Registry extract: a namesake founded 2019 in Tallinn"), ==, 0);
  g_clear_pointer (&hit_id, g_free);

  /* Case 2, the same party written otherwise: offered, not applied. */
  second = new_case (f, "JSC ROSOBORONEXPORT", "RU");
  hit = screen_one_hit (f, second, &parser);
  g_assert_cmpstr (json_object_get_string_member (hit, "status"), ==, "open");
  priors = json_object_get_array_member (hit, "prior");
  g_assert_cmpuint (json_array_get_length (priors), ==, 1);
  prior = json_array_get_object_element (priors, 0);
  g_assert_cmpstr (json_object_get_string_member (prior, "case"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (prior, "decision"), ==, "cleared");
  g_assert_cmpstr (json_object_get_string_member (prior, "decided_by"), ==, "Rita Reviewer");
  g_assert_nonnull (strstr (json_object_get_string_member (prior, "reason"), "Tallinn"));
  g_assert_cmpstr (json_object_get_string_member (prior, "edition_published"), ==, "2026-11-20T17:02:24.510+01:00");
  g_assert_false (json_object_get_boolean_member (prior, "entry_changed"));
  g_assert_cmpuint (strlen (json_object_get_string_member (prior, "decided_at")), >, 0);
  hit_id = g_strdup (json_object_get_string_member (hit, "id"));
  {
    g_autofree char *outcome = outcome_of (f, second);

    g_assert_cmpstr (outcome, ==, "hold");
  }
  g_assert_cmpint (cli (f, "case", "screening", second), ==, 0);
  g_assert_nonnull (strstr (f->out, "Decided before in case"));
  g_assert_nonnull (strstr (f->out, "--adopt"));

  /* A namesake elsewhere, or another name, is offered nothing. */
  elsewhere = new_case (f, "Rosoboronexport", "CN");
  hit = screen_one_hit (f, elsewhere, &parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hit, "prior")), ==, 0);
  renamed = new_case (f, "Rosoboronexport Aviation Service", "RU");
  hit = screen_one_hit (f, renamed, &parser);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hit, "prior")), ==, 0);

  /* Adopting: by a reviewer, as the decision it is, from the case offered. */
  g_assert_cmpint (cli (f, "case", "clear-hit", second, hit_id, "--adopt", first), ==, 1);
  g_assert_cmpint (cli_reviewer (f, "case", "confirm-hit", second, hit_id, "--adopt", first), ==, 1);
  g_assert_nonnull (strstr (f->err, "cleared the listed entry of hit"));
  g_assert_cmpint (cli_reviewer (f, "case", "clear-hit", second, hit_id, "--adopt", elsewhere), ==, 1);
  g_assert_cmpint (cli_reviewer (f, "case", "clear-hit", second, hit_id, "--adopt", first, "--reason", "x"), ==, 1);
  g_assert_cmpint (cli_as (f, f->base.path, "Karl Berg", "reviewer", "case", "clear-hit", second, hit_id, "--adopt", first,
                           NULL), ==, 0);
  g_assert_cmpint (cli (f, "case", "screening", second, "--json"), ==, 0);
  hit = hit_of_party (parse_json (f->out, &parser), "customer");
  g_assert_cmpstr (json_object_get_string_member (hit, "status"), ==, "cleared");
  g_assert_cmpstr (json_object_get_string_member (hit, "decided_by"), ==, "Karl Berg");
  g_assert_cmpstr (json_object_get_string_member (hit, "adopted_case"), ==, first);
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "reason"), "Tallinn"));
  {
    g_autofree char *outcome = outcome_of (f, second);

    g_assert_cmpstr (outcome, ==, "proceed");
  }
  /* The history says whose decision it was, and verifies. */
  g_assert_cmpint (cli (f, "case", "history", second), ==, 0);
  g_assert_nonnull (strstr (f->out, "adopted from case"));
  g_assert_nonnull (strstr (f->out, first));
  g_assert_cmpint (cli (f, "case", "verify", second), ==, 0);

  /* Chen Quanguo's entry changes in edition 2: a decision taken on
   * edition 1 is shown, marked, and cannot be adopted. */
  chen = new_case (f, "Chen Quanguo", "CN");
  hit = screen_one_hit (f, chen, &parser);
  g_clear_pointer (&hit_id, g_free);
  hit_id = g_strdup (json_object_get_string_member (hit, "id"));
  g_assert_cmpint (cli_reviewer (f, "case", "clear-hit", chen, hit_id,
                                 "--reason", "A namesake: born 1975, a teacher in Chengdu"), ==, 0);
  g_assert_cmpint (cli (f, "lists", "import", eu2), ==, 0);
  chen_again = new_case (f, "CHEN Quanguo", "CN");
  hit = screen_one_hit (f, chen_again, &parser);
  g_assert_cmpstr (json_object_get_string_member (hit, "status"), ==, "open");
  priors = json_object_get_array_member (hit, "prior");
  g_assert_cmpuint (json_array_get_length (priors), ==, 1);
  prior = json_array_get_object_element (priors, 0);
  g_assert_cmpstr (json_object_get_string_member (prior, "case"), ==, chen);
  g_assert_true (json_object_get_boolean_member (prior, "entry_changed"));
  g_clear_pointer (&hit_id, g_free);
  hit_id = g_strdup (json_object_get_string_member (hit, "id"));
  g_assert_cmpint (cli_reviewer (f, "case", "clear-hit", chen_again, hit_id, "--adopt", chen), ==, 1);
  g_assert_nonnull (strstr (f->err, "changed"));
  g_assert_cmpint (cli (f, "case", "screening", chen_again), ==, 0);
  g_assert_nonnull (strstr (f->out, "changed since"));
  g_assert_cmpint (cli (f, "case", "verify", chen_again), ==, 0);

  /* The spelling of before still works. */
  g_assert_cmpint (cli_reviewer (f, "case", "hit", chen_again, hit_id, "--clear",
                                 "--reason", "A namesake: born 1975, checked again on edition 2"), ==, 0);
}

/* The deal of write_deal_answers() with the exporter and the deployment
 * moved: a domestic deal in @country by an exporter established there. */
static char *
write_domestic_answers (Fixture    *f,
                        const char *country,
                        const char *national_lists)
{
  g_autofree char *path = write_deal_answers (f);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *answers;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  answers = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "answers");
  json_object_set_string_member (answers, "S0.01", country);
  json_object_set_string_member (answers, "S0.02", country);
  json_object_set_string_member (answers, "S2.02i", national_lists);
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static char *
new_case_answered (Fixture    *f,
                   const char *customer,
                   const char *answers)
{
  g_auto(GStrv) lines = NULL;
  char *case_id;

  g_assert_cmpint (cli (f, "case", "new", "--customer", customer, "--country", "AE", "--product", "VMS 7"), ==, 0);
  lines = g_strsplit (g_strstrip (f->out), "\n", -1);
  case_id = g_strdup (lines[g_strv_length (lines) - 1]);
  g_assert_cmpint (cli (f, "case", "import-answers", case_id, answers), ==, 0);

  return case_id;
}

static void
assert_outcome (Fixture    *f,
                const char *case_id,
                const char *expected)
{
  g_autofree char *outcome = outcome_of (f, case_id);

  g_assert_cmpstr (outcome, ==, expected);
}

/* The lists of the Consolidated Screening List beyond those asked one by
 * one: a foreign sanctions evader answers S2.02i (the national lists of
 * the exporter's country) for a US exporter only, since Executive Order
 * 13608, Sec. 1(a) prohibits dealings by US persons; a Sectoral Sanctions
 * Identifications entry restricts financing, not the sale, and answers
 * nothing. */
static void
test_national_lists (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "screening", "us-csl.csv", NULL);
  g_autofree char *csl = g_build_filename (f->base.dir, "csl.csv", NULL);
  g_autofree char *us = NULL, *de = NULL;
  g_autofree char *fse_us = NULL, *fse_de = NULL, *ssi_us = NULL, *clear_us = NULL;
  g_autofree char *contents = NULL, *header = NULL, *hit_id = NULL;
  g_autoptr(GString) file = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *hit;

  /* A CSL file of the published layout with an FSE and an SSI entry. */
  g_assert_true (g_file_get_contents (fixture, &contents, NULL, &error));
  header = g_strndup (contents, strchr (contents, '\n') - contents);
  file = g_string_new (header);
  g_string_append (file, "\nfe5e0001,Foreign Sanctions Evaders (FSE) - Treasury Department,17001,Entity,FSE-IR,"
                         "Zagros Vision Trading FZE,,\"Jebel Ali Free Zone, Dubai, AE\",79 FR 31186,2014-05-30,,,,,,,,,,,,"
                         "https://sanctionslist.ofac.treas.gov/,Zagros Vision Trading,AE,,,,https://ofac.treasury.gov/,\n"
                         "55150001,Sectoral Sanctions Identifications List (SSI) - Treasury Department,18001,Entity,"
                         "UKRAINE-EO13662,Nordvostok Holding JSC,,\"Moscow, RU\",79 FR 41000,2014-07-16,,,,,,,,,,,,"
                         "https://sanctionslist.ofac.treas.gov/,,RU,,,,https://ofac.treasury.gov/,\n");
  g_assert_true (g_file_set_contents (csl, file->str, file->len, &error));
  g_assert_cmpint (cli (f, "lists", "import", "--published", "2026-11-21", csl), ==, 0);

  /* The seller does not know about the national lists (S2.02i
   * "unknown", which stops a gate question) except in the first cases. */
  us = write_domestic_answers (f, "US", "clear");
  fse_us = new_case_answered (f, "Zagros Vision Trading FZE", us);
  ssi_us = new_case_answered (f, "Nordvostok Holding JSC", us);
  g_free (us);
  us = write_domestic_answers (f, "US", "unknown");
  clear_us = new_case_answered (f, "Lakeside Transit Authority", us);
  de = write_domestic_answers (f, "DE", "unknown");
  fse_de = new_case_answered (f, "Zagros Vision Trading", de);
  assert_outcome (f, fse_us, "proceed");

  /* An open FSE hit of a US exporter's party holds the case (LIST-POSSIBLE). */
  hit = screen_one_hit (f, fse_us, &parser);
  g_assert_cmpstr (json_object_get_string_member (hit, "question"), ==, "S2.02i");
  hit_id = g_strdup (json_object_get_string_member (hit, "id"));
  assert_outcome (f, fse_us, "hold");
  /* Confirmed: the legal bar of the exporter's own list. */
  g_assert_cmpint (cli_reviewer (f, "case", "confirm-hit", fse_us, hit_id,
                                 "--reason", "Same free-zone company: OFAC FSE identification"), ==, 0);
  assert_outcome (f, fse_us, "do-not-proceed");
  g_assert_cmpint (cli (f, "case", "summary", fse_us), ==, 0);
  g_assert_nonnull (strstr (f->out, "(LIST-NATIONAL)"));

  /* SSI restricts new debt and equity, not the sale: shown, decided, and
   * no answer of the rating. */
  hit = screen_one_hit (f, ssi_us, &parser);
  g_assert_true (json_object_get_null_member (hit, "question"));
  assert_outcome (f, ssi_us, "proceed");

  /* Nothing found for a US exporter: the CSL answers S2.02i "clear" where
   * the seller did not know. */
  {
    g_autofree char *before = outcome_of (f, clear_us);

    g_assert_cmpstr (before, !=, "proceed");
  }
  g_assert_cmpint (cli (f, "case", "screen", clear_us), ==, 0);
  assert_outcome (f, clear_us, "proceed");

  /* The FSE listing does not bind a German exporter without a US nexus:
   * the hit is recorded, open and shown, and S2.02i stays the seller's. */
  {
    g_autofree char *before = outcome_of (f, fse_de);

    g_assert_cmpstr (before, !=, "proceed");
    hit = screen_one_hit (f, fse_de, &parser);
    g_assert_cmpstr (json_object_get_string_member (hit, "status"), ==, "open");
    assert_outcome (f, fse_de, before);
  }
}

/* The data of the latest screened event of @case_id, as recorded. */
static char *
screened_data (Fixture    *f,
               const char *case_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *events;
  char *data = NULL;

  g_assert_cmpint (cli (f, "case", "history", case_id, "--json"), ==, 0);
  json_parser_load_from_data (parser, f->out, -1, &error);
  g_assert_no_error (error);
  events = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (event, "kind"), "screened") == 0)
        {
          g_free (data);
          data = g_strdup (json_object_get_string_member (event, "data"));
        }
    }
  g_assert_nonnull (data);

  return data;
}

/* The text of the PDF report of @case_id, white space collapsed; of its
 * first page only when @first_page. */
static char *
report_text (Fixture    *f,
             const char *case_id,
             gboolean    first_page)
{
  g_autofree char *pdf = g_build_filename (f->base.dir, "contradicted.pdf", NULL);
  g_autofree char *text = NULL;
  const char *all[] = { "pdftotext", "-q", pdf, "-", NULL };
  const char *first[] = { "pdftotext", "-q", "-f", "1", "-l", "1", pdf, "-", NULL };
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

  g_assert_cmpint (cli (f, "report", case_id, "-o", pdf), ==, 0);
  g_assert_cmpint (store_run (first_page ? first : all, &text, NULL), ==, 0);

  return g_regex_replace_literal (space, text, -1, 0, " ", 0, NULL);
}

/* @text says the screening of event @seq is contradicted by its own lists,
 * naming the hit it misses. */
static void
assert_contradicted (const char *text,
                     guint       seq)
{
  g_autofree char *said = g_strdup_printf ("The screening of event %u is contradicted by its own lists", seq);

  if (strstr (text, said) == NULL ||
      strstr (text, "it misses the hit of “Rosoboronexport JSC” on “Joint Stock Company Rosoboronexport” (eu-fsf)") == NULL ||
      strstr (text, "screen the case again") == NULL)
    g_error ("not said to be contradicted by its lists (event %u): %s", seq, text);
}

/* A screening is the lists' word, not the screener's (review14b, E3): a
 * screened event recording no hit for a listed customer — a clean case's
 * screening with its hits taken out, chained and hashed as the store writes
 * any event — gets no approval, and verify names it; screened for real,
 * the same case is decided on its hit. */
static void
test_forged_screening (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *eu = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  g_autofree char *answers = write_deal_answers (f);
  g_autofree char *clean = NULL, *listed = NULL, *template = NULL, *forged = NULL, *event = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbActor) sam = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  guint seq;

  g_assert_cmpint (cli (f, "lists", "import", eu), ==, 0);
  clean = new_case_answered (f, "Harbour Parking", answers);
  g_assert_cmpint (cli (f, "case", "screen", clean), ==, 0);
  template = screened_data (f, clean);

  /* The seller records the clean case's screening, hits emptied, for a
   * customer the EU lists (what a modified client, or SQL, writes). */
  listed = new_case_answered (f, "Rosoboronexport JSC", answers);
  node = json_from_string (template, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  json_object_set_array_member (object, "hits", json_array_new ());
  forged = json_to_string (node, FALSE);
  store = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, sam);
  seq = pb_case_store_record_screening (store, listed, forged, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seq, >, 0);
  g_clear_object (&store);
  assert_outcome (f, listed, "proceed");
  g_assert_cmpint (cli (f, "case", "submit", listed), ==, 0);

  /* The reviewer's Probity screens it again: the list names the customer. */
  event = g_strdup_printf ("(event %u)", seq);
  g_assert_cmpint (cli_reviewer (f, "case", "decide", listed, "--decision", "approved", "--reason", "Screened, clear"), ==, 1);
  g_assert_nonnull (strstr (f->err, listed));
  g_assert_nonnull (strstr (f->err, event));
  g_assert_nonnull (strstr (f->err, "Rosoboronexport"));
  g_assert_nonnull (strstr (f->err, "screen the case again"));
  g_assert_cmpint (cli_reviewer (f, "case", "decide", listed, "--decision", "approved-with-conditions",
                                 "--reason", "Screened, clear", "--conditions", "None"), ==, 1);
  g_assert_nonnull (strstr (f->err, event));
  g_assert_cmpint (cli (f, "case", "show", listed, "--json"), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"submitted\""));
  g_assert_nonnull (strstr (f->out, "\"screening_contradicted\" : \"The screening of event"));
  g_assert_cmpint (cli (f, "case", "verify", listed), ==, 1);
  g_assert_nonnull (strstr (f->err, "BROKEN at event"));
  g_assert_nonnull (strstr (f->err, event));

  /* Wherever its result is shown, the forged "nothing found" is said to be
   * contradicted by its own lists, naming the hit it misses: beside the
   * outcome it makes "proceed", in the screening, the summary and the
   * report (its first page and its screening part). */
  g_assert_cmpint (cli (f, "case", "show", listed), ==, 0);
  assert_contradicted (f->out, seq);
  g_assert_cmpint (cli (f, "case", "screening", listed), ==, 0);
  assert_contradicted (f->out, seq);
  g_assert_cmpint (cli (f, "case", "summary", listed), ==, 0);
  assert_contradicted (f->out, seq);
  {
    g_autofree char *whole = report_text (f, listed, FALSE);
    g_autofree char *cover = report_text (f, listed, TRUE);
    const char *part = strstr (whole, "Hits and decisions");

    assert_contradicted (cover, seq);
    g_assert_nonnull (part);
    assert_contradicted (part, seq);
  }

  /* The clean case's own screening holds, and nothing says otherwise. */
  g_assert_cmpint (cli (f, "case", "verify", clean), ==, 0);
  g_assert_nonnull (strstr (f->out, "checked against their own lists: 1"));
  g_assert_cmpint (cli (f, "case", "show", clean), ==, 0);
  g_assert_null (strstr (f->out, "contradicted"));
  g_assert_cmpint (cli (f, "case", "screening", clean), ==, 0);
  g_assert_null (strstr (f->out, "contradicted"));
  {
    g_autofree char *whole = report_text (f, clean, FALSE);

    g_assert_null (strstr (whole, "contradicted"));
  }

  /* A file may hold a case without the lists it was screened on (a case
   * file from elsewhere): its screening is said not to be checked. */
  {
    g_autofree char *copied = new_case_answered (f, "Harbour Parking", answers);
    JsonArray *editions = json_object_get_array_member (object, "editions");
    JsonObject *elsewhere = json_object_new ();

    json_object_set_string_member (elsewhere, "list", "un-sc");
    json_object_set_string_member (elsewhere, "file_sha256", "abababababababababababababababababababababababababababababababab");
    json_array_add_object_element (editions, elsewhere);
    g_free (forged);
    forged = json_to_string (node, FALSE);
    store = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    pb_case_store_set_actor (store, sam);
    seq = pb_case_store_record_screening (store, copied, forged, &error);
    g_assert_no_error (error);
    g_clear_object (&store);
    g_assert_cmpint (cli (f, "case", "submit", copied), ==, 0);
    g_assert_cmpint (cli_reviewer (f, "case", "decide", copied, "--decision", "approved", "--reason", "Car park"), ==, 0);
    g_assert_nonnull (strstr (f->err, "was not checked"));
    g_assert_cmpint (cli (f, "case", "verify", copied), ==, 0);
    g_assert_nonnull (strstr (f->out, "was not checked"));
  }

  /* Approved on a forged screening all the same (a modified client): the
   * signature is refused, naming the event, and no report is left. */
  {
    g_autofree char *pki = g_build_filename (f->base.dir, "pki", NULL);
    g_autofree char *p12 = g_build_filename (pki, "signer.p12", NULL);
    g_autofree char *pass = g_build_filename (f->base.dir, "pass.txt", NULL);
    g_autofree char *pdf = g_build_filename (f->base.dir, "signed.pdf", NULL);
    g_autofree char *script = g_test_build_filename (G_TEST_DIST, "make-test-pki.sh", NULL);
    g_autofree char *approved = new_case_answered (f, "Rosoboronexport JSC", answers);
    g_autofree char *approved_event = NULL;
    g_autoptr(JsonNode) clean_data = json_from_string (template, &error);
    g_autoptr(PbActor) rita = pb_actor_new ("Rita Reviewer", PB_ROLE_REVIEWER, NULL);
    const char *make_pki[] = { "sh", script, pki, NULL };

    g_assert_no_error (error);
    json_object_set_array_member (json_node_get_object (clean_data), "hits", json_array_new ());
    g_free (forged);
    forged = json_to_string (clean_data, FALSE);
    store = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    pb_case_store_set_actor (store, sam);
    seq = pb_case_store_record_screening (store, approved, forged, &error);
    g_assert_no_error (error);
    g_clear_object (&store);
    g_assert_cmpint (cli (f, "case", "submit", approved), ==, 0);
    store = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
    g_assert_no_error (error);
    pb_case_store_set_actor (store, rita);
    g_assert_true (pb_case_store_decide (store, approved, PB_CASE_STATUS_APPROVED, "Screened, clear", NULL, NULL,
                                         &error));
    g_assert_no_error (error);
    g_clear_object (&store);

    g_assert_cmpint (store_run (make_pki, NULL, NULL), ==, 0);
    g_assert_true (g_file_set_contents (pass, "secret\n", -1, NULL));
    g_assert_cmpint (cli_reviewer (f, "report", approved, "-o", pdf, "--sign", p12, "--passphrase-file", pass), ==, 1);
    approved_event = g_strdup_printf ("(event %u) is not what its own lists give", seq);
    g_assert_nonnull (strstr (f->err, approved_event));
    g_assert_nonnull (strstr (f->err, "Rosoboronexport"));
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }

  /* Sent back and screened for real: the hit holds the case, and no
   * decision stands on the forged screening any more. */
  g_assert_cmpint (cli_reviewer (f, "case", "decide", listed, "--decision", "draft", "--reason", "Screen again"), ==, 0);
  g_assert_cmpint (cli (f, "case", "screen", listed), ==, 0);
  assert_outcome (f, listed, "hold");
  g_assert_cmpint (cli (f, "case", "verify", listed), ==, 0);
}

/* A run names its threshold; one above Probity's (0.85) misses spellings
 * of listed names that Probity's own screening finds, and at 0.99 nearly
 * every match: recorded with no hit for a listed party under another
 * spelling, its "nothing found" is a forged "clear". Refused for an
 * approval and said wherever it is shown; never screened at, nor carried
 * into the screening made again for a newer edition. */
static void
test_screening_threshold (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *eu = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  g_autofree char *answers = write_deal_answers (f);
  g_autofree char *clean = NULL, *variant = NULL, *template = NULL, *forged = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbActor) sam = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  guint seq;

  g_assert_cmpint (cli (f, "lists", "import", eu), ==, 0);
  clean = new_case_answered (f, "Harbour Parking", answers);
  g_assert_cmpint (cli (f, "case", "screen", clean, "--threshold", "0.99"), ==, 1);
  g_assert_nonnull (strstr (f->err, "--threshold must be between 0.50 and 0.85"));
  g_assert_cmpint (cli (f, "case", "screen", clean, "--threshold", "0.7"), ==, 0);
  g_assert_cmpint (cli (f, "case", "screen", clean), ==, 0);
  template = screened_data (f, clean);

  /* The listed company under another spelling: found at 0.85 (its score
   * is 0.95). */
  variant = new_case_answered (f, "Rosoboroneksport JSC", answers);
  g_assert_cmpint (cli (f, "case", "screen", variant), ==, 0);
  g_assert_nonnull (strstr (f->out, "on eu-fsf [EU.8841.12]"));

  /* Its screening recorded at 0.99, nothing found. */
  node = json_from_string (template, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  json_object_set_array_member (object, "hits", json_array_new ());
  json_object_set_double_member (object, "threshold", 0.99);
  forged = json_to_string (node, FALSE);
  store = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, sam);
  seq = pb_case_store_record_screening (store, variant, forged, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  assert_outcome (f, variant, "proceed");
  g_assert_cmpint (cli (f, "case", "submit", variant), ==, 0);
  g_assert_cmpint (cli_reviewer (f, "case", "decide", variant, "--decision", "approved", "--reason", "Clear"), ==, 1);
  g_assert_nonnull (strstr (f->err, "its threshold 0.99 is not one Probity screens at (0.50 to 0.85)"));
  g_assert_cmpint (cli (f, "case", "verify", variant), ==, 1);
  g_assert_nonnull (strstr (f->err, "BROKEN at event"));
  g_assert_cmpint (cli (f, "case", "show", variant), ==, 0);
  {
    g_autofree char *said = g_strdup_printf ("The screening of event %u is contradicted by its own lists: its threshold "
                                             "0.99 is not one Probity screens at", seq);

    g_assert_nonnull (strstr (f->out, said));
  }
}

/* The race of E3: a screening recorded between a reviewer's check of the
 * latest one and the approval. The decision names the screening checked,
 * and the store refuses it in the decision's transaction when another
 * was recorded since; the approval then records the screening it stands
 * on. */
static void
test_screening_race (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *eu = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  g_autofree char *answers = write_deal_answers (f);
  g_autofree char *clean = NULL, *template = NULL, *not_checked = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCaseStore) seller = NULL;
  g_autoptr(PbActor) sam = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbActor) rita = pb_actor_new ("Rita Reviewer", PB_ROLE_REVIEWER, NULL);
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbHistoryEvent) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *named = NULL;
  guint checked = 0, slipped, again = 0;

  g_assert_cmpint (cli (f, "lists", "import", eu), ==, 0);
  clean = new_case_answered (f, "Harbour Parking", answers);
  g_assert_cmpint (cli (f, "case", "screen", clean), ==, 0);
  template = screened_data (f, clean);
  g_assert_cmpint (cli (f, "case", "submit", clean), ==, 0);

  store = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, rita);
  g_assert_true (pb_case_check_screening (store, clean, &checked, &not_checked, &error));
  g_assert_no_error (error);
  g_assert_null (not_checked);
  g_assert_cmpuint (checked, >, 0);

  /* Between the check and the decision, the seller records a screening. */
  seller = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (seller, sam);
  slipped = pb_case_store_record_screening (seller, clean, template, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slipped, >, checked);

  g_assert_false (pb_case_store_decide_on_screening (store, clean, PB_CASE_STATUS_APPROVED, "Screened, clear", NULL,
                                                     NULL, checked, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "was screened again"));
  g_clear_error (&error);
  g_assert_cmpint (cli (f, "case", "show", clean, "--json"), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"submitted\""));

  /* Checked again, it is approved on the screening checked, which the
   * decision names by event and hash. */
  g_assert_true (pb_case_check_screening (store, clean, &again, &not_checked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again, ==, slipped);
  g_assert_true (pb_case_store_decide_on_screening (store, clean, PB_CASE_STATUS_APPROVED, "Screened, clear", NULL,
                                                    NULL, again, &error));
  g_assert_no_error (error);
  history = pb_case_store_list_history (store, clean, &error);
  g_assert_no_error (error);
  last = g_list_model_get_item (history, g_list_model_get_n_items (history) - 1);
  g_assert_cmpint (pb_history_event_get_kind (last), ==, PB_EVENT_STATUS_CHANGED);
  named = g_strdup_printf ("\"screening_event\":\"%u\"", slipped);
  g_assert_nonnull (strstr (pb_history_event_get_data (last), named));
  g_assert_nonnull (strstr (pb_history_event_get_data (last), "\"screening_hash\":\""));
  g_assert_cmpint (cli (f, "case", "verify", clean), ==, 0);
}

/* The engine: the screening's answer counts unless the seller reports more
 * concern. */
static void
test_engine_reads_screening (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new_from_json ("{\"questionnaire\": \"surveillance-export\", "
                                                                "\"answers\": {\"S2.02a\": \"clear\", \"S2.02b\": \"confirmed\","
                                                                " \"S2.02c\": \"unknown\"}}", -1, "answers", &error);
  g_autoptr(PbAnswerSet) facts = pb_answer_set_new_from_json ("{\"questionnaire\": \"surveillance-export\", "
                                                              "\"answers\": {\"S2.02a\": \"possible\", \"S2.02b\": \"clear\","
                                                              " \"S2.02c\": \"clear\"}}", -1, "facts", &error);
  g_autoptr(PbEvaluation) evaluation = NULL;
  const char *expected[][2] = { { "S2.02a", "possible" }, { "S2.02b", "confirmed" }, { "S2.02c", "clear" } };

  g_assert_no_error (error);
  g_assert_true (pb_answer_set_validate (answers, questionnaire, &error));
  g_assert_true (pb_answer_set_validate (facts, questionnaire, &error));
  g_assert_no_error (error);
  evaluation = pb_evaluate_with_screening (questionnaire, answers, NULL, facts);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, expected[i][0]);
      PbAnswer *counted = pb_evaluation_get_counted_answer (evaluation, question);

      g_assert_nonnull (counted);
      g_assert_cmpstr (pb_answer_get_string (counted), ==, expected[i][1]);
      /* S2.02b: the seller's "confirmed" counts, not the screening. */
      g_assert_true (pb_evaluation_is_screened (evaluation, question) == (i != 1));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pb/screening/case/engine", test_engine_reads_screening);
  g_test_add ("/pb/screening/case/cli", Fixture, NULL, fixture_set_up, test_case_screening, fixture_tear_down);
  g_test_add ("/pb/screening/case/prior-decisions", Fixture, NULL, fixture_set_up, test_prior_decisions,
              fixture_tear_down);
  g_test_add ("/pb/screening/case/forged", Fixture, NULL, fixture_set_up, test_forged_screening, fixture_tear_down);
  g_test_add ("/pb/screening/case/threshold", Fixture, NULL, fixture_set_up, test_screening_threshold,
              fixture_tear_down);
  g_test_add ("/pb/screening/case/race", Fixture, NULL, fixture_set_up, test_screening_race, fixture_tear_down);
  g_test_add ("/pb/screening/case/national-lists", Fixture, NULL, fixture_set_up, test_national_lists,
              fixture_tear_down);

  return g_test_run ();
}
