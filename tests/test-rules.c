/* test-rules.c: the rules of the shipped questionnaire, each on a minimal
 * change to a benign deal and on its near miss, and the rating method's
 * steps (METHOD.md) on the real rule set.
 *
 * The country reference data is the fixture tests/data/countries-rating.json
 * ($PROBITY_COUNTRIES), so that updating the shipped data does not change
 * these results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "judgement-cases.h"
#include "pb-answer-set.h"
#include "pb-countries.h"
#include "pb-data.h"
#include "pb-evaluation.h"

/* The benign base: anonymous people counting for a Swedish retailer, sold
 * from the Netherlands (inside the EU: no export), which raises no flag and
 * follows the green path. */
#define BASE "benign-retail-people-counting.json"

/* The same deal, exported to a Free country outside the EU. */
#define EXPORT "\"S0.02\": \"US\", \"S2.18\": \"none\""

typedef struct
{
  const char *name;
  const char *rule;
  const char *fires;      /* answers changed from the base, as JSON */
  const char *near_miss;  /* the same with one answer changed */
} RuleCase;

static const RuleCase cases[] = {
  /* Which lists bind the deal (issue 9, item 1). */
  { "LIST-EU", "LIST-EU",
    "{\"S2.02a\": \"confirmed\"}",
    "{\"S2.02a\": \"possible\"}" },
  { "LIST-EU-through-a-party", "LIST-EU",
    "{\"S0.01\": \"US\", \"S0.02\": \"MX\", \"S0.03\": [\"eu\"], \"S2.02a\": \"confirmed\"}",
    "{\"S0.01\": \"US\", \"S0.02\": \"MX\", \"S0.03\": [\"none\"], \"S2.02a\": \"confirmed\"}" },
  /* Business done in the Union, whoever sells (red team R-21). */
  { "LIST-EU-business-in-the-Union", "LIST-EU",
    "{\"S0.01\": \"US\", \"S0.03\": [\"none\"], \"S2.02a\": \"confirmed\"}",
    "{\"S0.01\": \"US\", \"S0.02\": \"MX\", \"S0.03\": [\"none\"], \"S2.02a\": \"confirmed\"}" },
  { "LIST-UK-conduct-in-the-UK", "LIST-UK",
    "{\"S0.02\": \"GB\", \"S2.02c\": \"confirmed\"}",
    "{\"S0.02\": \"NO\", \"S2.02c\": \"confirmed\"}" },
  { "LIST-UN", "LIST-UN",
    "{\"S2.02b\": \"confirmed\"}",
    "{\"S2.02b\": \"clear\"}" },
  { "LIST-UK", "LIST-UK",
    "{\"S0.01\": \"GB\", \"S2.02c\": \"confirmed\"}",
    "{\"S0.01\": \"NL\", \"S2.02c\": \"confirmed\"}" },
  { "LIST-SDN", "LIST-SDN",
    "{\"S0.03\": [\"us\"], \"S2.02d\": \"confirmed\"}",
    "{\"S0.03\": [\"none\"], \"S2.02d\": \"confirmed\"}" },
  { "LIST-ENTITY", "LIST-ENTITY",
    "{\"S0.04\": \"subject-to-ear\", \"S2.02e\": \"confirmed\"}",
    "{\"S0.04\": \"below-de-minimis\", \"S2.02e\": \"confirmed\"}" },
  { "LIST-NOT-BINDING", "LIST-NOT-BINDING",
    "{\"S0.04\": \"below-de-minimis\", \"S2.02e\": \"confirmed\"}",
    "{\"S0.04\": \"subject-to-ear\", \"S2.02e\": \"confirmed\"}" },
  { "LIST-POSSIBLE", "LIST-POSSIBLE",
    "{\"S2.02h\": \"possible\"}",
    "{\"S2.02h\": \"clear\"}" },
  { "CONCEALMENT", "CONCEALMENT",
    "{\"S6.06\": \"yes\"}",
    "{\"S6.06\": \"no\"}" },
  /* Embargoes and bans, from the reference data. */
  { "EMBARGO-MILITARY", "EMBARGO-MILITARY",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S1.06\": \"military-list\", \"S1.06e\": \"ML11\"}",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S3.02\": \"military\"}" },
  /* An item that is not arms, for armed forces under an embargo: the
   * authority decides (Reg. 2021/821, Art. 4; red team R-17). */
  { "EMBARGO-END-USER", "EMBARGO-END-USER",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S3.02\": \"military\"}",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S3.02\": \"private-commercial\"}" },
  /* An Annex I item leaves the Union only with an authorisation. */
  { "LICENCE-ANNEX-I", "LICENCE-ANNEX-I",
    "{" EXPORT ", \"S1.06\": \"annex-i\", \"S1.06e\": \"5A004.b\", \"S2.06\": \"not-required\"}",
    "{" EXPORT ", \"S1.06\": \"annex-i\", \"S1.06e\": \"5A004.b\", \"S2.06\": \"not-applied\"}" },
  /* Functions the customer can add on its own, a plain product's too
   * (an open app platform on a camera). */
  { "CUSTOMER-ENABLE", "CUSTOMER-ENABLE",
    "{\"S1.04\": \"yes\"}",
    "{\"S1.04\": \"no\"}" },
  /* Unscreened parties: the screening does not cover them. */
  { "UNSCREENED", "UNSCREENED",
    "{\"S6.02\": \"no\"}",
    "{\"S6.02\": \"yes\"}" },
  /* Moving on to countries not assessed: the deal waits. */
  { "RE-EXPORT-UNASSESSED", "RE-EXPORT-UNASSESSED",
    "{\"S6.09\": \"yes\"}",
    "{\"S6.09\": \"yes-assessed\"}" },
  /* Russia's bans beyond Annex I: Annexes VII and XXIII of Reg. 833/2014. */
  { "BAN-RUSSIA-GOODS", "BAN-RUSSIA-GOODS",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.19\": \"listed\"}",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.19\": \"not-listed\"}" },
  /* Belarus's parallel bans: Annex Va of Reg. 765/2006 (Art. 1f) and the
   * industrial goods of Reg. 2024/1865, asked by the same question. */
  { "BAN-BELARUS-GOODS", "BAN-BELARUS-GOODS",
    "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S2.19\": \"listed\"}",
    "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S2.19\": \"not-listed\"}" },
  /* A UK exporter: the schedules of Part 5 of S.I. 2019/855 (Schedule 2A ...). */
  { "BAN-RUSSIA-GOODS-UK", "BAN-RUSSIA-GOODS-UK",
    "{\"S0.01\": \"GB\", \"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.20\": \"listed\"}",
    "{\"S0.01\": \"GB\", \"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.20\": \"not-listed\"}" },
  /* The same for Belarus: Schedule 2C of S.I. 2019/600 and the others. */
  { "BAN-BELARUS-GOODS-UK", "BAN-BELARUS-GOODS-UK",
    "{\"S0.01\": \"GB\", \"S0.02\": \"BY\", \"S2.18\": \"none\", \"S2.20\": \"listed\"}",
    "{\"S0.01\": \"GB\", \"S0.02\": \"BY\", \"S2.18\": \"none\", \"S2.20\": \"not-listed\"}" },
  { "BAN-RUSSIA-GOODS-UK-through-a-party", "BAN-RUSSIA-GOODS-UK",
    "{\"S0.03\": [\"uk\"], \"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.19\": \"not-listed\", \"S2.20\": \"listed\"}",
    "{\"S0.03\": [\"uk\"], \"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.19\": \"not-listed\", \"S2.20\": \"not-listed\"}" },
  { "BAN-MONITORING", "BAN-MONITORING",
    "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S1.03\": [\"interception\"]}",
    "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S1.03\": [\"people-counting\"]}" },
  /* The fixture records Iran's monitoring ban from background knowledge
   * only (confidence K): a hold until someone reads the act. */
  { "MEASURE-UNCONFIRMED", "MEASURE-UNCONFIRMED",
    "{\"S0.02\": \"IR\", \"S2.18\": \"none\", \"S1.03\": [\"interception\"]}",
    "{\"S0.02\": \"IR\", \"S2.18\": \"none\", \"S1.03\": [\"people-counting\"]}" },
  { "BAN-DUAL-USE", "BAN-DUAL-USE",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S1.06\": \"annex-i\", \"S1.06e\": \"5A002.a\", \"S2.06\": \"granted\", \"S2.06r\": \"X\", \"S2.06c\": \"None\"}",
    "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S1.06\": \"not-listed\"}" },
  /* Licences and the authority: only for exports. */
  { "LICENCE-REFUSED", "LICENCE-REFUSED",
    "{" EXPORT ", \"S2.06\": \"refused\"}",
    "{" EXPORT ", \"S2.06\": \"not-required\"}" },
  { "LICENCE-PENDING", "LICENCE-PENDING",
    "{" EXPORT ", \"S2.06\": \"pending\"}",
    "{" EXPORT ", \"S2.06\": \"not-applied\"}" },
  { "LICENCE-APPLY", "LICENCE-APPLY",
    "{" EXPORT ", \"S2.06\": \"not-applied\"}",
    "{" EXPORT ", \"S2.06\": \"not-required\"}" },
  { "LICENCE-CONDITIONS", "LICENCE-CONDITIONS",
    "{" EXPORT ", \"S2.06\": \"granted\", \"S2.06r\": \"DE-2026-1\", \"S2.06c\": \"No re-export\"}",
    "{" EXPORT ", \"S2.06\": \"not-required\"}" },
  { "LICENCE-CONTRADICTION", "LICENCE-CONTRADICTION",
    "{" EXPORT ", \"S2.04\": \"yes\", \"S2.06\": \"not-required\"}",
    "{" EXPORT ", \"S2.04\": \"yes\", \"S2.06\": \"not-applied\"}" },
  { "AUTHORITY-PENDING", "AUTHORITY-PENDING",
    "{\"S0.02\": \"US\", \"S2.18\": \"pending\", \"S2.18d\": \"2026-11-30\", \"S2.18r\": \"BAFA 1\"}",
    "{\"S0.02\": \"US\", \"S2.18\": \"no-licence-needed\", \"S2.18d\": \"2026-11-30\", \"S2.18r\": \"BAFA 1\"}" },
  { "AUTHORITY-REFUSED", "AUTHORITY-REFUSED",
    "{\"S0.02\": \"US\", \"S2.18\": \"refused\", \"S2.18d\": \"2026-11-30\", \"S2.18r\": \"BAFA 1\"}",
    "{\"S0.02\": \"US\", \"S2.18\": \"licence-required\", \"S2.18d\": \"2026-11-30\", \"S2.18r\": \"BAFA 1\", \"S2.06\": \"not-applied\"}" },
  { "CONSULT-SUSPECT", "CONSULT-SUSPECT",
    "{" EXPORT ", \"S2.05\": \"suspect\"}",
    "{\"S2.05\": \"suspect\"}" },
  { "CONSULT-CLASSIFICATION", "CONSULT-CLASSIFICATION",
    "{" EXPORT ", \"S1.03\": [\"forensic-extraction\"]}",
    "{" EXPORT ", \"S1.03\": [\"forensic-extraction\"], \"S1.06\": \"annex-i\", \"S1.06e\": \"5A004.b\"}" },
  /* AI Act Art. 5: a legal bar where it applies, a human-rights flag elsewhere. */
  { "AI-5C", "AI-5C",
    "{\"S4.13\": \"yes\"}",
    "{\"S4.13\": \"no\"}" },
  { "AI-5D", "AI-5D",
    "{\"S1.03\": [\"crime-prediction\"], \"S4.14\": \"profiling\"}",
    "{\"S1.03\": [\"crime-prediction\"], \"S4.14\": \"objective-facts\"}" },
  { "AI-5E", "AI-5E",
    "{\"S1.03\": [\"face-scraping\"]}",
    "{\"S1.03\": [\"face-detection\"]}" },
  { "AI-5F", "AI-5F",
    "{\"S1.03\": [\"emotion\"], \"S4.03\": [\"workplaces\"], \"S4.15\": \"no\"}",
    "{\"S1.03\": [\"emotion\"], \"S4.03\": [\"workplaces\"], \"S4.15\": \"yes\"}" },
  { "AI-5F-ABROAD", "AI-5F-ABROAD",
    "{" EXPORT ", \"S1.03\": [\"emotion\"], \"S4.03\": [\"schools\"], \"S4.15\": \"no\"}",
    "{" EXPORT ", \"S1.03\": [\"emotion\"], \"S4.03\": [\"private-premises\"]}" },
  { "AI-5G", "AI-5G",
    "{\"S1.03\": [\"trait-classification\"]}",
    "{\"S1.03\": [\"age-gender\"]}" },
  { "AI-5G-ABROAD", "AI-5G-ABROAD",
    "{" EXPORT ", \"S1.03\": [\"trait-classification\"]}",
    "{\"S1.03\": [\"trait-classification\"]}" },
  { "AI-5G-national-security", "AI-5G-ABROAD",
    "{\"S1.03\": [\"trait-classification\"], \"S3.02\": \"intelligence\"}",
    "{\"S1.03\": [\"trait-classification\"], \"S3.02\": \"private-commercial\"}" },
  { "AI-5H", "AI-5H",
    "{\"S1.03\": [\"face-identification\"], \"S4.01\": [\"realtime-public\"], \"S3.02\": \"police\", \"S4.03\": [\"streets\"], \"S4.16\": \"not-limited\"}",
    "{\"S1.03\": [\"face-identification\"], \"S4.01\": [\"realtime-public\"], \"S3.02\": \"police\", \"S4.03\": [\"streets\"], \"S4.16\": \"limited-authorised\"}" },
  /* Place-based forecasting scores no person: conditions for security users, no AI Act rule. */
  { "COND-PLACE-FORECAST", "COND-PLACE-FORECAST",
    "{\"S1.03\": [\"crime-forecast-places\"], \"S3.02\": \"police\"}",
    "{\"S1.03\": [\"crime-forecast-places\"]}" },
  /* Monitoring employees is monitoring at the workplace. */
  { "AI-5F-employees", "AI-5F",
    "{\"S1.03\": [\"emotion\"], \"S4.03\": [\"private-premises\"], \"S4.06\": [\"employees\"], \"S4.15\": \"no\"}",
    "{\"S1.03\": [\"emotion\"], \"S4.03\": [\"private-premises\"], \"S4.06\": [\"visitors\"], \"S4.15\": \"no\"}" },
  /* Real-time is a property of the system, not a ticked purpose. */
  { "AI-5H-watchlist-alerts", "AI-5H",
    "{\"S1.03\": [\"face-identification\", \"watchlist\", \"live-video\"], \"S3.02\": \"police\", \"S4.01\": [\"public-order\"], \"S4.03\": [\"transport\"], \"S4.16\": \"not-limited\"}",
    "{\"S1.03\": [\"face-identification\", \"watchlist\", \"live-video\"], \"S3.02\": \"police\", \"S4.01\": [\"public-order\"], \"S4.03\": [\"transport\"], \"S4.16\": \"no-realtime\"}" },
  /* A city operating the system for the police uses it for law enforcement. */
  { "AI-5H-on-behalf-of-the-police", "AI-5H",
    "{\"S1.03\": [\"face-identification\"], \"S3.02\": \"civil-government\", \"S3.04\": \"yes\", \"S4.01\": [\"realtime-public\", \"public-order\"], \"S4.03\": [\"streets\"], \"S4.16\": \"not-limited\"}",
    "{\"S1.03\": [\"face-identification\"], \"S3.02\": \"civil-government\", \"S3.04\": \"yes\", \"S4.01\": [\"realtime-public\", \"traffic\"], \"S4.03\": [\"streets\"], \"S4.16\": \"not-limited\"}" },
  /* A biometric identification system identifies, unless it only verifies. */
  { "CAP-ID-family", "CAP-ID",
    "{\"S1.02\": \"biometric\", \"S1.03\": [\"recording\"]}",
    "{\"S1.02\": \"biometric\", \"S1.03\": [\"face-verification\"]}" },
  /* Speaker recognition is on the monitoring-equipment lists. */
  { "BAN-MONITORING-speaker-recognition", "BAN-MONITORING",
    "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S1.03\": [\"voice-id\"]}",
    "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S1.03\": [\"face-identification\"]}" },
  /* Deep packet inspection is a capability of its own. */
  { "CAP-DPI", "CAP-DPI",
    "{\"S1.03\": [\"dpi\"]}",
    "{\"S1.03\": [\"people-counting\"]}" },
  { "AI-HIGH-RISK", "AI-HIGH-RISK",
    "{\"S1.03\": [\"age-gender\"]}",
    "{" EXPORT ", \"S1.03\": [\"age-gender\"]}" },
  /* Compound rules and what they fold. */
  { "REGION-SURVEILLANCE", "REGION-SURVEILLANCE",
    "{\"S0.02\": \"CN\", \"S2.18\": \"none\", \"S4.02r\": \"xuar\", \"S1.03\": [\"face-identification\"]}",
    "{\"S0.02\": \"CN\", \"S2.18\": \"none\", \"S4.02r\": \"none\", \"S1.03\": [\"face-identification\"]}" },
  { "MASS-SURVEILLANCE", "MASS-SURVEILLANCE",
    "{\"S3.02\": \"police\", \"S4.06\": [\"general-public\"], \"S4.04\": 5000, \"S1.03\": [\"face-identification\"]}",
    "{\"S3.02\": \"police\", \"S4.06\": [\"general-public\"], \"S4.04\": 500, \"S1.03\": [\"face-identification\"], \"S1.08b\": 5000}" },
  { "MASS-SURVEILLANCE-plain-cameras", "MASS-SURVEILLANCE",
    "{\"S3.02\": \"police\", \"S4.06\": [\"general-public\"], \"S4.04\": 5000, \"S1.03\": [\"recording\"], \"S4.05\": \"yes\"}",
    "{\"S3.02\": \"police\", \"S4.06\": [\"general-public\"], \"S4.04\": 5000, \"S1.03\": [\"recording\"]}" },
  /* Graded facts. */
  { "TRACK-SYSTEMATIC", "TRACK-SYSTEMATIC",
    "{\"S3.13\": \"systematic\"}",
    "{\"S3.13\": \"isolated-remedied\"}" },
  { "MISUSE-REPORTED", "MISUSE-REPORTED",
    "{\"S1.15\": \"same-context\"}",
    "{\"S1.15\": \"elsewhere\"}" },
  { "DETAINEES", "DETAINEES",
    "{\"S4.06\": [\"detainees\"], \"S1.03\": [\"face-identification\"]}",
    "{\"S4.06\": [\"detainees\"], \"S1.03\": [\"recording\"]}" },
  { "CONSIGNEE-UNSCREENED", "CONSIGNEE-UNSCREENED",
    "{\"S3.14\": \"yes\", \"S3.15\": \"Forwarder BV\", \"S6.02\": \"no\"}",
    "{\"S3.14\": \"yes\", \"S3.15\": \"Forwarder BV\", \"S6.02\": \"yes\"}" },
  { "REF-OVERRIDE", "REF-OVERRIDE",
    "{\"S5.02\": \"partly-free\", \"S5.02o\": \"A newer rating.\"}",
    "{\"S5.02\": \"free\"}" },
  /* Contract gaps are conditions only where a real risk exists. */
  { "COND-END-USE-CLAUSE", "COND-END-USE-CLAUSE",
    "{\"S7.02\": \"no\", \"S3.02\": \"police\"}",
    "{\"S7.02\": \"no\"}" },
  { "COND-END-USE-CLAUSE-export", "COND-END-USE-CLAUSE",
    "{" EXPORT ", \"S7.02\": \"no\"}",
    "{\"S7.02\": \"no\", \"S1.03\": [\"face-verification\"]}" },
  { "COND-SUSPENSION", "COND-SUSPENSION",
    "{\"S7.04\": \"no\", \"S1.03\": [\"face-identification\"], \"S3.02\": \"police\", \"S5.05\": \"partial\"}",
    "{\"S7.04\": \"no\"}" },
  { "GP-01", "GP-01",
    "{}",
    "{\"S0.02\": \"MX\", \"S2.18\": \"none\"}" },
};

