/* pb-report-summary.c: the first page a reviewer reads, and the assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include "pb-data.h"
#include "pb-report-writer-private.h"

#define MAX_SUMMARY_FLAGS      6
#define MAX_SUMMARY_CONDITIONS 5

/* "Ingrid Larsson (Legal reviewer, Nordvik AB), 2026-12-02 09:14 UTC" */
static char *
format_participant (const PbReportParticipant *participant)
{
  g_autofree char *date = _pb_report_format_date (participant->date);
  g_autofree char *who = NULL;

  if (participant->role != NULL && participant->organisation != NULL)
    /* Translators: a person's name, their role and their organisation */
    who = g_strdup_printf (_("%s (%s, %s)"), participant->name, participant->role, participant->organisation);
  else if (participant->role != NULL || participant->organisation != NULL)
    /* Translators: a person's name and their role or organisation */
    who = g_strdup_printf (_("%s (%s)"), participant->name,
                           participant->role ? participant->role : participant->organisation);
  else
    who = g_strdup (participant->name);

  if (date == NULL)
    return g_steal_pointer (&who);

  /* Translators: who did something, then when */
  return g_strdup_printf (_("%s, %s"), who, date);
}

/* The decision in force and who took part, in words: the cover and the
 * sign-off section say the same. */
void
_pb_report_put_decision (PbReportWriter *w)
{
  const PbReportDecision *decision = pb_report_data_get_decision (w->data);
  GPtrArray *participants = pb_report_data_get_participants (w->data);

  if (decision == NULL)
    _pb_report_put_field (w, _("Decision"), _("Not decided yet"));
  else if (decision->pending)
    {
      /* Translators: a decision such as "Approved" */
      g_autofree char *text = g_strdup_printf (_("%s by a first legal reviewer; in force only once a second "
                                                 "legal reviewer approves it too"), decision->decision);

      _pb_report_put_field (w, _("Decision"), text);
    }
  else
    _pb_report_put_field (w, _("Decision"), decision->decision);

  if (decision != NULL && decision->override_rationale != NULL)
    {
      _pb_report_put_field (w, _("Override"), decision->pending
                                                ? _("An approval against the rated outcome above, for the rationale "
                                                    "below; it needs a second legal reviewer’s approval")
                                                : _("Approved against the rated outcome above, for the rationale "
                                                    "below, by two legal reviewers"));
      _pb_report_put_field (w, _("Rationale"), decision->override_rationale);
    }
  if (decision != NULL)
    _pb_report_put_field (w, _("Reason"), decision->reason);
  if (decision != NULL && decision->conditions != NULL && *decision->conditions != '\0')
    _pb_report_put_field (w, _("Conditions"), decision->conditions);

  for (guint i = 0; i < participants->len; i++)
    {
      const PbReportParticipant *participant = g_ptr_array_index (participants, i);
      g_autofree char *text = format_participant (participant);

      _pb_report_put_field (w, participant->what, text);
    }
}

static void
put_decision_band (PbReportWriter *w)
{
  const PbReportDecision *decision = pb_report_data_get_decision (w->data);
  PbReportColor slate = { 0.17, 0.22, 0.29 };
  PbReportColor amber = { 0.72, 0.45, 0.0 };
  PbReportColor grey = { 0.45, 0.47, 0.50 };
  g_autofree char *label = NULL;

  if (decision == NULL)
    {
      _pb_report_put_band (w, &grey, _("Decision"), _("Not decided yet"), 54);
      return;
    }

  if (decision->override_rationale != NULL)
    label = g_strdup (decision->pending ? _("Decision · override of the outcome, awaiting a second approval")
                                        : _("Decision · override of the outcome, approved by two legal reviewers"));
  else
    label = g_strdup (_("Decision"));

  _pb_report_put_band (w, decision->pending ? &amber : &slate, label,
                       decision->pending ? _("Awaiting second approval") : decision->decision, 54);
}

