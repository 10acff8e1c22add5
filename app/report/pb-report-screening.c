/* pb-report-screening.c: the restricted-party screening part
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include "pb-report-writer-private.h"

/* The lists that bind the deal and whether the screening answered each:
 * an answer it did not verify is the assessor's word, said in bold. */
static void
put_binding_lists (PbReportWriter *w)
{
  GPtrArray *lists = pb_report_data_get_binding_lists (w->data);

  if (lists->len == 0)
    return;

  _pb_report_put_subheading (w, NULL, _("Lists that bind this deal"));
  for (guint i = 0; i < lists->len; i++)
    {
      PbReportBindingList *list = g_ptr_array_index (lists, i);

      _pb_report_put_bullet (w, list->verified ? &style_body : &style_bold, 0, list->text);
    }
}

void
_pb_report_render_screening (PbReportWriter *w)
{
  PbReportScreening *screening = pb_report_data_get_screening (w->data);
  g_autofree char *date = NULL;
  g_autofree char *intro = NULL;

  _pb_report_put_heading (w, _("Restricted-party screening"), FALSE);
  if (screening == NULL)
    {
      _pb_report_put_paragraph (w, &style_body, 0,
                                _("The parties of this case were not screened against restricted-party lists in "
                                  "Probity: the answers to the sanctions questions are the assessor’s own."));
      put_binding_lists (w);
      return;
    }

  date = _pb_report_format_date (screening->time);
  /* Translators: a date, then a person */
  intro = g_strdup_printf (_("The parties were screened on %s by %s against these list editions:"),
                           date ? date : "", screening->user ? screening->user : "");
  _pb_report_put_paragraph (w, &style_body, 0, intro);
  _pb_report_put_space (w, 2);
  for (guint i = 0; i < screening->lists->len; i++)
    _pb_report_put_bullet (w, &style_small, 0, g_ptr_array_index (screening->lists, i));
  if (screening->stale)
    {
      _pb_report_put_space (w, 2);
      _pb_report_put_paragraph (w, &style_bold, 0,
                                _("A party was added after this screening and has not been screened."));
    }

  put_binding_lists (w);

  _pb_report_put_subheading (w, NULL, _("Parties screened"));
  for (guint i = 0; i < screening->parties->len; i++)
    _pb_report_put_bullet (w, &style_body, 0, g_ptr_array_index (screening->parties, i));

  if (screening->removed->len > 0)
    {
      _pb_report_put_subheading (w, NULL, _("Parties removed from the case after screening"));
      for (guint i = 0; i < screening->removed->len; i++)
        {
          PbReportRemovedParty *party = g_ptr_array_index (screening->removed, i);
          g_autofree char *removed = _pb_report_format_date (party->removed);
          g_autofree char *text = NULL;

          if (party->reason != NULL)
            /* Translators: a party ("End user: Acme (AE)"), a person, a date, then their reason */
            text = g_strdup_printf (_("%s, removed from the case by %s on %s. Reason: %s"), party->party,
                                    party->removed_by ? party->removed_by : "", removed ? removed : "", party->reason);
          else
            /* Translators: a party ("End user: Acme (AE)"), a person, then a date */
            text = g_strdup_printf (_("%s, removed from the case by %s on %s"), party->party,
                                    party->removed_by ? party->removed_by : "", removed ? removed : "");
          _pb_report_put_bullet (w, &style_bold, 0, text);
        }
    }

  _pb_report_put_subheading (w, NULL, _("Hits and decisions"));
  if (_pb_report_field (w, PB_REPORT_FIELD_SCREENING_CONTRADICTED) != NULL)
    {
      _pb_report_put_paragraph (w, &style_bold, 0, _pb_report_field (w, PB_REPORT_FIELD_SCREENING_CONTRADICTED));
      _pb_report_put_space (w, 4);
    }
  if (screening->hits->len == 0)
    _pb_report_put_paragraph (w, &style_body, 0, _("No listed entry matched any party at the screening threshold."));

  for (guint i = 0; i < screening->hits->len; i++)
    {
      PbReportHit *hit = g_ptr_array_index (screening->hits, i);
      g_autofree char *title = NULL;
      g_autofree char *match = NULL;
      g_autofree char *decided = NULL;
      g_autofree char *decided_at = _pb_report_format_date (hit->decided_at);

      _pb_report_ensure_space (w, 5 * style_body.leading);
      /* Translators: a hit id, then a party */
      title = g_strdup_printf (_("%s  %s"), hit->id, hit->party);
      _pb_report_put_paragraph (w, &style_bold, 0, title);
      /* Translators: the name screened, the listed name, a score, then the list */
      match = g_strdup_printf (_("“%s” matched “%s” (score %.2f) on %s%s%s"), hit->query, hit->listed_name, hit->score,
                               hit->list, hit->reference ? ", " : "", hit->reference ? hit->reference : "");
      _pb_report_put_field (w, _("Match"), match);
      if (hit->question_id != NULL)
        _pb_report_put_field (w, _("Question"), hit->question_id);
      if (hit->legal_basis != NULL)
        _pb_report_put_field (w, _("Legal basis"), hit->legal_basis);
      if (hit->decided_by != NULL)
        /* Translators: Cleared/Confirmed, a person, then a date */
        decided = g_strdup_printf (_("%s by %s on %s"), hit->status, hit->decided_by, decided_at ? decided_at : "");
      _pb_report_put_field (w, _("Decision"), decided != NULL ? decided : hit->status);
      if (hit->adopted_case != NULL)
        {
          g_autofree char *adopted_at = _pb_report_format_date (hit->adopted_at);
          g_autofree char *adopted = NULL;

          /* Translators: a case id, a person, then a date: where a reviewer's decision was taken over from */
          adopted = g_strdup_printf (_("The decision of case %s, taken there by %s on %s"), hit->adopted_case,
                                     hit->adopted_by ? hit->adopted_by : "", adopted_at ? adopted_at : "");
          _pb_report_put_field (w, _("Adopted from"), adopted);
        }
      if (hit->reason != NULL)
        _pb_report_put_field (w, _("Reason"), hit->reason);
      _pb_report_put_space (w, 4);
    }
}
