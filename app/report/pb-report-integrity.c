/* pb-report-integrity.c: the integrity record of a report
 *
 * The values that tie a report to the case as stored: drawn in a panel,
 * written into the document information as ProbityIntegrity, and read
 * back from a report's bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* memmem */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-i18n.h"
#include "pb-json.h"
#include "pb-report-writer-private.h"

#define PANEL_PADDING 10

typedef struct
{
  const char          *label;
  const char          *value;
  const PbReportStyle *style;
} IntegrityRow;

/* Part "integrity": the values that tie the report to the case as stored,
 * in a panel, and how an auditor checks them. */
void
_pb_report_render_integrity (PbReportWriter *w)
{
  g_autofree char *revision = g_strdup_printf (_("%s, revision %u"),
                                               _pb_report_field (w, PB_REPORT_FIELD_CASE_ID) ?: "",
                                               pb_report_data_get_revision (w->data));
  g_autofree char *questionnaire = g_strdup_printf ("%s %s",
                                                    _pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_ID) ?: "",
                                                    _pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_VERSION) ?: "");
  g_autofree char *generated = _pb_report_format_date_time (w->generated_at);
  g_autofree char *language = g_strdup_printf ("%s (%s)", pb_i18n_get_language_name (w->language), w->language);
  IntegrityRow rows[] = {
    { _("Case"), revision, &style_body },
    { _("Outcome"), _pb_report_outcome_label (w), &style_body },
    { _("Questionnaire"), questionnaire, &style_body },
    { _("Questionnaire SHA-256"), _pb_report_field (w, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256), &style_hash },
    { _("Country reference data"), _pb_report_field (w, PB_REPORT_FIELD_REFERENCE_VERSION), &style_body },
    { _("Reference data SHA-256"), _pb_report_field (w, PB_REPORT_FIELD_REFERENCE_SHA256), &style_hash },
    { _("Answers fingerprint"), _pb_report_field (w, PB_REPORT_FIELD_ANSWERS_FINGERPRINT), &style_hash },
    { _("History chain head"), _pb_report_field (w, PB_REPORT_FIELD_HISTORY_HEAD), &style_hash },
    { _("Report generated"), generated, &style_body },
    { _("Report language"), language, &style_body },
  };
  PbReportColor panel = { 0.95, 0.96, 0.97 };
  double height = 16, top;

  _pb_report_put_heading (w, _("Integrity"), FALSE);
  _pb_report_put_paragraph (w, &style_body, 0,
                            _("These values tie this report to the case as stored. They are also kept in the "
                              "document information as ProbityIntegrity, which the signature covers."));
  _pb_report_put_space (w, 6);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].value != NULL || i < 4)
      height += _pb_report_field_height (w, rows[i].style, PANEL_PADDING, rows[i].label, rows[i].value);

  /* The panel is drawn first and never split across pages. */
  _pb_report_ensure_space (w, height);
  top = w->y;
  _pb_report_fill_rect (w, &panel, MARGIN_LEFT, top - height, CONTENT_WIDTH, height);
  HPDF_Page_SetRGBStroke (w->page, w->accent.red, w->accent.green, w->accent.blue);
  HPDF_Page_SetLineWidth (w->page, 2);
  HPDF_Page_MoveTo (w->page, MARGIN_LEFT + 1, top);
  HPDF_Page_LineTo (w->page, MARGIN_LEFT + 1, top - height);
  HPDF_Page_Stroke (w->page);
  w->y -= 8;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].value != NULL || i < 4)
      _pb_report_put_field_at (w, rows[i].style, PANEL_PADDING, rows[i].label, rows[i].value);
  w->y = top - height - 8;

  _pb_report_put_subheading (w, NULL, _("How to check this report"));
  _pb_report_put_bullet (w, &style_body, 0,
                         _("The digital signature covers every byte of this file: pdfsig, Adobe Reader or any "
                           "PDF reader that validates signatures shows whether the file was changed after "
                           "signing, and who signed it."));
  _pb_report_put_bullet (w, &style_body, 0,
                         _("probity-cli verify REPORT.pdf --ca CA.pem --db CASES.db checks the signature and "
                           "recomputes the values above from the case store: it fails if an answer, the "
                           "questionnaire, the reference data or the history differs from what was signed."));
}