/* The flags that decide the outcome: every hard stop, and every flag at
 * the case's residual level, which is the highest. */
static gboolean
is_deciding (PbReportWriter     *w,
             const PbReportFlag *flag)
{
  return flag->hard_stop || flag->residual_level == pb_report_data_get_residual_level (w->data);
}

/* One deciding flag on the first page: a mark in its level's colour, its
 * rule and title, then its level and the articles it cites. */
static void
put_deciding_flag (PbReportWriter     *w,
                   const PbReportFlag *flag)
{
  PbReportColor color = _pb_report_level_color (w, flag->residual_level);
  g_autofree char *title = g_strdup_printf ("%s  %s", flag->rule_id, flag->title);
  g_autofree char *refs = flag->references != NULL && flag->references[0] != NULL
                          ? g_strjoinv ("; ", flag->references) : NULL;
  g_autofree char *detail = NULL;
  const char *level = pb_severity_get_label (flag->residual_level);

  if (flag->hard_stop && refs != NULL)
    /* Translators: a risk level, then the articles a rule cites */
    detail = g_strdup_printf (_("%s, hard stop · %s"), level, refs);
  else if (flag->hard_stop)
    detail = g_strdup_printf (_("%s, hard stop"), level);
  else if (refs != NULL)
    /* Translators: a risk level, then the articles a rule cites */
    detail = g_strdup_printf (_("%s · %s"), level, refs);
  else
    detail = g_strdup (level);

  _pb_report_ensure_space (w, style_bold.leading + style_small.leading);
  _pb_report_fill_rect (w, &color, MARGIN_LEFT, w->y - style_bold.leading + 2, 5, style_bold.leading - 3);
  _pb_report_put_paragraph (w, &style_bold, 11, title);
  _pb_report_put_paragraph (w, &style_small, 11, detail);
  _pb_report_put_space (w, 3);
}

/* Part "cover": the one page a reviewer reads first. What the case is,
 * the outcome and the decision on it, why, the flags that decide it with
 * the rule and the article each cites, and the conditions. The detail
 * follows in the other parts. */
/* FALSE for a case rated under a questionnaire this Probity does not ship */
static gboolean
ships_questionnaire (PbReportWriter *w)
{
  const char *sha256 = _pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256);

  return sha256 == NULL || pb_data_ships_questionnaire (sha256);
}

static const char *
foreign_questionnaire_text (void)
{
  return _("Not a questionnaire this Probity ships: its rules, hard stops included, may not "
           "be the published ones (its SHA-256 is under Integrity).");
}

/* The country reference data the case was rated with is none this Probity
 * ships or uses, nor data an administrator approved (NULL when it is). */
static const char *
foreign_reference_text (PbReportWriter *w)
{
  if (_pb_report_field (w, PB_REPORT_FIELD_REFERENCE_FOREIGN) == NULL)
    return NULL;

  return _("Country reference data this Probity neither ships nor uses, and that no administrator approved: its "
           "embargoes and country ratings, hard stops included, may not be the published ones (its SHA-256 is "
           "under Integrity).");
}

/* On a team server: the questionnaire's approval was withdrawn (NULL when
 * not). */
static char *
withdrawn_questionnaire_text (PbReportWriter *w)
{
  const char *by = _pb_report_field (w, PB_REPORT_FIELD_WITHDRAWN_BY);

  if (by == NULL)
    return NULL;

  /* Translators: who withdrew the approval of the questionnaire, when, then why */
  return g_strdup_printf (_("The approval of this questionnaire on the team server was withdrawn by %s, %s: “%s”. "
                            "No new case may use it."),
                          by, _pb_report_field (w, PB_REPORT_FIELD_WITHDRAWN) ?: "",
                          _pb_report_field (w, PB_REPORT_FIELD_WITHDRAWN_REASON) ?: "");
}