static PbQuestionnaire *questionnaire;
static PbCountries *reference;

static PbEvaluation *
evaluate_with (const char *changes)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "answers", BASE, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  answers = pb_answer_set_new_from_file (file, &error);
  g_assert_no_error (error);

  root = json_from_string (changes, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);
      g_autoptr(PbAnswer) answer = NULL;

      if (pb_questionnaire_lookup_question (questionnaire, l->data) == NULL)
        g_error ("no question %s", (const char *) l->data);

      /* null: the question is left unanswered */
      if (JSON_NODE_HOLDS_NULL (member))
        {
          pb_answer_set_remove (answers, l->data);
          continue;
        }

      answer = pb_answer_new_from_json_node (member, &error);
      g_assert_no_error (error);
      pb_answer_set_insert (answers, l->data, answer);
    }

  pb_answer_set_validate (answers, questionnaire, &error);
  g_assert_no_error (error);

  return pb_evaluate_with_reference (questionnaire, answers, reference);
}

static void
test_rule (gconstpointer data)
{
  const RuleCase *rule_case = data;
  g_autoptr(PbEvaluation) fired = NULL;
  g_autoptr(PbEvaluation) missed = NULL;
  g_autofree char *description = NULL;
  PbFlag *flag;

  g_assert_nonnull (pb_questionnaire_lookup_rule (questionnaire, rule_case->rule));

  fired = evaluate_with (rule_case->fires);
  description = judgement_describe (fired);
  if (!judgement_raised (fired, rule_case->rule))
    g_error ("%s did not fire on %s (%s)", rule_case->rule, rule_case->fires, description);
  flag = pb_evaluation_lookup_flag (fired, rule_case->rule);
  g_assert_true (flag == NULL || !pb_flag_is_from_unknown (flag));

  missed = evaluate_with (rule_case->near_miss);
  if (judgement_raised (missed, rule_case->rule))
    g_error ("%s fired on its near miss %s", rule_case->rule, rule_case->near_miss);
}

