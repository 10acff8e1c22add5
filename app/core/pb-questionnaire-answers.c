/* pb-questionnaire-answers.c: checking, parsing and formatting an answer
 * to a question
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <math.h>
#include <string.h>

#include "pb-countries.h"
#include "pb-date.h"
#include "pb-questionnaire-private.h"

static char *
describe_codes (PbQuestion *question)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < question->choices->len; i++)
    {
      PbChoice *choice = g_ptr_array_index (question->choices, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, choice->code);
    }

  return g_string_free (out, FALSE);
}

gboolean
pb_question_check_answer (PbQuestion      *question,
                          const PbAnswer  *answer,
                          GError         **error)
{
  PbAnswerKind kind;
  g_autofree char *value = NULL;
  const char *string;

  g_return_val_if_fail (question != NULL, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = pb_answer_get_kind (answer);
  string = pb_answer_get_string (answer);
  value = pb_answer_to_json (answer);

  if (kind == PB_ANSWER_UNKNOWN)
    {
      if (question->allow_unknown)
        return TRUE;

      /* Translators: a question id */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                   _("question %s: \"unknown\" is not an accepted answer"), question->id);
      return FALSE;
    }

  switch (question->type)
    {
    case PB_QUESTION_YES_NO:
    case PB_QUESTION_YES_NO_UNKNOWN:
      if (kind == PB_ANSWER_STRING && (strcmp (string, "yes") == 0 || strcmp (string, "no") == 0))
        return TRUE;

      /* Translators: a question id, then the answer as JSON */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                   question->allow_unknown
                   ? _("question %s: %s is not an answer to a yes/no question (expected \"yes\", \"no\" or \"unknown\")")
                   : _("question %s: %s is not an answer to a yes/no question (expected \"yes\" or \"no\")"),
                   question->id, value);
      return FALSE;

    case PB_QUESTION_SINGLE:
      if (kind == PB_ANSWER_STRING && pb_question_lookup_choice (question, string) != NULL)
        return TRUE;

      {
        g_autofree char *codes = describe_codes (question);

        if (kind == PB_ANSWER_STRING)
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("question %s: %s is not one of its choices (%s)"),
                       question->id, value, codes);
        else
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("question %s: %s is not a single choice code (expected one of %s)"),
                       question->id, value, codes);
      }
      return FALSE;

    case PB_QUESTION_MULTIPLE:
      if (kind != PB_ANSWER_CODES)
        {
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("question %s: %s is not a list of choice codes"),
                       question->id, value);
          return FALSE;
        }

      {
        const char * const *codes = pb_answer_get_codes (answer);

        for (guint i = 0; codes[i] != NULL; i++)
          {
            if (pb_question_lookup_choice (question, codes[i]) == NULL)
              {
                g_autofree char *known = describe_codes (question);

                g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                             _("question %s: \"%s\" is not one of its choices (%s)"),
                             question->id, codes[i], known);
                return FALSE;
              }
          }
      }
      return TRUE;

    case PB_QUESTION_TEXT:
    case PB_QUESTION_LONG_TEXT:
      if (kind == PB_ANSWER_STRING && *string != '\0')
        return TRUE;

      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                   kind == PB_ANSWER_STRING
                   ? _("question %s: %s: an empty text is not an answer")
                   : _("question %s: %s is not a text"),
                   question->id, value);
      return FALSE;

    case PB_QUESTION_NUMBER:
      if (kind != PB_ANSWER_NUMBER)
        {
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("question %s: %s is not a number"), question->id, value);
          return FALSE;
        }

      if ((question->has_min && pb_answer_get_number (answer) < question->min) ||
          (question->has_max && pb_answer_get_number (answer) > question->max))
        {
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                       _("question %s: %s is out of range (%g to %g)"),
                       question->id, value,
                       question->has_min ? question->min : -G_MAXDOUBLE,
                       question->has_max ? question->max : G_MAXDOUBLE);
          return FALSE;
        }
      return TRUE;

    case PB_QUESTION_DATE:
      if (kind == PB_ANSWER_STRING && pb_date_is_valid (string))
        return TRUE;

      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                   _("question %s: %s is not a valid date (expected YYYY-MM-DD)"),
                   question->id, value);
      return FALSE;

    case PB_QUESTION_COUNTRY:
      if (kind == PB_ANSWER_STRING && strlen (string) == 2 &&
          g_ascii_isupper (string[0]) && g_ascii_isupper (string[1]))
        {
          const char *alias_of = pb_country_code_get_alias_of (string);

          if (pb_country_code_is_assigned (string))
            return TRUE;

          /* Two capital letters are not yet a country: "UK" would pass
           * for the United Kingdom and switch off every rule reading "GB". */
          if (alias_of != NULL)
            g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                         /* Translators: a question id, a reserved code, the assigned code */
                         _("question %s: %s is not an ISO 3166-1 country code; use %s"),
                         question->id, string, alias_of);
          else
            g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                         /* Translators: a question id, then a code */
                         _("question %s: %s is not an assigned ISO 3166-1 country code"),
                         question->id, string);
          return FALSE;
        }

      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                   _("question %s: %s is not a country code (expected ISO 3166-1 alpha-2, such as \"CN\")"),
                   question->id, value);
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