void
_pb_report_render_cover (PbReportWriter *w)
{
  PbOutcome outcome = pb_report_data_get_outcome (w->data);
  const char *organisation = pb_report_template_get_organisation (w->template);
  const char *logo_path = pb_report_template_get_logo (w->template);
  const char * const *reasons = pb_report_data_get_reasons (w->data);
  const char * const *conditions = pb_report_data_get_conditions (w->data);
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  g_autofree char *subtitle = NULL;
  g_autofree char *withdrawn = withdrawn_questionnaire_text (w);
  PbReportColor band;
  guint n_deciding = 0, n_shown = 0, n_conditions;
  HPDF_Page cover_page;

  _pb_report_new_page (w);
  cover_page = w->page;
  _pb_report_add_outline (w, NULL, _("Summary"));

  if (logo_path != NULL)
    {
      HPDF_Image logo = HPDF_LoadPngImageFromFile (w->pdf, logo_path);

      if (logo != NULL)
        {
          double height = 40;
          double width = height * HPDF_Image_GetWidth (logo) / MAX (1, HPDF_Image_GetHeight (logo));

          width = MIN (width, CONTENT_WIDTH / 2);
          HPDF_Page_DrawImage (w->page, logo, MARGIN_LEFT, w->y - height, width, height);
          w->y -= height + 8;
        }
    }
  if (organisation != NULL)
    _pb_report_put_paragraph (w, &style_bold, 0, organisation);

  _pb_report_put_paragraph (w, &style_h1, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_TITLE));
  _pb_report_put_space (w, 4);
  _pb_report_put_paragraph (w, &style_h2, 0, _pb_report_field (w, PB_REPORT_FIELD_CUSTOMER));
  /* Where the answers say it is deployed; the customer's country when
   * they say nothing of it. */
  /* Translators: the product, then the destination country */
  subtitle = g_strdup_printf (_("%s · %s"), _pb_report_field (w, PB_REPORT_FIELD_PRODUCT) ?: "—",
                              _pb_report_field (w, PB_REPORT_FIELD_DEPLOYMENT_COUNTRY) ?:
                              _pb_report_field (w, PB_REPORT_FIELD_COUNTRY) ?: "—");
  _pb_report_put_paragraph (w, &style_body, 0, subtitle);
  _pb_report_put_space (w, 12);

  /* The outcome in a coloured band, in words too: colour alone says nothing
   * to a reader of a black-and-white copy. The decision follows at once: a
   * reader of the cover must never see DO NOT PROCEED and not learn that it
   * was overridden. */
  pb_report_template_get_outcome_color (w->template, outcome, &band);
  _pb_report_put_band (w, &band, _("Outcome"), _pb_report_outcome_label (w), 64);
  w->y -= 4;
  put_decision_band (w);
  w->y -= 10;
  _pb_report_put_decision (w);
  _pb_report_put_space (w, 8);
  /* The outcome is only as good as the rules: say so where it is read. */
  if (!ships_questionnaire (w))
    {
      _pb_report_put_paragraph (w, &style_bold, 0, foreign_questionnaire_text ());
      _pb_report_put_space (w, 8);
    }
  if (withdrawn != NULL)
    {
      _pb_report_put_paragraph (w, &style_bold, 0, withdrawn);
      _pb_report_put_space (w, 8);
    }
  if (foreign_reference_text (w) != NULL)
    {
      _pb_report_put_paragraph (w, &style_bold, 0, foreign_reference_text (w));
      _pb_report_put_space (w, 8);
    }
  /* The outcome reads the screening's answers. */
  if (_pb_report_field (w, PB_REPORT_FIELD_SCREENING_CONTRADICTED) != NULL)
    {
      _pb_report_put_paragraph (w, &style_bold, 0, _pb_report_field (w, PB_REPORT_FIELD_SCREENING_CONTRADICTED));
      _pb_report_put_space (w, 8);
    }

  _pb_report_put_subheading (w, NULL, _("Why"));
  if (reasons[0] == NULL)
    _pb_report_put_paragraph (w, &style_body, 0, _("No reason was recorded."));
  for (guint i = 0; reasons[i] != NULL; i++)
    _pb_report_put_bullet (w, &style_body, 0, reasons[i]);
  _pb_report_put_space (w, 6);

  for (guint i = 0; i < flags->len; i++)
    if (is_deciding (w, g_ptr_array_index (flags, i)))
      n_deciding++;

  _pb_report_put_subheading (w, NULL, _("Deciding flags"));
  if (n_deciding == 0)
    _pb_report_put_paragraph (w, &style_body, 0, _("The answers raised no risk flag."));
  for (guint i = 0; i < flags->len && n_shown < MAX_SUMMARY_FLAGS; i++)
    {
      PbReportFlag *flag = g_ptr_array_index (flags, i);

      if (!is_deciding (w, flag))
        continue;
      put_deciding_flag (w, flag);
      n_shown++;
    }
  if (n_shown < n_deciding || n_deciding < flags->len)
    {
      g_autofree char *more = NULL;

      if (n_shown < n_deciding)
        /* Translators: how many deciding flags are not on the first page, how
         * many flags in all, then the heading of the part that has them */
        more = g_strdup_printf (_("%u more deciding, %u flags in all: see %s."),
                                n_deciding - n_shown, flags->len, _("Risk flags"));
      else
        /* Translators: how many flags in all (every deciding one is on the
         * first page), then the heading of the part that has them */
        more = g_strdup_printf (pb_dngettext (GETTEXT_PACKAGE, "%u flag in all: see %s.",
                                              "%u flags in all: see %s.", flags->len),
                                flags->len, _("Risk flags"));

      _pb_report_put_paragraph (w, &style_small, 0, more);
    }
  _pb_report_put_space (w, 6);

  n_conditions = g_strv_length ((char **) conditions);
  _pb_report_put_subheading (w, NULL, _("Conditions"));
  if (n_conditions == 0)
    _pb_report_put_paragraph (w, &style_body, 0, _("None."));
  /* As many as fit on the first page (a longer language takes more room) */
  for (n_shown = 0; n_shown < n_conditions && n_shown < MAX_SUMMARY_CONDITIONS; n_shown++)
    {
      if (w->page != cover_page || w->y - 3 * style_body.leading < MARGIN_BOTTOM + style_small.leading)
        break;
      _pb_report_put_bullet (w, &style_body, 0, conditions[n_shown]);
    }
  if (n_conditions > n_shown)
    {
      /* Translators: how many conditions are not on the first page, then
       * the heading of the part that has them all */
      g_autofree char *more = g_strdup_printf (pb_dngettext (GETTEXT_PACKAGE, "%u more condition: see %s.",
                                                             "%u more conditions: see %s.",
                                                             n_conditions - n_shown),
                                               n_conditions - n_shown, _("The assessment"));

      _pb_report_put_paragraph (w, &style_small, 0, more);
    }
}