/* The base itself is the green path and raises nothing. */
static void
test_base (void)
{
  g_autoptr(PbEvaluation) evaluation = evaluate_with ("{}");

  g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==, PB_OUTCOME_PROCEED);
  g_assert_cmpuint (pb_evaluation_get_n_flags (evaluation), ==, 0);
  g_assert_cmpuint (pb_evaluation_get_n_assurances (evaluation), ==, 1);
}

static const struct {
  const char *changes;
  PbOutcome   outcome;
} outcomes[] = {
  /* The end user's own record is the evidence: a Free country and a robust
   * law do not make systematic targeting less likely. */
  { "{\"S3.13\": \"systematic\"}", PB_OUTCOME_DO_NOT_PROCEED },
  { "{\"S3.05\": \"yes\"}", PB_OUTCOME_DO_NOT_PROCEED },
  /* Watchlist alerts for the police in a station: whether the real-time use
   * is limited to what Art. 5(1)(h) allows must be answered. */
  { "{\"S1.03\": [\"face-identification\", \"watchlist\", \"live-video\"], \"S3.02\": \"police\", \"S4.01\": [\"public-order\"], \"S4.03\": [\"transport\"]}",
    PB_OUTCOME_INCOMPLETE },
  /* Nothing ticked where something must be is no answer. */
  { "{\"S4.06\": []}", PB_OUTCOME_INCOMPLETE },
  { "{\"S5.06\": []}", PB_OUTCOME_INCOMPLETE },
  /* A legal bar: do not proceed. */
  { "{\"S2.02a\": \"confirmed\"}", PB_OUTCOME_DO_NOT_PROCEED },
  { "{\"S1.03\": [\"trait-classification\"]}", PB_OUTCOME_DO_NOT_PROCEED },
  /* Waiting for something named: hold, never proceed, never do-not-proceed. */
  { "{\"S2.02a\": \"possible\"}", PB_OUTCOME_HOLD },
  { "{" EXPORT ", \"S2.06\": \"pending\"}", PB_OUTCOME_HOLD },
  { "{\"S3.01\": \"unknown\"}", PB_OUTCOME_HOLD },
  /* A refused end-use statement is a red flag left unresolved: no shipment
   * without it (15 CFR Part 732, Supp. No. 3). */
  { "{\"S3.09\": \"refuses\"}", PB_OUTCOME_HOLD },
  /* Nothing ships to Russia until the item is checked against Annexes VII
   * and XXIII; an exporter the EU does not bind is not asked. */
  { "{\"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.19\": \"unknown\"}", PB_OUTCOME_HOLD },
  { "{\"S0.02\": \"RU\", \"S2.18\": \"none\"}", PB_OUTCOME_INCOMPLETE },
  /* The same for Belarus (EU law) and for a UK exporter to Russia; an
   * exporter neither binds is not asked. */
  { "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S2.19\": \"unknown\"}", PB_OUTCOME_HOLD },
  { "{\"S0.02\": \"BY\", \"S2.18\": \"none\"}", PB_OUTCOME_INCOMPLETE },
  { "{\"S0.02\": \"BY\", \"S2.18\": \"none\", \"S2.19\": \"listed\"}", PB_OUTCOME_DO_NOT_PROCEED },
  { "{\"S0.01\": \"GB\", \"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.20\": \"unknown\"}", PB_OUTCOME_HOLD },
  { "{\"S0.01\": \"GB\", \"S0.02\": \"RU\", \"S2.18\": \"none\"}", PB_OUTCOME_INCOMPLETE },
  { "{\"S0.01\": \"GB\", \"S0.02\": \"RU\", \"S2.18\": \"none\", \"S2.20\": \"listed\"}", PB_OUTCOME_DO_NOT_PROCEED },
  { "{\"S0.01\": \"GB\", \"S0.02\": \"BY\", \"S2.18\": \"none\", \"S2.20\": \"unknown\"}", PB_OUTCOME_HOLD },
  { "{\"S0.01\": \"GB\", \"S0.02\": \"BY\", \"S2.18\": \"none\"}", PB_OUTCOME_INCOMPLETE },
  /* The authority must be asked: consult; once it answered, its answer counts. */
  { "{" EXPORT ", \"S2.05\": \"suspect\"}", PB_OUTCOME_CONSULT_AUTHORITY },
  { "{\"S0.02\": \"US\", \"S2.05\": \"suspect\", \"S2.18\": \"no-licence-needed\", \"S2.18d\": \"2026-11-30\", \"S2.18r\": \"BAFA 1\"}",
    PB_OUTCOME_PROCEED_WITH_CONDITIONS },
  /* Not yet applied is normal before a quote: apply before shipping. */
  { "{" EXPORT ", \"S2.06\": \"not-applied\"}", PB_OUTCOME_PROCEED_WITH_CONDITIONS },
  /* Informed by the authority, then granted: no longer a stop. */
  { "{" EXPORT ", \"S2.04\": \"yes\", \"S2.06\": \"granted\", \"S2.06r\": \"DE-1\", \"S2.06c\": \"None\"}",
    PB_OUTCOME_PROCEED_WITH_CONDITIONS },
  /* A domestic sale is not sent to an export authority. */
  { "{\"S0.02\": \"NL\", \"S2.05\": \"suspect\"}", PB_OUTCOME_PROCEED_WITH_CONDITIONS },
};

