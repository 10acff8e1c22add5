/* pb-prefill.c: questions filled in from the country reference data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-prefill.h"
#include "pb-questionnaire-private.h"

/* The choice code a measure stands for in a prefilled measures question:
 * "<authority>-<kind>" for a binding measure on the whole destination
 * ("eu-arms-embargo", "un-arms-embargo", "eu-monitoring-ban",
 * "eu-dual-use-ban"), "<authority>-political-embargo" for an arms embargo
 * by political declaration. A measure that covers only some end users or
 * items ("partial") is not filled in: whether it covers this deal needs a
 * person to read its note.
 *
 * A measure the data records from background knowledge only (confidence K)
 * is not filled in as established: it goes to the unconfirmed measures
 * question, where it puts the deal on hold until someone checks the act
 * (questionnaires/METHOD.md). */
static gboolean
measure_unconfirmed (PbCountryFact *measure)
{
  return g_strcmp0 (pb_country_fact_get_confidence (measure), "K") == 0;
}

static char *
measure_code (PbCountryFact *measure)
{
  const char *kind = pb_country_fact_get_kind (measure);
  const char *authority = pb_country_fact_get_authority (measure);
  const char *form = pb_country_fact_get_form (measure);
  const char *scope = pb_country_fact_get_scope (measure);

  if (kind == NULL || authority == NULL || g_strcmp0 (scope, "partial") == 0)
    return NULL;

  if (g_strcmp0 (form, "political") == 0)
    return strcmp (kind, "arms-embargo") == 0 ? g_strdup_printf ("%s-political-embargo", authority) : NULL;

  return g_strdup_printf ("%s-%s", authority, kind);
}

/* Whether @measure belongs in @question: the confirmed ones in a
 * "measures" question, the unconfirmed ones in an "unconfirmed-measures" one. */
static gboolean
measure_belongs (PbQuestion    *question,
                 PbCountryFact *measure)
{
  return measure_unconfirmed (measure) == (question->prefill == PB_PREFILL_UNCONFIRMED_MEASURES);
}

static PbAnswer *
measures_answer (PbQuestion *question,
                 PbCountry  *country)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  guint n = pb_country_get_n_measures (country);

  for (guint i = 0; i < n; i++)
    {
      PbCountryFact *measure = pb_country_get_measure (country, i);
      g_autofree char *code = measure_belongs (question, measure) ? measure_code (measure) : NULL;

      if (code != NULL && pb_question_lookup_choice (question, code) != NULL &&
          !g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        g_ptr_array_add (codes, g_steal_pointer (&code));
    }

  if (codes->len == 0)
    g_ptr_array_add (codes, g_strdup ("none"));
  g_ptr_array_add (codes, NULL);

  return pb_answer_new_codes ((const char * const *) codes->pdata);
}

/**
 * pb_prefill_reference_answer:
 * @question: a prefilled question
 * @countries: the reference data
 * @country_answer: (nullable): the answer to the question's prefill-from
 *   country question
 *
 * What the reference data says the answer is: the Freedom House status of
 * the country as the data records it ("not-rated" only where the data says
 * Freedom House does not rate it), or the set of measures. A rating the
 * data does not record is no answer: the seller answers.
 *
 * Returns: (transfer full) (nullable): the answer, or %NULL when the data
 *   has nothing to say (no country answered, a country it does not record,
 *   a status that is not a choice of the question)
 */
PbAnswer *
pb_prefill_reference_answer (PbQuestion     *question,
                             PbCountries    *countries,
                             const PbAnswer *country_answer)
{
  PbCountry *country;
  const char *status = NULL;

  g_return_val_if_fail (question != NULL, NULL);

  if (countries == NULL || country_answer == NULL ||
      pb_answer_get_kind (country_answer) != PB_ANSWER_STRING)
    return NULL;

  country = pb_countries_lookup (countries, pb_answer_get_string (country_answer));
  if (country == NULL)
    return NULL;

  switch (question->prefill)
    {
    case PB_PREFILL_FIW_STATUS:
      status = pb_country_get_fiw_status (country);
      break;

    case PB_PREFILL_FOTN_STATUS:
      /* Freedom on the Net rates some 70 countries and the data does
       * not record all of them: a missing rating is not "not-rated",
       * and the question is left for the seller. */
      status = pb_country_get_fotn_status (country);
      break;

    case PB_PREFILL_MEASURES:
    case PB_PREFILL_UNCONFIRMED_MEASURES:
      return measures_answer (question, country);

    case PB_PREFILL_NONE:
    default:
      return NULL;
    }

  if (status == NULL || pb_question_lookup_choice (question, status) == NULL)
    return NULL;

  return pb_answer_new_string (status);
}

