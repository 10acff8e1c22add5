/* pb-citation.c: legal citations as each language writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A citation is "ACT, PART, PART…": "Regulation (EU) 2024/1689, Art.
 * 5(1)(h)", "Regulation (EU) 2021/821, Annex I, 5A001.f". When ACT is an
 * EU act or the UN Guiding Principles, the act and the parts this file
 * knows are written again from translated patterns (msgctxt "citation"),
 * which keep every number as it is; a part it does not know (a list entry
 * such as 5A001.f) is kept as it is. In English the patterns give back the
 * citation unchanged. Any other citation is returned as it is.
 */

#include "config.h"

#include <string.h>

#include "pb-citation.h"
#include "pb-i18n.h"

typedef enum
{
  ACT_REGULATION,
  ACT_DIRECTIVE,
  ACT_COUNCIL_REGULATION_EU,
  ACT_COUNCIL_REGULATION_EC,
  ACT_COMMISSION_RECOMMENDATION,
  ACT_COMMON_POSITION,
  ACT_TFEU,
  ACT_UNGP,
  ACT_UNGP_POINT,
  N_ACTS
} ActKind;

/* The act, with its designation in the first (and second) group. */
static const char * const act_patterns[N_ACTS] = {
  [ACT_REGULATION] = "^Regulation \\(EU\\) (\\d{4}/\\d+)$",
  [ACT_DIRECTIVE] = "^Directive \\(EU\\) (\\d{4}/\\d+)$",
  [ACT_COUNCIL_REGULATION_EU] = "^Council Regulation \\(EU\\) No (\\d+/\\d{4})$",
  [ACT_COUNCIL_REGULATION_EC] = "^Council Regulation \\(EC\\) No (\\d+/\\d{4})$",
  [ACT_COMMISSION_RECOMMENDATION] = "^Commission Recommendation \\(EU\\) (\\d{4}/\\d+)$",
  [ACT_COMMON_POSITION] = "^Council Common Position (\\d{4}/\\d+)/CFSP$",
  [ACT_TFEU] = "^Treaty on the Functioning of the European Union$",
  [ACT_UNGP] = "^UNGP (\\d+)$",
  [ACT_UNGP_POINT] = "^UNGP (\\d+)\\(([a-z])\\)$",
};

static const char *
act_format (ActKind kind)
{
  switch (kind)
    {
    /* Translators: the citation of an EU regulation, %s its number
     * (2021/821), as the Official Journal in your language cites it */
    case ACT_REGULATION: return C_("citation", "Regulation (EU) %s");
    /* Translators: %s is the number of an EU directive (2024/1760) */
    case ACT_DIRECTIVE: return C_("citation", "Directive (EU) %s");
    /* Translators: %s is the number of a Council regulation (833/2014) */
    case ACT_COUNCIL_REGULATION_EU: return C_("citation", "Council Regulation (EU) No %s");
    /* Translators: %s is the number of a Council regulation of the European
     * Community (428/2009) */
    case ACT_COUNCIL_REGULATION_EC: return C_("citation", "Council Regulation (EC) No %s");
    /* Translators: %s is the number of a Commission recommendation (2024/2659) */
    case ACT_COMMISSION_RECOMMENDATION: return C_("citation", "Commission Recommendation (EU) %s");
    /* Translators: %s is the number of a common position (2008/944); CFSP is
     * the common foreign and security policy, abbreviated as in your
     * language's Official Journal (PESC, GASP…) */
    case ACT_COMMON_POSITION: return C_("citation", "Council Common Position %s/CFSP");
    case ACT_TFEU: return C_("citation", "Treaty on the Functioning of the European Union");
    /* Translators: a principle of the UN Guiding Principles on Business
     * and Human Rights, %s its number; keep UNGP where your language uses
     * the English abbreviation */
    case ACT_UNGP: return C_("citation", "UNGP %s");
    /* Translators: a point of a principle of the UN Guiding Principles: its
     * number, then the letter of the point */
    case ACT_UNGP_POINT: return C_("citation", "UNGP %s(%s)");
    case N_ACTS:
    default:
      g_assert_not_reached ();
    }
}

/* The articles whose numbered subdivisions are points (definitions), not
 * paragraphs: "Art. 2(20)" is point 20 of Article 2 of Regulation 2021/821. */
static const struct { ActKind kind; const char *act; const char *article; } definitions[] = {
  { ACT_REGULATION, "2021/821", "2" },
  { ACT_REGULATION, "2024/1689", "3" },
  { ACT_REGULATION, "2020/1998", "2" },
  { ACT_DIRECTIVE, "2024/1760", "3" },
  { ACT_COUNCIL_REGULATION_EC, "428/2009", "2" },
};

static gboolean
is_definitions (ActKind     kind,
                const char *act,
                const char *article)
{
  for (guint i = 0; i < G_N_ELEMENTS (definitions); i++)
    if (definitions[i].kind == kind && strcmp (definitions[i].act, act) == 0 &&
        strcmp (definitions[i].article, article) == 0)
      return TRUE;

  return FALSE;
}

static GRegex *
get_regex (guint       slot,
           const char *pattern)
{
  static GRegex *regexes[N_ACTS + 4];

  g_assert (slot < G_N_ELEMENTS (regexes));

  if (g_once_init_enter (&regexes[slot]))
    g_once_init_leave (&regexes[slot], g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL));

  return regexes[slot];
}