static void
test_outcomes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      g_autoptr(PbEvaluation) evaluation = evaluate_with (outcomes[i].changes);
      g_autofree char *description = judgement_describe (evaluation);

      if (pb_evaluation_get_outcome (evaluation) != outcomes[i].outcome)
        g_error ("%s: expected %s, got %s", outcomes[i].changes,
                 pb_outcome_to_string (outcomes[i].outcome), description);
    }
}

/* A domestic or intra-EU sale shows no export-authority question. */
static void
test_domestic (void)
{
  g_autoptr(PbEvaluation) domestic = evaluate_with ("{}");
  g_autoptr(PbEvaluation) export = evaluate_with ("{" EXPORT "}");
  const char * const authority_questions[] = { "S2.04", "S2.06", "S2.18" };

  for (guint i = 0; i < G_N_ELEMENTS (authority_questions); i++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, authority_questions[i]);

      g_assert_false (pb_evaluation_is_visible (domestic, question));
      g_assert_true (pb_evaluation_is_visible (export, question));
    }
}

/* An unknown answer is never a finding: the flag it might raise is listed
 * as unresolved with what to find out, and weighs only as a hold (if it
 * would stop the deal) or a condition. */
static void
test_unknown_is_unresolved (void)
{
  g_autoptr(PbEvaluation) named = evaluate_with ("{\"S3.05\": \"unknown\"}");
  g_autoptr(PbEvaluation) listed = evaluate_with ("{\"S0.03\": \"unknown\", \"S0.01\": \"CH\", \"S0.02\": \"CH\", \"S2.02a\": \"confirmed\"}");
  PbFlag *flag;

  flag = pb_evaluation_lookup_flag (named, "NAMED");
  g_assert_nonnull (flag);
  g_assert_true (pb_flag_is_unresolved (flag));
  g_assert_false (pb_flag_is_hard_stop (flag));
  g_assert_cmpstr (pb_flag_get_unknowns (flag)[0], ==, "S3.05");
  g_assert_cmpint (pb_evaluation_get_outcome (named), !=, PB_OUTCOME_DO_NOT_PROCEED);
  for (const char * const *r = pb_evaluation_get_reasons (named); *r != NULL; r++)
    g_assert_null (strstr (*r, "Critical"));

  /* Whether the EU list binds is unknown, but the listing is established:
   * whichever way it resolves the deal stops (red team R-15). The legal bar
   * stays unresolved, the human-rights flag decides. */
  g_assert_cmpint (pb_evaluation_get_outcome (listed), ==, PB_OUTCOME_DO_NOT_PROCEED);
  flag = pb_evaluation_lookup_flag (listed, "LIST-EU");
  g_assert_nonnull (flag);
  g_assert_true (pb_flag_is_unresolved (flag));
  g_assert_false (pb_flag_is_hard_stop (flag));
  g_assert_cmpstr (pb_flag_get_unknowns (flag)[0], ==, "S0.03");
  flag = pb_evaluation_lookup_flag (listed, "LIST-NOT-BINDING");
  g_assert_nonnull (flag);
  g_assert_false (pb_flag_is_unresolved (flag));
  g_assert_cmpint (pb_flag_get_residual_level (flag), ==, PB_SEVERITY_CRITICAL);
}

