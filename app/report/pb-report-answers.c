/* pb-report-answers.c: the answers, and the questions left unanswered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include "pb-report-writer-private.h"

/* "12,3 kB" in French: the number as the report's language writes it
 * (GLib's g_format_size() follows the process's locale instead). */
static char *
format_size (guint64 size)
{
  g_autofree char *number = NULL;

  if (size < 1000)
    return g_strdup_printf (pb_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", (gulong) size), (guint) size);

  if (size < 1000 * 1000)
    {
      number = pb_i18n_format_decimal (size / 1000.0, 1);
      /* Translators: a file size in kilobytes */
      return g_strdup_printf (_("%s kB"), number);
    }

  number = pb_i18n_format_decimal (size / 1000.0 / 1000.0, 1);
  /* Translators: a file size in megabytes */
  return g_strdup_printf (_("%s MB"), number);
}

/* The ids of the flags an answer raised, or NULL. */
static GPtrArray *
flags_raised_by (PbReportWriter *w,
                 const char     *question_id)
{
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  GPtrArray *ids = NULL;

  for (guint i = 0; i < flags->len; i++)
    {
      PbReportFlag *flag = g_ptr_array_index (flags, i);

      if (flag->triggers != NULL && g_strv_contains ((const char * const *) flag->triggers, question_id))
        {
          if (ids == NULL)
            ids = g_ptr_array_new ();
          g_ptr_array_add (ids, flag->rule_id);
        }
    }
  if (ids != NULL)
    g_ptr_array_add (ids, NULL);

  return ids;
}

void
_pb_report_render_answers (PbReportWriter *w)
{
  GPtrArray *sections = pb_report_data_get_sections (w->data);
  HPDF_Outline outline;

  outline = _pb_report_put_heading (w, _("Answers"), TRUE);
  if (pb_report_data_get_n_answers (w->data) == 0)
    _pb_report_put_paragraph (w, &style_body, 0, _("No question has been answered."));

  for (guint s = 0; s < sections->len; s++)
    {
      PbReportSection *section = g_ptr_array_index (sections, s);
      g_autofree char *title = NULL;

      if (section->answers->len == 0)
        continue;

      title = *section->section_id != '\0'
        ? g_strdup_printf ("%s  %s", section->section_id, section->title)
        : g_strdup (_("Answers"));
      _pb_report_put_space (w, 6);
      _pb_report_put_subheading (w, outline, title);

      for (guint i = 0; i < section->answers->len; i++)
        {
          PbReportAnswer *answer = g_ptr_array_index (section->answers, i);
          g_autofree char *question = g_strdup_printf ("%s  %s", answer->question_id, answer->label);
          g_autoptr(GPtrArray) raised = flags_raised_by (w, answer->question_id);

          _pb_report_put_space (w, 4);
          _pb_report_ensure_space (w, 3 * style_body.leading);
          _pb_report_put_paragraph (w, &style_bold, 0, question);
          _pb_report_put_paragraph (w, &style_body, 14, answer->answer_text);

          if (raised != NULL)
            {
              g_autofree char *ids = g_strjoinv (", ", (char **) raised->pdata);
              /* Translators: the rule ids of the flags an answer raised */
              g_autofree char *line = g_strdup_printf (_("Raises: %s"), ids);

              _pb_report_put_paragraph (w, &style_small, 14, line);
            }

          if (answer->comment != NULL)
            {
              g_autofree char *comment = g_strdup_printf (_("Comment: %s"), answer->comment);

              _pb_report_put_paragraph (w, &style_small, 14, comment);
            }

          for (guint e = 0; e < answer->evidence->len; e++)
            {
              PbReportEvidence *evidence = g_ptr_array_index (answer->evidence, e);
              g_autofree char *size = format_size (evidence->size);
              g_autofree char *line = NULL;

              /* Translators: evidence file name, its size, its SHA-256 */
              line = g_strdup_printf (_("Evidence: %s (%s)\nSHA-256 %s"),
                                      evidence->name, size, evidence->sha256);
              _pb_report_put_paragraph (w, &style_small, 14, line);
            }
        }
    }
}

void
_pb_report_render_unanswered (PbReportWriter *w)
{
  GPtrArray *unanswered = pb_report_data_get_unanswered (w->data);

  _pb_report_put_heading (w, _("Unanswered questions"), FALSE);
  if (unanswered->len == 0)
    {
      _pb_report_put_paragraph (w, &style_body, 0, _("Every required question was answered."));
      return;
    }

  _pb_report_put_paragraph (w, &style_body, 0,
                            _("These visible questions have no answer; while a required one is open the "
                              "outcome is incomplete."));
  _pb_report_put_space (w, 4);
  for (guint i = 0; i < unanswered->len; i++)
    {
      PbReportUnanswered *item = g_ptr_array_index (unanswered, i);
      g_autofree char *line = item->section_title != NULL
        ? g_strdup_printf ("%s  %s (%s)", item->question_id, item->label, item->section_title)
        : g_strdup_printf ("%s  %s", item->question_id, item->label);

      _pb_report_put_bullet (w, &style_body, 0, line);
    }
}
