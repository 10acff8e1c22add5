/* report-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "report-fixture.h"

#define N_SECTIONS 9
#define LONG_ANSWER_INDEX 7

static const char * const words[] = {
  "Facial", "recognition", "module", "licence-locked", "end-user", "statement", "oversight",
  "Überwachung", "Société", "Größe", "надзор", "полиция", "εποπτεία", "δικαιώματα",
  "監控", "安全", "retention", "audit", "biometric", "warrant",
};

const char *
fixture_long_answer (void)
{
  static char *text;

  if (text == NULL)
    {
      /* 5,000 characters, no spaces: Latin, Cyrillic, Greek and CJK mixed. */
      static const char * const pieces[] = {
        "Surveillance", "НаблюдениеЗаКамерами", "ΠαρακολούθησηΔικτύου", "公安局视频监控系统", "Ærøskøbing–Größe",
      };
      GString *s = g_string_new (NULL);
      guint n = 0;

      for (guint i = 0; n < 5000; i++)
        {
          const char *piece = pieces[i % G_N_ELEMENTS (pieces)];

          for (const char *p = piece; *p != '\0' && n < 5000; p = g_utf8_next_char (p), n++)
            g_string_append_unichar (s, g_utf8_get_char (p));
          if (n < 5000)
            {
              g_string_append_printf (s, "%u", i % 10);
              n++;
            }
        }
      text = g_string_free (s, FALSE);
    }

  return text;
}

char *
fixture_answer_text (guint index)
{
  GString *s;

  if (index == LONG_ANSWER_INDEX)
    return g_strdup (fixture_long_answer ());

  s = g_string_new (NULL);
  g_string_append_printf (s, "Answer%03u", index);
  for (guint i = 0; i < 4 + index % 23; i++)
    g_string_append_printf (s, " %s", words[(index * 7 + i) % G_N_ELEMENTS (words)]);

  return g_string_free (s, FALSE);
}

char *
fixture_flag_title (guint index)
{
  return g_strdup_printf ("Flag title %02u: %s with %s", index,
                          words[index % G_N_ELEMENTS (words)],
                          words[(index + 5) % G_N_ELEMENTS (words)]);
}