static guint
choice_index (PbQuestion *question,
              const char *code)
{
  for (guint i = 0; i < question->choices->len; i++)
    if (strcmp (((PbChoice *) g_ptr_array_index (question->choices, i))->code, code) == 0)
      return i;

  return 0;
}

/* The union of two code sets; "none" only when nothing else is in it. */
static PbAnswer *
union_codes (const PbAnswer *a,
             const PbAnswer *b)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  const PbAnswer *sets[] = { a, b };

  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      const char * const *set = pb_answer_get_codes (sets[s]);

      for (guint i = 0; set[i] != NULL; i++)
        if (strcmp (set[i], "none") != 0 &&
            !g_ptr_array_find_with_equal_func (codes, set[i], g_str_equal, NULL))
          g_ptr_array_add (codes, (gpointer) set[i]);
    }

  if (codes->len == 0)
    g_ptr_array_add (codes, (gpointer) "none");
  g_ptr_array_add (codes, NULL);

  return pb_answer_new_codes ((const char * const *) codes->pdata);
}

/**
 * pb_prefill_measure_references:
 * @question: a prefilled measures question
 * @countries: (nullable): the reference data
 * @country_answer: (nullable): the answer to its country question
 * @code: a choice code such as "eu-monitoring-ban"
 *
 * Returns: (transfer full) (element-type utf8): the references, maybe none
 */
GPtrArray *
pb_prefill_measure_references (PbQuestion     *question,
                               PbCountries    *countries,
                               const PbAnswer *country_answer,
                               const char     *code)
{
  GPtrArray *refs = g_ptr_array_new_with_free_func (g_free);
  PbCountry *country;

  g_return_val_if_fail (question != NULL, refs);
  g_return_val_if_fail (code != NULL, refs);

  if ((question->prefill != PB_PREFILL_MEASURES && question->prefill != PB_PREFILL_UNCONFIRMED_MEASURES) ||
      countries == NULL || country_answer == NULL ||
      pb_answer_get_kind (country_answer) != PB_ANSWER_STRING ||
      (country = pb_countries_lookup (countries, pb_answer_get_string (country_answer))) == NULL)
    return refs;

  for (guint i = 0; i < pb_country_get_n_measures (country); i++)
    {
      PbCountryFact *measure = pb_country_get_measure (country, i);
      g_autofree char *its_code = measure_code (measure);
      const char *reference = pb_country_fact_get_reference (measure);

      if (reference != NULL && measure_belongs (question, measure) && g_strcmp0 (its_code, code) == 0)
        g_ptr_array_add (refs, g_strdup (reference));
    }

  return refs;
}

/**
 * pb_prefill_effective_answer:
 * @question: a prefilled question
 * @reference: (nullable): what the reference data says
 * @answer: (nullable): what the person answered
 * @overridden: (out): whether @answer differs from @reference
 *
 * The answer the rating counts. Without a reference it is @answer; without
 * an answer, @reference. An answer that differs is an override, and counts
 * only where it reports more risk: for a single choice the later of the two
 * choices (the choices of a prefilled question go from the least to the
 * most concern), for a set of measures the union, so that a measure the data
 * records is never removed by changing the answer. Unconfirmed measures are
 * the exception: the data itself says they need checking, so the answer of
 * whoever checked them counts, and the override is still flagged for review.
 *
 * Returns: (transfer full) (nullable): the answer that counts
 */
PbAnswer *
pb_prefill_effective_answer (PbQuestion     *question,
                             const PbAnswer *reference,
                             const PbAnswer *answer,
                             gboolean       *overridden)
{
  g_return_val_if_fail (question != NULL, NULL);
  g_return_val_if_fail (overridden != NULL, NULL);

  *overridden = FALSE;

  if (reference == NULL)
    return answer != NULL ? pb_answer_ref ((PbAnswer *) answer) : NULL;

  if (answer == NULL || pb_answer_equal (answer, reference))
    return pb_answer_ref ((PbAnswer *) reference);

  *overridden = TRUE;

  if (pb_answer_is_unknown (answer) || pb_answer_get_kind (answer) != pb_answer_get_kind (reference))
    return pb_answer_ref ((PbAnswer *) reference);

  if (question->prefill == PB_PREFILL_UNCONFIRMED_MEASURES)
    return pb_answer_ref ((PbAnswer *) answer);

  if (pb_answer_get_kind (answer) == PB_ANSWER_CODES)
    return union_codes (reference, answer);

  if (choice_index (question, pb_answer_get_string (answer)) >
      choice_index (question, pb_answer_get_string (reference)))
    return pb_answer_ref ((PbAnswer *) answer);

  return pb_answer_ref ((PbAnswer *) reference);
}