/* An EU listing is cited by the regulations of the regimes that list,
 * not by the human-rights regime alone: a party listed under the
 * cyber-attacks regime (verdict16, deal 18) or for Ukraine's territorial
 * integrity is frozen by its own regulation. */
static void
test_eu_list_cites_each_regime (void)
{
  static const char * const expected[] = {
    "Treaty on the Functioning of the European Union, Art. 215(2)",
    "Council Regulation (EU) No 269/2014, Art. 2(2)",
    "Regulation (EU) 2020/1998, Art. 3(2)",
    "Regulation (EU) 2019/796, Art. 3(2)",
  };
  g_autoptr(PbEvaluation) evaluation = evaluate_with ("{\"S0.01\": \"DE\", \"S0.02\": \"CN\", \"S2.02a\": \"confirmed\"}");
  PbFlag *flag = pb_evaluation_lookup_flag (evaluation, "LIST-EU");
  const char * const *references;

  g_assert_nonnull (flag);
  g_assert_true (pb_flag_is_hard_stop (flag));
  references = pb_flag_get_references (flag);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_strv_contains (references, expected[i]));
}

/* A rule cites the law that binds this exporter: the EU dual-use
 * regulation for an EU exporter, the EAR for a US one, never the EU
 * regulation for a US exporter (red team R-19). */
static void
test_references_follow_the_exporter (void)
{
  static const char * const exporters[] = { "NL", "US" };

  for (guint e = 0; e < G_N_ELEMENTS (exporters); e++)
    {
      g_autofree char *changes = g_strdup_printf ("{\"S0.01\": \"%s\", \"S0.02\": \"MX\", \"S2.05\": \"suspect\", "
                                                  "\"S2.18\": \"none\", \"S2.06\": \"not-applied\", \"S7.02\": \"no\"}",
                                                  exporters[e]);
      g_autoptr(PbEvaluation) evaluation = evaluate_with (changes);
      PbFlag *flag = pb_evaluation_lookup_flag (evaluation, "CONSULT-SUSPECT");
      gboolean us = g_str_equal (exporters[e], "US");
      gboolean cites_eu = FALSE;
      gboolean cites_ear = FALSE;

      g_assert_nonnull (flag);
      for (const char * const *ref = pb_flag_get_references (flag); *ref != NULL; ref++)
        {
          cites_eu |= strstr (*ref, "Regulation (EU) 2021/821") != NULL;
          cites_ear |= g_str_has_prefix (*ref, "15 CFR");
        }
      g_assert_true (cites_eu == !us);
      g_assert_true (cites_ear == us);
      /* The questionnaire itself keeps every reference. */
      g_assert_cmpuint (g_strv_length ((char **) pb_rule_get_references (pb_flag_get_rule (flag))), ==, 3);

      /* The contract clause: the BIS guidance binds a US exporter only
       * (verdict16 N1); the Guiding Principles every vendor. */
      flag = pb_evaluation_lookup_flag (evaluation, "COND-END-USE-CLAUSE");
      g_assert_nonnull (flag);
      g_assert_true (g_strv_contains (pb_flag_get_references (flag), "UNGP 19"));
      g_assert_true (g_strv_contains (pb_flag_get_references (flag), "15 CFR Part 732, Supplement No. 3") == us);
    }
}