/* Part "summary": the case as stored, the risk levels, every condition,
 * and how the outcome was reached. */
void
_pb_report_render_summary (PbReportWriter *w)
{
  const char * const *conditions = pb_report_data_get_conditions (w->data);
  g_autofree char *revision = NULL;
  g_autofree char *questionnaire = NULL;
  g_autofree char *assessed = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *withdrawn = withdrawn_questionnaire_text (w);
  double x;

  _pb_report_put_heading (w, _("The assessment"), TRUE);

  revision = g_strdup_printf ("%u", pb_report_data_get_revision (w->data));
  questionnaire = g_strdup_printf ("%s %s", _pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_ID) ?: "",
                                   _pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_VERSION) ?: "");
  assessed = _pb_report_format_date (_pb_report_field (w, PB_REPORT_FIELD_ASSESSED));
  generated = _pb_report_format_date_time (w->generated_at);

  _pb_report_put_field (w, _("Customer"), _pb_report_field (w, PB_REPORT_FIELD_CUSTOMER));
  _pb_report_put_field (w, _("Product"), _pb_report_field (w, PB_REPORT_FIELD_PRODUCT));
  /* The customer's seat is not where the product goes: each under its own
   * name, the deployment as the answers give it (S0.02). */
  _pb_report_put_field (w, _("Customer’s country"), _pb_report_field (w, PB_REPORT_FIELD_COUNTRY));
  if (_pb_report_field (w, PB_REPORT_FIELD_DEPLOYMENT_COUNTRY) != NULL)
    _pb_report_put_field (w, _("Deployment country"), _pb_report_field (w, PB_REPORT_FIELD_DEPLOYMENT_COUNTRY));
  _pb_report_put_field (w, _("Questionnaire"), questionnaire);
  if (_pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_TITLE) != NULL)
    _pb_report_put_field (w, "", _pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_TITLE));
  /* Rules someone else wrote, or changed: the reader is told before the outcome. */
  if (!ships_questionnaire (w))
    _pb_report_put_field_at (w, &style_bold, 0, "", foreign_questionnaire_text ());
  if (withdrawn != NULL)
    _pb_report_put_field_at (w, &style_bold, 0, "", withdrawn);
  if (foreign_reference_text (w) != NULL)
    _pb_report_put_field_at (w, &style_bold, 0, "", foreign_reference_text (w));
  _pb_report_put_field (w, _("Case"), _pb_report_field (w, PB_REPORT_FIELD_CASE_ID));
  _pb_report_put_field (w, _("Revision"), revision);
  _pb_report_put_field (w, _("Assessor"), _pb_report_field (w, PB_REPORT_FIELD_ASSESSOR));
  _pb_report_put_field (w, _("Assessment date"), assessed);
  _pb_report_put_field (w, _("Report generated"), generated);
  _pb_report_put_space (w, 8);
  _pb_report_put_paragraph (w, &style_body, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_INTRO));
  _pb_report_put_space (w, 8);

  _pb_report_put_field (w, _("Outcome"), _pb_report_outcome_label (w));
  _pb_report_put_field (w, _("Inherent risk"), pb_severity_get_label (pb_report_data_get_inherent_level (w->data)));
  _pb_report_put_field (w, _("Residual risk"), pb_severity_get_label (pb_report_data_get_residual_level (w->data)));
  _pb_report_put_space (w, 8);

  _pb_report_put_subheading (w, NULL, _("Flags by residual level"));
  _pb_report_ensure_space (w, 40);
  x = MARGIN_LEFT;
  for (PbSeverity level = PB_SEVERITY_CRITICAL; level >= PB_SEVERITY_LOW; level--)
    {
      PbReportColor color = _pb_report_level_color (w, level);
      g_autofree char *count = g_strdup_printf ("%u", pb_report_data_count_flags (w->data, level));

      _pb_report_fill_rect (w, &color, x, w->y - 34, 112, 34);
      _pb_report_set_gray (w, 0.1);
      _pb_report_draw_text (w, &style_h2, x + 8, w->y - 16, count, -1);
      _pb_report_draw_text (w, &style_small, x + 8, w->y - 28, pb_severity_get_label (level), -1);
      x += 121;
    }
  w->y -= 34 + 12;

  _pb_report_put_subheading (w, NULL, _("Conditions"));
  if (conditions[0] == NULL)
    _pb_report_put_paragraph (w, &style_body, 0, _("None."));
  for (guint i = 0; conditions[i] != NULL; i++)
    _pb_report_put_bullet (w, &style_body, 0, conditions[i]);
  _pb_report_put_space (w, 8);

  _pb_report_put_subheading (w, NULL, _("Method"));
  _pb_report_put_paragraph (w, &style_body, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_METHOD));
  _pb_report_put_space (w, 6);
  _pb_report_put_paragraph (w, &style_small, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_DISCLAIMER));
}
