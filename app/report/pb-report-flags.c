/* pb-report-flags.c: the heat map and the risk flags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include "pb-report-writer-private.h"

static const char *
likelihood_label (guint likelihood)
{
  switch (likelihood)
    {
    case 1: return _("Unlikely");
    case 2: return _("Possible");
    case 3: return _("Likely");
    case 4: return _("Almost certain");
    default: return "";
    }
}

void
_pb_report_render_heat_map (PbReportWriter *w)
{
  const double label_width = 70;
  const double cell_width = (CONTENT_WIDTH - label_width) / 4;
  const double cell_height = 58;
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  double top;

  /* On the page before when the heading, its text and the map fit there */
  _pb_report_ensure_space (w, 24 + style_h1.leading + 3 * style_body.leading + 10 + 4 * cell_height + 50);
  _pb_report_put_heading (w, _("Risk heat map"), FALSE);
  _pb_report_put_paragraph (w, &style_body, 0,
                            _("Each flag is placed by its severity and its likelihood after mitigation. "
                              "The colour of a cell is the risk level of that combination; the number "
                              "in it counts its flags, which are listed below the map."));
  _pb_report_put_space (w, 10);
  _pb_report_ensure_space (w, 4 * cell_height + 50);
  top = w->y;

  for (PbSeverity severity = PB_SEVERITY_CRITICAL; severity >= PB_SEVERITY_LOW; severity--)
    {
      double row_top = top - (PB_SEVERITY_CRITICAL - severity) * cell_height;

      _pb_report_set_gray (w, 0.1);
      _pb_report_draw_text (w, &style_bold, MARGIN_LEFT, row_top - cell_height / 2 - 3,
                            pb_severity_get_label (severity), -1);

      for (guint likelihood = 1; likelihood <= 4; likelihood++)
        {
          PbSeverity level = pb_report_data_get_matrix_level (w->data, severity, likelihood);
          PbReportColor color = _pb_report_level_color (w, level);
          double x = MARGIN_LEFT + label_width + (likelihood - 1) * cell_width;
          guint n = 0;

          _pb_report_fill_rect (w, &color, x, row_top - cell_height, cell_width, cell_height);
          HPDF_Page_SetRGBStroke (w->page, 1, 1, 1);
          HPDF_Page_SetLineWidth (w->page, 2);
          HPDF_Page_Rectangle (w->page, x, row_top - cell_height, cell_width, cell_height);
          HPDF_Page_Stroke (w->page);

          _pb_report_set_gray (w, 0.25);
          _pb_report_draw_text (w, &style_small, x + 5, row_top - cell_height + 5, pb_severity_get_label (level), -1);

          for (guint i = 0; i < flags->len; i++)
            {
              PbReportFlag *flag = g_ptr_array_index (flags, i);

              if (flag->severity == severity && flag->residual_likelihood == likelihood)
                n++;
            }
          if (n > 0)
            {
              g_autofree char *count = g_strdup_printf ("%u", n);

              _pb_report_set_gray (w, 0.1);
              _pb_report_draw_text (w, &style_title,
                                    x + (cell_width - _pb_report_text_width (w, &style_title, count, -1)) / 2,
                                    row_top - cell_height / 2 - 6, count, -1);
            }
        }
    }

  w->y = top - 4 * cell_height - 4;
  _pb_report_set_gray (w, 0.1);
  for (guint likelihood = 1; likelihood <= 4; likelihood++)
    {
      double x = MARGIN_LEFT + label_width + (likelihood - 1) * cell_width;
      g_autofree char *label = g_strdup_printf ("%u · %s", likelihood, likelihood_label (likelihood));

      _pb_report_draw_text (w, &style_small, x + 5, w->y - 10, label, -1);
    }
  /* The axis title goes left of the column labels when the label column
   * has room for it ("Likelihood"), else on a line of its own below them
   * ("Wahrscheinlichkeit" would run into the first column's label). */
  if (_pb_report_text_width (w, &style_small, _("Likelihood"), -1) <= label_width - 8)
    _pb_report_draw_text (w, &style_small, MARGIN_LEFT, w->y - 10, _("Likelihood"), -1);
  else
    {
      _pb_report_draw_text (w, &style_small, MARGIN_LEFT + label_width + 5, w->y - 22, _("Likelihood"), -1);
      w->y -= 12;
    }
  w->y -= 24;
  _pb_report_put_paragraph (w, &style_small, 0,
                            _("Rows: severity of the harm. Columns: likelihood of misuse after mitigation."));
  _pb_report_put_space (w, 10);

  /* The flags of each cell, the most severe cell first, in full words. */
  for (PbSeverity severity = PB_SEVERITY_CRITICAL; severity >= PB_SEVERITY_LOW; severity--)
    for (guint likelihood = 4; likelihood >= 1; likelihood--)
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new ();
        g_autofree char *list = NULL;
        g_autofree char *line = NULL;

        for (guint i = 0; i < flags->len; i++)
          {
            PbReportFlag *flag = g_ptr_array_index (flags, i);

            if (flag->severity == severity && flag->residual_likelihood == likelihood)
              g_ptr_array_add (ids, flag->rule_id);
          }
        if (ids->len == 0)
          continue;

        g_ptr_array_add (ids, NULL);
        list = g_strjoinv (", ", (char **) ids->pdata);
        /* Translators: a heat-map cell (severity, likelihood as a word, its
         * level), then the ids of its flags */
        line = g_strdup_printf (_("%s × %s (%s): %s"), pb_severity_get_label (severity),
                                likelihood_label (likelihood),
                                pb_severity_get_label (pb_report_data_get_matrix_level (w->data, severity,
                                                                                        likelihood)),
                                list);
        _pb_report_put_bullet (w, &style_body, 0, line);
      }
}