/* A high-risk AI system cites the point of Annex III it falls under:
 * offending-risk assessment for the police is point 6(d), not the
 * biometric point 1, and no information duty of Art. 50(3), which
 * concerns emotion recognition and biometric categorisation. */
static void
test_high_risk_cites_its_annex_point (void)
{
  static const struct {
    const char *changes;
    const char *cited;
    const char *not_cited[3];
  } systems[] = {
    { "{\"S1.03\": [\"crime-prediction\"], \"S4.14\": \"objective-facts\", \"S3.02\": \"police\"}",
      "Regulation (EU) 2024/1689, Annex III, point 6(d)",
      { "Regulation (EU) 2024/1689, Annex III, point 1", "Regulation (EU) 2024/1689, Art. 50(3)", NULL } },
    { "{\"S1.03\": [\"face-detection\", \"emotion\"]}",
      "Regulation (EU) 2024/1689, Art. 50(3)",
      { "Regulation (EU) 2024/1689, Annex III, point 6(d)", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (systems); i++)
    {
      g_autoptr(PbEvaluation) evaluation = evaluate_with (systems[i].changes);
      PbFlag *flag = pb_evaluation_lookup_flag (evaluation, "AI-HIGH-RISK");
      const char * const *refs;

      g_assert_nonnull (flag);
      refs = pb_flag_get_references (flag);
      g_assert_true (g_strv_contains (refs, systems[i].cited));
      g_assert_true (g_strv_contains (refs, "Regulation (EU) 2024/1689, Art. 6(2)"));
      for (guint j = 0; systems[i].not_cited[j] != NULL; j++)
        g_assert_false (g_strv_contains (refs, systems[i].not_cited[j]));
    }
}

/* A level that is Critical only because unknown aggravating factors were
 * assumed holds the deal; established, it stops it. */
static void
test_assumed_likelihood (void)
{
  g_autoptr(PbEvaluation) assumed =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S3.02\": \"police\", \"S5.05\": \"unknown\", \"S3.07\": \"unknown\", \"S0.02\": \"MX\", \"S2.18\": \"none\", \"S5.04\": \"unknown\"}");
  g_autoptr(PbEvaluation) established =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S3.02\": \"police\", \"S5.05\": \"inadequate\", \"S3.07\": \"none\", \"S0.02\": \"MX\", \"S2.18\": \"none\", \"S5.04\": \"yes\"}");
  PbFlag *flag = pb_evaluation_lookup_flag (assumed, "CAP-ID");
  gboolean seen_assumed = FALSE;

  g_assert_nonnull (flag);
  g_assert_cmpint (pb_flag_get_level (flag), ==, PB_SEVERITY_CRITICAL);
  for (guint i = 0; i < pb_flag_get_n_factors (flag); i++)
    {
      gboolean is_assumed;

      pb_flag_get_factor (flag, i, NULL, &is_assumed);
      seen_assumed |= is_assumed;
    }
  g_assert_true (seen_assumed);
  g_assert_cmpint (pb_evaluation_get_outcome (assumed), ==, PB_OUTCOME_HOLD);
  g_assert_cmpint (pb_evaluation_get_outcome (established), ==, PB_OUTCOME_DO_NOT_PROCEED);
}

/* An unknown counts as the worst state of its fact, once: surveillance law
 * "unknown" is "no safeguards", never "no safeguards" and "partial
 * safeguards" as well, and never worse than the worst real answer. */
static void
test_unknown_counts_once (void)
{
  g_autoptr(PbEvaluation) unknown =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S5.05\": \"unknown\", \"S3.02\": \"civil-government\", \"S3.04\": \"unknown\"}");
  g_autoptr(PbEvaluation) worst =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S5.05\": \"inadequate\", \"S3.02\": \"civil-government\", \"S3.04\": \"yes\"}");
  PbFlag *flag = pb_evaluation_lookup_flag (unknown, "CAP-ID");
  guint n_assumed = 0;

  g_assert_nonnull (flag);
  for (guint i = 0; i < pb_flag_get_n_factors (flag); i++)
    {
      gboolean assumed;
      double add;

      pb_flag_get_factor (flag, i, &add, &assumed);
      if (assumed)
        {
          n_assumed++;
          g_assert_cmpfloat (add, ==, 1);
        }
    }
  /* One for the law, one for the end user's links to security bodies. */
  g_assert_cmpuint (n_assumed, ==, 2);
  g_assert_cmpuint (pb_flag_get_likelihood (flag), ==,
                    pb_flag_get_likelihood (pb_evaluation_lookup_flag (worst, "CAP-ID")));
}

/* A skipped optional question is not known: a risk that rests on it is
 * unresolved, never silently dropped. */
static void
test_skipped_is_unresolved (void)
{
#define MASS "\"S3.02\": \"civil-government\", \"S1.03\": [\"social-media\"], \"S4.06\": [\"general-public\"], \"S4.04\": 2"
  g_autoptr(PbEvaluation) skipped = evaluate_with ("{" MASS ", \"S4.04p\": null}");
  g_autoptr(PbEvaluation) answered = evaluate_with ("{" MASS ", \"S4.04p\": 100000000}");
  g_autoptr(PbEvaluation) small = evaluate_with ("{" MASS ", \"S4.04p\": 5000}");
  PbFlag *flag = pb_evaluation_lookup_flag (skipped, "MASS-SURVEILLANCE");
#undef MASS

  g_assert_nonnull (flag);
  g_assert_true (pb_flag_is_unresolved (flag));
  g_assert_true (g_strv_contains (pb_flag_get_unknowns (flag), "S4.04p"));
  g_assert_cmpint (pb_evaluation_get_outcome (skipped), !=, PB_OUTCOME_PROCEED);
  g_assert_cmpint (pb_evaluation_get_outcome (skipped), !=, PB_OUTCOME_INCOMPLETE);

  flag = pb_evaluation_lookup_flag (answered, "MASS-SURVEILLANCE");
  g_assert_nonnull (flag);
  g_assert_false (pb_flag_is_unresolved (flag));
  g_assert_null (pb_evaluation_lookup_flag (small, "MASS-SURVEILLANCE"));
}