PbAnswer *
pb_question_parse_answer (PbQuestion  *question,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(PbAnswer) answer = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (question != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stripped = g_strstrip (g_strdup (text));

  if (g_ascii_strcasecmp (stripped, "unknown") == 0)
    answer = pb_answer_new_unknown ();
  else
    {
      switch (question->type)
        {
        case PB_QUESTION_YES_NO:
        case PB_QUESTION_YES_NO_UNKNOWN:
          {
            g_autofree char *lower = g_ascii_strdown (stripped, -1);

            answer = pb_answer_new_string (lower);
          }
          break;

        case PB_QUESTION_MULTIPLE:
          {
            g_auto(GStrv) codes = g_strsplit (stripped, ",", -1);

            for (guint i = 0; codes[i] != NULL; i++)
              g_strstrip (codes[i]);

            /* "" is the empty selection */
            if (codes[0] != NULL && codes[0][0] == '\0' && codes[1] == NULL)
              g_clear_pointer (&codes[0], g_free);

            answer = pb_answer_new_codes ((const char * const *) codes);
          }
          break;

        case PB_QUESTION_NUMBER:
          {
            char *end = NULL;
            double number = g_ascii_strtod (stripped, &end);

            if (*stripped == '\0' || *end != '\0' || !isfinite (number))
              {
                g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_ANSWER,
                             _("question %s: “%s” is not a number"), question->id, text);
                return NULL;
              }

            answer = pb_answer_new_number (number);
          }
          break;

        case PB_QUESTION_COUNTRY:
          {
            g_autofree char *upper = g_ascii_strup (stripped, -1);

            answer = pb_answer_new_string (upper);
          }
          break;

        case PB_QUESTION_TEXT:
        case PB_QUESTION_LONG_TEXT:
          answer = pb_answer_new_string (text);
          break;

        case PB_QUESTION_SINGLE:
        case PB_QUESTION_DATE:
        default:
          answer = pb_answer_new_string (stripped);
          break;
        }
    }

  if (!pb_question_check_answer (question, answer, error))
    return NULL;

  return g_steal_pointer (&answer);
}

char *
pb_question_format_answer (PbQuestion     *question,
                           const PbAnswer *answer)
{
  g_return_val_if_fail (question != NULL, NULL);
  g_return_val_if_fail (answer != NULL, NULL);

  switch (pb_answer_get_kind (answer))
    {
    case PB_ANSWER_UNKNOWN:
      return g_strdup (_("Unknown"));

    case PB_ANSWER_NUMBER:
      return pb_answer_to_json (answer);

    case PB_ANSWER_CODES:
      {
        const char * const *codes = pb_answer_get_codes (answer);
        GString *out = g_string_new (NULL);

        if (codes[0] == NULL)
          return g_strdup (_("None"));

        for (guint i = 0; codes[i] != NULL; i++)
          {
            PbChoice *choice = pb_question_lookup_choice (question, codes[i]);

            if (i > 0)
              g_string_append (out, ", ");
            g_string_append (out, choice != NULL ? pb_choice_get_label (choice) : codes[i]);
          }

        return g_string_free (out, FALSE);
      }

    case PB_ANSWER_STRING:
    default:
      {
        const char *string = pb_answer_get_string (answer);
        PbChoice *choice;

        if (question->type == PB_QUESTION_YES_NO || question->type == PB_QUESTION_YES_NO_UNKNOWN)
          {
            if (strcmp (string, "yes") == 0)
              return g_strdup (_("Yes"));
            if (strcmp (string, "no") == 0)
              return g_strdup (_("No"));
          }

        if (question->type == PB_QUESTION_SINGLE &&
            (choice = pb_question_lookup_choice (question, string)) != NULL)
          return g_strdup (pb_choice_get_label (choice));

        if (question->type == PB_QUESTION_COUNTRY)
          {
            g_autoptr(PbCountries) countries = pb_countries_load_default (NULL);
            PbCountry *country = countries != NULL ? pb_countries_lookup (countries, string) : NULL;

            /* Translators: a country name, then its ISO code: "China (CN)" */
            if (country != NULL)
              return g_strdup_printf (_("%s (%s)"), pb_country_get_name (country), string);
          }

        return g_strdup (string);
      }
    }
}