static char *
format_rating (const PbReportFlag *flag)
{
  g_autofree char *rating = NULL;

  if (flag->residual_likelihood != flag->likelihood)
    rating = g_strdup_printf (_("Severity %s · likelihood %u (%s), %u after mitigation · level %s"),
                              pb_severity_get_label (flag->severity),
                              flag->likelihood, likelihood_label (flag->likelihood),
                              flag->residual_likelihood,
                              pb_severity_get_label (flag->residual_level));
  else
    rating = g_strdup_printf (_("Severity %s · likelihood %u (%s) · level %s"),
                              pb_severity_get_label (flag->severity),
                              flag->likelihood, likelihood_label (flag->likelihood),
                              pb_severity_get_label (flag->residual_level));
  if (flag->hard_stop)
    return g_strdup_printf ("%s · %s", rating, _("HARD STOP"));

  return g_steal_pointer (&rating);
}

static void
put_flag (PbReportWriter *w,
          HPDF_Outline    outline,
          PbReportFlag   *flag)
{
  PbReportColor color = _pb_report_level_color (w, flag->residual_level);
  g_autofree char *title = g_strdup_printf ("%s  %s", flag->rule_id, flag->title);
  g_autofree char *rating = format_rating (flag);

  _pb_report_ensure_space (w, style_h2.leading + 5 * style_body.leading);
  _pb_report_put_space (w, 8);
  _pb_report_add_outline (w, outline, title);
  _pb_report_fill_rect (w, &color, MARGIN_LEFT, w->y - style_h2.leading + 1, 6, style_h2.leading - 2);
  _pb_report_put_text_at (w, &style_h2, MARGIN_LEFT + 12, CONTENT_WIDTH - 12, title);
  _pb_report_put_paragraph (w, &style_small, 12, rating);
  _pb_report_put_space (w, 3);

  if (flag->rationale != NULL)
    _pb_report_put_field (w, _("Rationale"), flag->rationale);
  if (flag->mitigation != NULL)
    _pb_report_put_field (w, _("Mitigation"), flag->mitigation);
  if (flag->references != NULL && flag->references[0] != NULL)
    {
      g_autofree char *refs = g_strjoinv ("; ", flag->references);

      _pb_report_put_field (w, _("References"), refs);
    }

  /* The answers are cited once, in Answers, where each names the flags it
   * raised; here only their ids. */
  if (flag->triggers != NULL && flag->triggers[0] != NULL)
    {
      g_autofree char *ids = g_strjoinv (", ", flag->triggers);

      _pb_report_put_field (w, _("Raised by answers"), ids);
    }
}

void
_pb_report_render_flags (PbReportWriter *w)
{
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  HPDF_Outline outline;

  outline = _pb_report_put_heading (w, _("Risk flags"), TRUE);
  if (flags->len == 0)
    {
      _pb_report_put_paragraph (w, &style_body, 0, _("The answers raised no risk flag."));
      return;
    }

  _pb_report_put_paragraph (w, &style_body, 0,
                            _("The flags raised by the answers, grouped by their level after mitigation, the most "
                              "severe first. Each names the answers that raised it by question; the answers "
                              "themselves are under Answers."));

  for (PbSeverity level = PB_SEVERITY_CRITICAL; level >= PB_SEVERITY_LOW; level--)
    {
      guint n = pb_report_data_count_flags (w->data, level);
      g_autofree char *group = NULL;
      HPDF_Outline group_outline;

      if (n == 0)
        continue;

      /* Translators: a risk level, then how many flags have it */
      group = g_strdup_printf (pb_dngettext (GETTEXT_PACKAGE, "%s: %u flag", "%s: %u flags", n),
                               pb_severity_get_label (level), n);
      _pb_report_put_space (w, 8);
      _pb_report_ensure_space (w, style_h2.leading + 8 * style_body.leading);
      group_outline = _pb_report_add_outline (w, outline, group);
      _pb_report_put_paragraph (w, &style_h2, 0, group);

      for (guint i = 0; i < flags->len; i++)
        {
          PbReportFlag *flag = g_ptr_array_index (flags, i);

          if (flag->residual_level == level)
            put_flag (w, group_outline, flag);
        }
    }
}