/* Reassuring factors count when established: the same identification
 * capability for the police is Medium in a Free country with prior
 * independent authorisation, oversight and remedy, Critical without. */
static void
test_reassuring_factors (void)
{
  g_autoptr(PbEvaluation) free_country =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S3.02\": \"police\"}");
  g_autoptr(PbEvaluation) weak_law =
    evaluate_with ("{\"S1.03\": [\"face-identification\"], \"S3.02\": \"police\", \"S5.05\": \"inadequate\"}");

  g_assert_cmpint (pb_flag_get_level (pb_evaluation_lookup_flag (free_country, "CAP-ID")), ==, PB_SEVERITY_MEDIUM);
  g_assert_cmpuint (pb_flag_get_likelihood (pb_evaluation_lookup_flag (free_country, "CAP-ID")), ==, 1);
  g_assert_cmpuint (pb_flag_get_likelihood (pb_evaluation_lookup_flag (weak_law, "CAP-ID")), ==, 2);
}

/* Each <mitigated-if> that holds lowers the likelihood one step, and only
 * safeguards that can be enforced count. */
static void
test_mitigation (void)
{
  static const char *base = "\"S1.03\": [\"face-identification\"], \"S3.02\": \"police\", \"S5.05\": \"inadequate\", \"S3.07\": \"none\", \"S0.02\": \"MX\", \"S2.18\": \"none\"";
  g_autofree char *none = g_strdup_printf ("{%s}", base);
  g_autofree char *one = g_strdup_printf ("{%s, \"S7.05\": [\"licence-locked\"]}", base);
  g_autofree char *two = g_strdup_printf ("{%s, \"S7.05\": [\"licence-locked\", \"watchlist-cap\", \"audit-log-forced\", \"human-review\"]}", base);
  g_autofree char *doubtful = g_strdup_printf ("{%s, \"S7.05\": [\"licence-locked\"], \"S7.11\": \"doubtful\"}", base);
  g_autoptr(PbEvaluation) e0 = evaluate_with (none);
  g_autoptr(PbEvaluation) e1 = evaluate_with (one);
  g_autoptr(PbEvaluation) e2 = evaluate_with (two);
  g_autoptr(PbEvaluation) ed = evaluate_with (doubtful);
  PbFlag *f0 = pb_evaluation_lookup_flag (e0, "CAP-ID");
  PbFlag *f1 = pb_evaluation_lookup_flag (e1, "CAP-ID");
  PbFlag *f2 = pb_evaluation_lookup_flag (e2, "CAP-ID");
  PbFlag *fd = pb_evaluation_lookup_flag (ed, "CAP-ID");

  g_assert_false (pb_flag_is_mitigated (f0));
  g_assert_cmpuint (pb_flag_get_likelihood (f0), ==, 3);
  g_assert_cmpuint (pb_flag_get_residual_likelihood (f1), ==, pb_flag_get_likelihood (f1) - 1);
  g_assert_cmpuint (pb_flag_get_n_mitigations (f2), ==, 2);
  g_assert_cmpuint (pb_flag_get_residual_likelihood (f2), ==, pb_flag_get_likelihood (f2) - 2);
  g_assert_cmpint (pb_flag_get_severity (f2), ==, pb_flag_get_severity (f0));
  g_assert_false (pb_flag_is_mitigated (fd));
}

/* A compound rule takes the flags it restates into itself. */
static void
test_folds (void)
{
  g_autoptr(PbEvaluation) evaluation =
    evaluate_with ("{\"S3.02\": \"police\", \"S4.06\": [\"general-public\"], \"S4.04\": 5000, \"S4.05\": \"yes\", \"S1.03\": [\"recording\"]}");
  PbFlag *flag = pb_evaluation_lookup_flag (evaluation, "MASS-SURVEILLANCE");
  g_autofree char *triggers = NULL;

  g_assert_nonnull (flag);
  g_assert_null (pb_evaluation_lookup_flag (evaluation, "INDISCRIMINATE"));
  g_assert_null (pb_evaluation_lookup_flag (evaluation, "SCALE"));
  g_assert_null (pb_evaluation_lookup_flag (evaluation, "PROGRAMME"));
  g_assert_cmpuint (pb_flag_get_n_folds (flag), ==, 3);
  triggers = g_strjoinv (" ", (char **) pb_flag_get_triggers (flag));
  g_assert_cmpstr (triggers, ==, "S1.02 S1.03 S1.09 S3.02 S3.03 S4.04 S4.04p S4.05 S4.06");
}

/* A country fact comes from the reference data. A different answer needs a
 * reason and raises a flag; towards less risk it does not count. */
static void
test_override (void)
{
  g_autoptr(PbEvaluation) prefilled = evaluate_with ("{\"S0.02\": \"CN\", \"S2.18\": \"none\"}");
  g_autoptr(PbEvaluation) softer = evaluate_with ("{\"S0.02\": \"CN\", \"S2.18\": \"none\", \"S5.02\": \"free\"}");
  g_autoptr(PbEvaluation) reasoned =
    evaluate_with ("{\"S0.02\": \"CN\", \"S2.18\": \"none\", \"S5.02\": \"free\", \"S5.02o\": \"I think so.\"}");
  PbQuestion *rating = pb_questionnaire_lookup_question (questionnaire, "S5.02");
  PbQuestion *reason = pb_questionnaire_lookup_question (questionnaire, "S5.02o");
  PbQuestion *measures = pb_questionnaire_lookup_question (questionnaire, "S2.17");

  g_assert_cmpstr (pb_answer_get_string (pb_evaluation_get_counted_answer (prefilled, rating)), ==, "not-free");
  g_assert_true (pb_answer_has_code (pb_evaluation_get_counted_answer (prefilled, measures), "eu-political-embargo"));
  g_assert_false (pb_evaluation_is_overridden (prefilled, rating));
  g_assert_false (pb_evaluation_is_visible (prefilled, reason));

  g_assert_true (pb_evaluation_is_overridden (softer, rating));
  g_assert_true (pb_evaluation_is_visible (softer, reason));
  g_assert_cmpint (pb_evaluation_get_outcome (softer), ==, PB_OUTCOME_INCOMPLETE);

  g_assert_cmpstr (pb_answer_get_string (pb_evaluation_get_counted_answer (reasoned, rating)), ==, "not-free");
  g_assert_cmpstr (pb_answer_get_string (pb_evaluation_get_reference_answer (reasoned, rating)), ==, "not-free");
  g_assert_nonnull (pb_evaluation_lookup_flag (reasoned, "REF-OVERRIDE"));
}

/* A measure the data has not confirmed holds the deal, never stops it; who
 * reads the act either confirms it (then it is a legal bar) or removes it
 * with a reason (then the hold goes and the override is flagged). */
