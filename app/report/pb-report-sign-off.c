/* pb-report-sign-off.c: the sign-off, and the box kept for the signature
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include "pb-report-writer-private.h"

#define SIGNATURE_WIDTH  330.0
#define SIGNATURE_HEIGHT 80.0

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, PB_REPORT_ROLE_ASSESSOR) == 0)
    return _("Assessor");
  if (g_strcmp0 (role, PB_REPORT_ROLE_REVIEWER) == 0)
    return _("Reviewer");
  return role;
}

void
_pb_report_render_sign_off (PbReportWriter *w)
{
  GPtrArray *signoffs = pb_report_data_get_signoffs (w->data);
  PbReportColor frame = { 0.55, 0.55, 0.6 };

  _pb_report_put_heading (w, _("Sign-off"), TRUE);
  _pb_report_put_field (w, _("Assessor"), _pb_report_field (w, PB_REPORT_FIELD_ASSESSOR));
  _pb_report_put_space (w, 6);
  _pb_report_put_decision (w);
  _pb_report_put_space (w, 6);

  if (signoffs->len == 0)
    _pb_report_put_paragraph (w, &style_body, 0, _("Not signed off yet."));

  for (guint i = 0; i < signoffs->len; i++)
    {
      PbReportSignoff *signoff = g_ptr_array_index (signoffs, i);
      g_autofree char *date = _pb_report_format_date (signoff->date);
      /* Translators: a role, such as "Legal reviewer" */
      g_autofree char *heading = g_strdup_printf (_("Signature (%s)"), role_label (signoff->role));

      _pb_report_ensure_space (w, 6 * style_body.leading);
      _pb_report_put_subheading (w, NULL, heading);
      _pb_report_put_field (w, _("Name"), signoff->name);
      _pb_report_put_field (w, _("Decision"), signoff->decision);
      _pb_report_put_field (w, _("Reason"), signoff->reason);
      if (signoff->conditions != NULL && *signoff->conditions != '\0')
        _pb_report_put_field (w, _("Conditions"), signoff->conditions);
      _pb_report_put_field (w, _("Date"), date);
      _pb_report_put_space (w, 6);
    }

  /* Kept free for the visible signature the signer adds. */
  _pb_report_ensure_space (w, SIGNATURE_HEIGHT + 40);
  _pb_report_put_space (w, 10);
  _pb_report_put_paragraph (w, &style_small, 0, _("Digital signature"));
  w->y -= 4;
  w->signature_box.page_index = w->pages->len - 1;
  w->signature_box.x = MARGIN_LEFT;
  w->signature_box.y = w->y - SIGNATURE_HEIGHT;
  w->signature_box.width = SIGNATURE_WIDTH;
  w->signature_box.height = SIGNATURE_HEIGHT;
  HPDF_Page_SetRGBStroke (w->page, frame.red, frame.green, frame.blue);
  HPDF_Page_SetLineWidth (w->page, 0.5);
  HPDF_Page_SetDash (w->page, (const HPDF_UINT16[]) { 3, 2 }, 2, 0);
  HPDF_Page_Rectangle (w->page, w->signature_box.x, w->signature_box.y,
                       SIGNATURE_WIDTH, SIGNATURE_HEIGHT);
  HPDF_Page_Stroke (w->page);
  HPDF_Page_SetDash (w->page, NULL, 0, 0);
  w->y -= SIGNATURE_HEIGHT + 12;
}
