/* pb-screening-hit.c: a listed entry found for a party, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"

#include "pb-screening-hit.h"

G_DEFINE_BOXED_TYPE (PbScreeningHit, pb_screening_hit, pb_screening_hit_ref, pb_screening_hit_unref)

PbScreeningHit *
pb_screening_hit_new (void)
{
  PbScreeningHit *self = g_new0 (PbScreeningHit, 1);

  g_atomic_ref_count_init (&self->ref_count);

  return self;
}

PbScreeningHit *
pb_screening_hit_ref (PbScreeningHit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
pb_screening_hit_unref (PbScreeningHit *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_object (&self->edition);
  g_free (self->listed_name);
  g_strfreev (self->query_tokens);
  g_strfreev (self->listed_tokens);
  g_free (self->country);
  g_free (self->identifier);
  g_free (self);
}

static char *
join_span (GStrv tokens,
           guint first,
           guint length)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = tokens != NULL ? g_strv_length (tokens) : 0;

  for (guint i = first; i < first + length && i < n; i++)
    g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", tokens[i]);

  return g_strdup (out->str);
}

char *
pb_screening_hit_get_query_span (PbScreeningHit     *self,
                                 const PbTokenMatch *match)
{
  return join_span (self->query_tokens, match->query_first, match->query_length);
}

char *
pb_screening_hit_get_listed_span (PbScreeningHit     *self,
                                  const PbTokenMatch *match)
{
  return join_span (self->listed_tokens, match->listed_first, match->listed_length);
}

const char *
pb_token_match_kind_to_string (PbTokenMatchKind kind)
{
  switch (kind)
    {
    case PB_TOKEN_MATCH_EXACT:
      return "exact";
    case PB_TOKEN_MATCH_PHONETIC:
      return "phonetic";
    case PB_TOKEN_MATCH_FUZZY:
      return "fuzzy";
    case PB_TOKEN_MATCH_INITIAL:
      return "initial";
    case PB_TOKEN_MATCH_ACRONYM:
      return "acronym";
    case PB_TOKEN_MATCH_ABBREVIATION:
      return "abbreviation";
    default:
      return "unknown";
    }
}

static const char *
describe_kind (PbTokenMatchKind kind)
{
  switch (kind)
    {
    case PB_TOKEN_MATCH_EXACT:
      return _("the same");
    case PB_TOKEN_MATCH_PHONETIC:
      return _("sounds the same (another romanisation)");
    case PB_TOKEN_MATCH_FUZZY:
      return _("spelt alike");
    case PB_TOKEN_MATCH_INITIAL:
      return _("an initial");
    case PB_TOKEN_MATCH_ACRONYM:
      return _("an acronym of the listed name");
    case PB_TOKEN_MATCH_ABBREVIATION:
      return _("an abbreviation");
    default:
      return "";
    }
}

char *
pb_screening_hit_explain (PbScreeningHit *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *query = NULL;
  g_autofree char *listed = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  query = g_strjoinv (" ", self->query_tokens);
  listed = g_strjoinv (" ", self->listed_tokens);

  /* Translators: a name as listed, its kind ("primary name", "alias"), then its match form */
  g_string_append_printf (out, _("Matched the listed name “%s” (%s), compared as “%s”, with “%s”."),
                          self->listed_name, pb_list_name_kind_get_label (self->listed_name_kind),
                          listed, query);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->detail.n_matches; i++)
    {
      const PbTokenMatch *match = &self->detail.matches[i];
      g_autofree char *q = pb_screening_hit_get_query_span (self, match);
      g_autofree char *l = pb_screening_hit_get_listed_span (self, match);

      /* Translators: two names or words, how they compare, then a similarity such as 0.93 */
      g_string_append_printf (out, _("“%s” ~ “%s”: %s, %.2f"), q, l, describe_kind (match->kind),
                              match->similarity);
      g_string_append_c (out, '\n');
    }

  /* Translators: two percentages */
  g_string_append_printf (out, _("Found %.0f%% of the party’s name and %.0f%% of the listed name: "
                                 "name score %.2f."),
                          100 * self->detail.query_coverage, 100 * self->detail.listed_coverage,
                          self->name_score);

  if (self->country_adjustment > 0)
    {
      g_string_append_c (out, '\n');
      /* Translators: a country code, then a number such as 0.03 */
      g_string_append_printf (out, _("The entry is linked to %s, the party’s country: +%.2f."),
                              self->country, self->country_adjustment);
    }
  else if (self->country_adjustment < 0)
    {
      g_string_append_c (out, '\n');
      /* Translators: a country code, then a number such as 0.05 */
      g_string_append_printf (out, _("The entry is not linked to %s, the party’s country: −%.2f."),
                              self->country, -self->country_adjustment);
    }

  if (self->identifier != NULL)
    {
      g_string_append_c (out, '\n');
      /* Translators: an identifier such as a passport or registration number */
      g_string_append_printf (out, _("The entry lists the party’s identifier %s."), self->identifier);
    }

  return g_strdup (out->str);
}