static void
test_unconfirmed_measure (void)
{
#define IRAN "\"S0.02\": \"IR\", \"S2.18\": \"none\", \"S1.03\": [\"interception\"]"
  g_autoptr(PbEvaluation) recorded = evaluate_with ("{" IRAN "}");
  g_autoptr(PbEvaluation) lifted =
    evaluate_with ("{" IRAN ", \"S2.17u\": [\"none\"], \"S2.17uo\": \"Lifted by Reg. X of 1 Jan 2027.\"}");
  g_autoptr(PbEvaluation) confirmed =
    evaluate_with ("{" IRAN ", \"S2.17\": [\"eu-arms-embargo\", \"un-arms-embargo\", \"us-arms-embargo\", \"eu-monitoring-ban\"], "
                   "\"S2.17o\": \"Reg. 359/2011 Annex IV read on 2 Dec 2026: in force.\"}");
  PbQuestion *unconfirmed = pb_questionnaire_lookup_question (questionnaire, "S2.17u");
  PbQuestion *measures = pb_questionnaire_lookup_question (questionnaire, "S2.17");
  PbFlag *hold = pb_evaluation_lookup_flag (recorded, "MEASURE-UNCONFIRMED");
  gboolean cites_act = FALSE;
#undef IRAN

  g_assert_true (pb_answer_has_code (pb_evaluation_get_counted_answer (recorded, unconfirmed), "eu-monitoring-ban"));
  g_assert_false (pb_answer_has_code (pb_evaluation_get_counted_answer (recorded, measures), "eu-monitoring-ban"));
  g_assert_nonnull (hold);
  g_assert_null (pb_evaluation_lookup_flag (recorded, "BAN-MONITORING"));
  g_assert_cmpint (pb_evaluation_get_outcome (recorded), !=, PB_OUTCOME_PROCEED);
  g_assert_cmpint (pb_evaluation_get_outcome (recorded), !=, PB_OUTCOME_PROCEED_WITH_CONDITIONS);
  for (const char * const *ref = pb_flag_get_references (hold); *ref != NULL; ref++)
    cites_act |= strstr (*ref, "359/2011") != NULL;
  g_assert_true (cites_act);

  g_assert_null (pb_evaluation_lookup_flag (lifted, "MEASURE-UNCONFIRMED"));
  g_assert_nonnull (pb_evaluation_lookup_flag (lifted, "REF-OVERRIDE"));

  g_assert_nonnull (pb_evaluation_lookup_flag (confirmed, "BAN-MONITORING"));
  g_assert_null (pb_evaluation_lookup_flag (confirmed, "MEASURE-UNCONFIRMED"));
  g_assert_cmpint (pb_evaluation_get_outcome (confirmed), ==, PB_OUTCOME_DO_NOT_PROCEED);
}

/* Too many unknown answers in a weighted section holds the deal, counting
 * the unknowns that could change its verdict: those a flag rests on or an
 * assumed factor of a raised flag reads. */
static void
test_unknown_threshold (void)
{
#define ID "\"S1.03\": [\"face-identification\"], "
  g_autoptr(PbEvaluation) few = evaluate_with ("{" ID "\"S3.04\": \"unknown\"}");
  g_autoptr(PbEvaluation) many =
    evaluate_with ("{" ID "\"S3.03\": \"unknown\", \"S3.04\": \"unknown\", \"S3.05\": \"unknown\", \"S3.13\": \"unknown\", \"S3.07\": \"unknown\"}");
  /* Anonymous counting: who the end user is linked to and what checks it
   * faces decide nothing; for identification they weigh on its likelihood. */
  g_autoptr(PbEvaluation) idle =
    evaluate_with ("{\"S3.03\": \"unknown\", \"S3.04\": \"unknown\", \"S3.07\": \"unknown\"}");
  g_autoptr(PbEvaluation) deciding =
    evaluate_with ("{" ID "\"S3.03\": \"unknown\", \"S3.04\": \"unknown\", \"S3.07\": \"unknown\", \"S3.13\": \"unknown\"}");
  PbFlag *flag;
#undef ID

  g_assert_null (pb_evaluation_lookup_flag (few, "UNKNOWN-S3"));
  flag = pb_evaluation_lookup_flag (many, "UNKNOWN-S3");
  g_assert_nonnull (flag);
  g_assert_cmpint (pb_rule_get_kind (pb_flag_get_rule (flag)), ==, PB_RULE_KIND_HOLD);
  g_assert_cmpint (pb_evaluation_get_outcome (many), ==, PB_OUTCOME_HOLD);
  /* S3.03 is read only by a factor that does not count (the end user's
   * links to security bodies, assumed, outweigh "other government"). */
  for (const char * const *id = pb_flag_get_unknowns (flag); *id != NULL; id++)
    g_assert_cmpstr (*id, !=, "S3.03");

  g_assert_null (pb_evaluation_lookup_flag (idle, "UNKNOWN-S3"));
  g_assert_cmpint (pb_evaluation_get_outcome (idle), ==, PB_OUTCOME_PROCEED);
  g_assert_nonnull (pb_evaluation_lookup_flag (deciding, "UNKNOWN-S3"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);
  reference = pb_countries_load_default (&error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (pb_countries_get_version (reference), "-test.1"));

  g_test_add_func ("/pb/rules/base", test_base);
  g_test_add_func ("/pb/rules/references-follow-the-exporter", test_references_follow_the_exporter);
  g_test_add_func ("/pb/rules/high-risk-cites-its-annex-point", test_high_risk_cites_its_annex_point);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/rules/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_rule);
    }
  g_test_add_func ("/pb/rules/outcomes", test_outcomes);
  g_test_add_func ("/pb/rules/domestic", test_domestic);
  g_test_add_func ("/pb/rules/unknown-is-unresolved", test_unknown_is_unresolved);
  g_test_add_func ("/pb/rules/assumed-likelihood", test_assumed_likelihood);
  g_test_add_func ("/pb/rules/unknown-counts-once", test_unknown_counts_once);
  g_test_add_func ("/pb/rules/skipped-is-unresolved", test_skipped_is_unresolved);
  g_test_add_func ("/pb/rules/reassuring-factors", test_reassuring_factors);
  g_test_add_func ("/pb/rules/mitigation", test_mitigation);
  g_test_add_func ("/pb/rules/folds", test_folds);
  g_test_add_func ("/pb/rules/override", test_override);
  g_test_add_func ("/pb/rules/unconfirmed-measure", test_unconfirmed_measure);
  g_test_add_func ("/pb/rules/unknown-threshold", test_unknown_threshold);
  g_test_add_func ("/pb/rules/eu-list-cites-each-regime", test_eu_list_cites_each_regime);

  status = g_test_run ();
  g_clear_object (&questionnaire);
  g_clear_object (&reference);

  return status;
}