char *
_pb_report_integrity_to_json (PbReportData *data,
                              const char   *language)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  static const struct { const char *key; PbReportField field; } members[] = {
    { "case", PB_REPORT_FIELD_CASE_ID },
    { "questionnaire", PB_REPORT_FIELD_QUESTIONNAIRE_ID },
    { "questionnaire_version", PB_REPORT_FIELD_QUESTIONNAIRE_VERSION },
    { "questionnaire_sha256", PB_REPORT_FIELD_QUESTIONNAIRE_SHA256 },
    { "answers_fingerprint", PB_REPORT_FIELD_ANSWERS_FINGERPRINT },
    { "history_head", PB_REPORT_FIELD_HISTORY_HEAD },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].key);
      json_builder_add_string_value (builder, pb_report_data_get_field (data, members[i].field) ?: "");
    }
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, pb_report_data_get_revision (data));
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, pb_outcome_to_string (pb_report_data_get_outcome (data)));
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, language);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Decodes a PDF literal string starting just after its "(". */
static char *
read_literal_string (const char *p,
                     const char *end)
{
  GString *out = g_string_new (NULL);
  int depth = 0;

  while (p < end)
    {
      char c = *p++;

      if (c == '\\' && p < end)
        {
          char e = *p++;

          if (e >= '0' && e <= '7')
            {
              int value = e - '0';

              for (int n = 0; n < 2 && p < end && *p >= '0' && *p <= '7'; n++)
                value = value * 8 + (*p++ - '0');
              g_string_append_c (out, (char) value);
            }
          else if (e == 'n')
            g_string_append_c (out, '\n');
          else if (e == 'r')
            g_string_append_c (out, '\r');
          else if (e == 't')
            g_string_append_c (out, '\t');
          else if (e == 'b')
            g_string_append_c (out, '\b');
          else if (e == 'f')
            g_string_append_c (out, '\f');
          else if (e == '\r' || e == '\n')
            {
              if (e == '\r' && p < end && *p == '\n')
                p++;
            }
          else
            g_string_append_c (out, e);
        }
      else if (c == '(')
        {
          depth++;
          g_string_append_c (out, c);
        }
      else if (c == ')')
        {
          if (depth == 0)
            return g_string_free (out, FALSE);
          depth--;
          g_string_append_c (out, c);
        }
      else
        g_string_append_c (out, c);
    }

  g_string_free (out, TRUE);
  return NULL;
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (object, name, NULL);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

PbReportIntegrity *
pb_report_read_integrity (GBytes  *pdf,
                          GError **error)
{
  static const char needle[] = "/" INTEGRITY_KEY;
  g_autoptr(PbReportIntegrity) integrity = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  const char *data, *end, *found = NULL, *p;
  JsonObject *object;
  gsize size;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (pdf, &size);
  /* An empty file has no data at all, not even an address to add 0 to. */
  if (data == NULL)
    data = "";
  end = data + size;

  /* The last occurrence is the one a reader of the newest Info sees. */
  for (p = data; p != NULL && p < end; )
    {
      p = memmem (p, end - p, needle, sizeof needle - 1);
      if (p != NULL)
        {
          found = p;
          p += sizeof needle - 1;
        }
    }

  if (found != NULL)
    {
      p = found + sizeof needle - 1;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p < end && *p == '(')
        json = read_literal_string (p + 1, end);
    }

  /* The file's to write: read as any JSON handed to us, nesting bounded
   * (json-glib alone recursed into a million "[" until the stack ran out). */
  if (json != NULL)
    root = pb_json_parse (json, strlen (json), INTEGRITY_KEY, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_NO_INTEGRITY,
                   _("The file has no Probity integrity record"));
      return NULL;
    }

  object = json_node_get_object (root);
  integrity = g_new0 (PbReportIntegrity, 1);
  integrity->case_id = dup_member (object, "case");
  integrity->revision = json_object_get_int_member_with_default (object, "revision", 0);
  integrity->questionnaire_id = dup_member (object, "questionnaire");
  integrity->questionnaire_version = dup_member (object, "questionnaire_version");
  integrity->questionnaire_sha256 = dup_member (object, "questionnaire_sha256");
  integrity->answers_fingerprint = dup_member (object, "answers_fingerprint");
  integrity->history_head = dup_member (object, "history_head");
  integrity->outcome = dup_member (object, "outcome");
  integrity->language = dup_member (object, "language");

  if (integrity->case_id == NULL)
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_NO_INTEGRITY,
                   _("The integrity record of the file names no case"));
      return NULL;
    }

  return g_steal_pointer (&integrity);
}

void
pb_report_integrity_free (PbReportIntegrity *integrity)
{
  if (integrity == NULL)
    return;

  g_free (integrity->case_id);
  g_free (integrity->questionnaire_id);
  g_free (integrity->questionnaire_version);
  g_free (integrity->questionnaire_sha256);
  g_free (integrity->answers_fingerprint);
  g_free (integrity->history_head);
  g_free (integrity->outcome);
  g_free (integrity->language);
  g_free (integrity);
}