PbReportData *
fixture_report_data (guint n_answers,
                     guint n_flags)
{
  PbReportData *data = pb_report_data_new ();
  guint per_section = (n_answers + N_SECTIONS - 1) / N_SECTIONS;

  pb_report_data_set_field (data, PB_REPORT_FIELD_CUSTOMER, FIXTURE_CUSTOMER);
  pb_report_data_set_field (data, PB_REPORT_FIELD_PRODUCT, "VisionGuard 5 (facial recognition platform)");
  pb_report_data_set_field (data, PB_REPORT_FIELD_COUNTRY, "China (CN)");
  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_ID, "hrdd-surveillance");
  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_VERSION, "1.0");
  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_TITLE, "Human-rights due diligence: surveillance technology");
  pb_report_data_set_field (data, PB_REPORT_FIELD_CASE_ID, "C-2026-4F3A9B12");
  pb_report_data_set_field (data, PB_REPORT_FIELD_CREATED, "2026-11-20T09:00:00Z");
  pb_report_data_set_field (data, PB_REPORT_FIELD_ASSESSED, "2026-11-25T16:30:00Z");
  pb_report_data_set_field (data, PB_REPORT_FIELD_ASSESSOR, "Åsa Lindström");
  pb_report_data_set_field (data, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256,
                            "3f0a9c1b2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8");
  pb_report_data_set_field (data, PB_REPORT_FIELD_ANSWERS_FINGERPRINT,
                            "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
  pb_report_data_set_field (data, PB_REPORT_FIELD_HISTORY_HEAD,
                            "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
  pb_report_data_set_revision (data, 2);
  pb_report_data_set_outcome (data, PB_OUTCOME_DO_NOT_PROCEED);
  pb_report_data_set_levels (data, PB_SEVERITY_CRITICAL, PB_SEVERITY_CRITICAL);
  pb_report_data_add_reason (data, "A hard stop applies: the end user is listed under EU Regulation 2021/821 controls.");
  pb_report_data_add_reason (data, "Three compound red flags are Critical after mitigation.");
  pb_report_data_add_condition (data, "Remove the 1:N identification module before any shipment.");
  pb_report_data_add_condition (data, "Obtain a signed end-use statement covering every site.");

  for (guint i = 0; i < n_answers; i++)
    {
      g_autofree char *question_id = NULL;
      g_autofree char *label = NULL;
      g_autofree char *text = fixture_answer_text (i);
      guint section = i / per_section;

      if (i % per_section == 0)
        {
          g_autofree char *section_id = g_strdup_printf ("S%u", section + 1);
          g_autofree char *title = g_strdup_printf ("Section %u: %s", section + 1,
                                                    words[section % G_N_ELEMENTS (words)]);

          pb_report_data_add_section (data, section_id, title);
        }

      question_id = g_strdup_printf ("S%u.%02u", section + 1, i % per_section + 1);
      label = g_strdup_printf ("Question %u about the %s and the %s of the deployment?", i,
                               words[(i * 3) % G_N_ELEMENTS (words)], words[(i * 5 + 1) % G_N_ELEMENTS (words)]);
      pb_report_data_add_answer (data, question_id, label, text,
                                 i % 9 == 0 ? (i == 18 ? "Reported by the distributor 😀 in writing."
                                                       : "Confirmed by the customer in the kick-off meeting.")
                                            : NULL);
      if (i % 20 == 3)
        pb_report_data_add_evidence (data, question_id, "end-use-statement.pdf", 184320 + i,
                                     "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592");
    }

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *question_id = g_strdup_printf ("S9.%02u", 90 + i);

      pb_report_data_add_unanswered (data, question_id, "Does the company publish its human-rights policy?",
                                     "Section 9: Governance");
    }

  for (guint i = 0; i < n_flags; i++)
    {
      g_autofree char *rule_id = g_strdup_printf ("CR-%02u", i + 1);
      g_autofree char *title = fixture_flag_title (i);
      g_autofree char *trigger1 = g_strdup_printf ("S%u.%02u", i % N_SECTIONS + 1, i % per_section + 1);
      g_autofree char *trigger2 = g_strdup_printf ("S%u.%02u", (i + 3) % N_SECTIONS + 1, 2);
      const char *references[] = { "EU 2021/821 Art. 5(2)", "UNGP 17", NULL };
      const char *triggers[] = { trigger1, trigger2, NULL };
      PbSeverity severity = PB_SEVERITY_CRITICAL - (i * 4 / MAX (n_flags, 1));
      guint likelihood = 4 - i % 3;
      guint residual = i % 4 == 1 ? likelihood - 1 : likelihood;

      pb_report_data_add_flag (data, rule_id, title, severity, likelihood, residual,
                               pb_report_data_get_matrix_level (data, severity, residual),
                               i == 0,
                               "The end user operates city-wide camera networks used to identify protesters; "
                               "the product's 1:N matching enables exactly that use.",
                               "Ship without the identification module and audit the deployment yearly.",
                               references, triggers);
    }

  pb_report_data_add_signoff (data, PB_REPORT_ROLE_ASSESSOR, "Åsa Lindström", "Submitted for review",
                              "All sections answered from the customer's documents.", NULL,
                              "2026-11-25T16:30:00Z");
  pb_report_data_add_signoff (data, PB_REPORT_ROLE_REVIEWER, "Dr. Jean-Luc Moreau", "Rejected",
                              "Hard stop CR-01 applies; no mitigation can lower it.",
                              "Do not re-submit without a new end user.", "2026-11-26T08:05:00Z");

  return data;
}