#define PART_ARTICLE N_ACTS
#define PART_ANNEX   (N_ACTS + 1)
#define PART_POINT   (N_ACTS + 2)
#define PART_SECTION (N_ACTS + 3)

/* The match's group @n, or NULL when it did not take part. */
static char *
group (GMatchInfo *match,
       int         n)
{
  char *text = g_match_info_fetch (match, n);

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

G_GNUC_PRINTF (1, 2) static char *
format_part (const char *format,
             ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  return text;
}

/* One part after the act, or NULL when it is not one this file knows. */
static char *
format_part_of (ActKind     kind,
                const char *act,
                const char *part)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (get_regex (PART_ARTICLE, "^Art\\. (\\d+[a-z]?)(?:\\((\\d+)\\))?(?:\\(([a-z])\\))?$"),
                     part, 0, &match))
    {
      g_autofree char *article = group (match, 1);
      g_autofree char *paragraph = group (match, 2);
      g_autofree char *point = group (match, 3);

      if (paragraph == NULL && point == NULL)
        /* Translators: an article of an act, %s its number */
        return format_part (C_("citation", "Art. %s"), article);
      if (paragraph == NULL)
        return NULL;
      if (is_definitions (kind, act, article))
        /* Translators: a numbered point of a definitions article (Art.
         * 2(20) of Regulation 2021/821 is point 20 of Article 2): the
         * article, then the point */
        return point == NULL ? format_part (C_("citation, definition", "Art. %s(%s)"), article, paragraph) : NULL;
      if (point == NULL)
        /* Translators: a paragraph of an article: the article, then the paragraph */
        return format_part (C_("citation", "Art. %s(%s)"), article, paragraph);
      /* Translators: a point of a paragraph of an article: the article, the
       * paragraph, then the letter of the point */
      return format_part (C_("citation", "Art. %s(%s)(%s)"), article, paragraph, point);
    }
  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (get_regex (PART_ANNEX, "^Annex(?: ([IVXLC]+))?$"), part, 0, &match))
    {
      g_autofree char *number = group (match, 1);

      /* Translators: an annex of an act, %s its number (I, III) */
      return number != NULL ? format_part (C_("citation", "Annex %s"), number)
                            /* Translators: the only annex of an act */
                            : g_strdup (C_("citation", "Annex"));
    }
  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (get_regex (PART_POINT, "^point (\\d+)(?:\\(([a-z])\\))?$"), part, 0, &match))
    {
      g_autofree char *number = group (match, 1);
      g_autofree char *letter = group (match, 2);

      /* Translators: a numbered point of an annex, %s its number */
      return letter == NULL ? format_part (C_("citation", "point %s"), number)
                            /* Translators: a lettered point of a numbered point of an annex */
                            : format_part (C_("citation", "point %s(%s)"), number, letter);
    }
  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (get_regex (PART_SECTION, "^section (\\d+(?:\\.\\d+)*)$"), part, 0, &match))
    {
      g_autofree char *number = group (match, 1);

      /* Translators: a numbered section of an annex, %s its number (1.2.6) */
      return format_part (C_("citation", "section %s"), number);
    }

  return NULL;
}

/* The act, its kind and its designation, or NULL when it is not an act
 * this file knows. */
static char *
format_act (const char *text,
            ActKind    *kind,
            char      **designation)
{
  for (guint i = 0; i < N_ACTS; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *number = NULL;
      g_autofree char *letter = NULL;

      if (!g_regex_match (get_regex (i, act_patterns[i]), text, 0, &match))
        continue;

      *kind = i;
      number = group (match, 1);
      letter = group (match, 2);
      *designation = g_strdup (number != NULL ? number : "");

      /* act_format() returns C_() strings, whose translations msgfmt
       * --check holds to the same conversions. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      if (number == NULL)
        return g_strdup (act_format (i));
      if (letter == NULL)
        return format_part (act_format (i), number);
      return format_part (act_format (i), number, letter);
#pragma GCC diagnostic pop
    }

  return NULL;
}

/* " (assimilated law in the United Kingdom)": an EU act as it stands in
 * UK law after its withdrawal. */
#define ASSIMILATED " (assimilated law in the United Kingdom)"

char *
pb_citation_format (const char *citation)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *act_text = NULL;
  g_autofree char *designation = NULL;
  g_autoptr(GString) text = NULL;
  gboolean assimilated;
  ActKind kind;
  char *act;

  g_return_val_if_fail (citation != NULL, NULL);

  parts = g_strsplit (citation, ", ", -1);
  act_text = g_strdup (parts[0]);
  assimilated = g_str_has_suffix (act_text, ASSIMILATED);
  if (assimilated)
    act_text[strlen (act_text) - strlen (ASSIMILATED)] = '\0';

  if (!(act = format_act (act_text, &kind, &designation)))
    return g_strdup (citation);

  text = g_string_new (act);
  g_free (act);
  if (assimilated)
    /* Translators: after the citation of an EU act, which still applies in
     * the United Kingdom as assimilated law */
    g_string_append_printf (text, " %s", C_("citation", "(assimilated law in the United Kingdom)"));

  for (guint i = 1; parts[i] != NULL; i++)
    {
      g_autofree char *part = format_part_of (kind, designation, parts[i]);

      g_string_append_printf (text, ", %s", part != NULL ? part : parts[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char **
pb_citation_format_all (const char * const *citations)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; citations != NULL && citations[i] != NULL; i++)
    {
      g_autofree char *text = pb_citation_format (citations[i]);

      g_strv_builder_add (builder, text);
    }

  return g_strv_builder_end (builder);
}
