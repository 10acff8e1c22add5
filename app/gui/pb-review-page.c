/* pb-review-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-review-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-gui-utils.h"
#include "pb-review-page.h"

struct _PbReviewPage
{
  GtkWidget   parent_instance;

  /* template widgets */
  GtkImage   *outcome_icon;
  GtkLabel   *outcome_label;
  GtkLabel   *reasons_label;
  GtkWidget  *next_group;
  GtkBox     *next_buttons;
  GtkWidget  *decision_group;
  GtkWidget  *flags_group;
  GtkWidget  *conditions_group;
  GtkWidget  *missing_group;
  GtkBox     *answers_box;
  GtkWidget  *verify_button;

  /* state: rows added to the template's groups, removed on update */
  GPtrArray  *rows;
  GtkWidget  *next_step;
};

G_DEFINE_FINAL_TYPE (PbReviewPage, pb_review_page, GTK_TYPE_WIDGET)

enum {
  QUESTION_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_activated_cb (PbReviewPage *self,
                  AdwActionRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "question-id");

  if (id != NULL)
    g_signal_emit (self, signals[QUESTION_ACTIVATED], 0, id);
}

static GtkWidget *
add_row (PbReviewPage *self,
         GtkWidget    *group,
         const char   *title,
         const char   *subtitle,
         const char   *icon_name,
         const char   *icon_class)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (icon_name != NULL)
    {
      GtkWidget *icon = pb_decorative_icon_new (icon_name);

      if (icon_class != NULL)
        gtk_widget_add_css_class (icon, icon_class);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->rows, g_object_ref (row));

  return row;
}

static void
add_question_row (PbReviewPage *self,
                  GtkWidget    *group,
                  PbQuestion   *question,
                  const char   *subtitle,
                  const char   *icon_name)
{
  g_autofree char *title = g_strdup_printf ("%s %s", pb_question_get_id (question), pb_question_get_label (question));
  GtkWidget *row = add_row (self, group, title, subtitle, icon_name, NULL);

  g_object_set_data_full (G_OBJECT (row), "question-id", g_strdup (pb_question_get_id (question)), g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
}

static GtkWidget *
add_button (PbReviewPage *self,
            const char   *label,
            const char   *action,
            gboolean      suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (self->next_buttons, button);
  if (self->next_step == NULL)
    self->next_step = button;

  return button;
}

static void
clear (PbReviewPage *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->next_buttons))))
    gtk_box_remove (self->next_buttons, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->answers_box))))
    gtk_box_remove (self->answers_box, child);
  self->next_step = NULL;
}

static void
show_outcome (PbReviewPage *self,
              PbEvaluation *evaluation)
{
  PbOutcome outcome = pb_evaluation_get_outcome (evaluation);
  const char * const *reasons = pb_evaluation_get_reasons (evaluation);
  g_autofree char *text = reasons ? g_strjoinv ("\n", (char **) reasons) : NULL;
  const char *css_classes[] = { "title-1", pb_outcome_get_css_class (outcome), NULL };

  gtk_image_set_from_icon_name (self->outcome_icon, pb_outcome_get_icon_name (outcome));
  gtk_widget_set_css_classes (GTK_WIDGET (self->outcome_icon), (const char *[]) { pb_outcome_get_css_class (outcome), NULL });
  gtk_label_set_text (self->outcome_label, pb_evaluation_get_outcome_label (evaluation));
  gtk_widget_set_css_classes (GTK_WIDGET (self->outcome_label), css_classes);
  gtk_label_set_text (self->reasons_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_label), text != NULL && text[0]);
}

/* One sentence on what happens next, and the buttons that do it. */
static void
show_next_step (PbReviewPage  *self,
                PbEvaluation  *evaluation,
                PbCaseStatus   status,
                PbReviewFlags  flags)
{
  gboolean decide = (flags & PB_REVIEW_MAY_DECIDE) != 0;
  const char *text;

  if (flags & PB_REVIEW_READ_ONLY)
    text = _("Opened read-only: check the history and verify the case or its signed report.");
  else if (status == PB_CASE_STATUS_DRAFT && (flags & PB_REVIEW_MAY_EDIT))
    {
      text = pb_evaluation_get_n_missing (evaluation) > 0
        ? _("Answer the missing questions below, then submit the case for a legal reviewer’s decision: to change "
            "its answers after that, the reviewer sends it back for changes.")
        : _("Submit the case for a legal reviewer’s decision: to change its answers after that, the reviewer sends "
            "it back for changes.");
      add_button (self, _("_Submit for Review"), "wizard.submit", TRUE);
    }
  else if (status == PB_CASE_STATUS_DRAFT)
    text = _("A draft: the assessor is still answering.");
  else if (status == PB_CASE_STATUS_SUBMITTED && decide)
    {
      text = _("Record the decision, approve, approve with conditions or reject, with its reason; or send the case back for changes.");
      add_button (self, _("Record _Decision…"), "wizard.decide", TRUE);
      add_button (self, _("Send _Back for Changes…"), "wizard.return-to-draft", FALSE);
    }
  else if (status == PB_CASE_STATUS_SUBMITTED)
    text = _("Waiting for a legal reviewer's decision.");
  else if (status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL && decide)
    {
      text = _("An override of the outcome waits for a second legal reviewer: not the submitter, not the first "
               "approver, and no one who wrote its answers or evidence.");
      add_button (self, _("Second _Approval…"), "wizard.decide", TRUE);
      add_button (self, _("Send _Back for Changes…"), "wizard.return-to-draft", FALSE);
    }
  else if (status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
    text = _("Waiting for a second legal reviewer's approval of the override.");
  else if (pb_case_status_is_decision (status) && decide)
    {
      text = _("Create the signed report: it seals this revision with the decision and your signature.");
      add_button (self, _("Create Signed _Report…"), "wizard.sign", TRUE);
      add_button (self, _("Send _Back for Changes…"), "wizard.return-to-draft", FALSE);
    }
  else if (pb_case_status_is_decision (status))
    text = _("Waiting for a legal reviewer to sign the report.");
  else
    {
      text = decide
        ? _("Signed and sealed. To change anything, reopen the case as a new revision; this one stays as signed.")
        : _("Signed and sealed: the report and this revision can no longer change.");
      add_button (self, _("_Open Signed Report"), "wizard.open-report", !decide);
      if (decide)
        add_button (self, _("_Reopen as New Revision…"), "wizard.reopen", FALSE);
    }

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->next_group), text);
  gtk_widget_set_visible (GTK_WIDGET (self->next_buttons), self->next_step != NULL);
}

/* "Ingrid Larsson (Legal reviewer, Nordvik AB), 2026-12-02 09:14" */
static char *
describe_person (const char *name,
                 const char *role,
                 const char *organisation,
                 const char *time)
{
  g_autofree char *when = pb_format_timestamp (time);
  PbRole value;

  if (role != NULL && pb_role_from_string (role, &value))
    role = pb_role_get_label (value);

  if (role != NULL && organisation != NULL)
    /* Translators: a person's name, their role, their organisation, then when */
    return g_strdup_printf (_("%s (%s, %s), %s"), name, role, organisation, when);
  if (role != NULL || organisation != NULL)
    /* Translators: a person's name, their role or organisation, then when */
    return g_strdup_printf (_("%s (%s), %s"), name, role ? role : organisation, when);
  /* Translators: a person's name, then when */
  return g_strdup_printf (_("%s, %s"), name, when);
}

/* The decision in force and who took part, as the store's decision record
 * (and the report's cover) has them, then each sign-off. */
static gboolean
show_decision (PbReviewPage *self,
               PbCaseStore  *store,
               const char   *case_id)
{
  g_autoptr(PbDecision) decision = pb_case_store_get_decision (store, case_id, 0, NULL);
  g_autoptr(GListModel) sign_offs = NULL;
  gboolean shown = FALSE;

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->decision_group), NULL);
  if (decision != NULL)
    {
      gboolean rejected = pb_decision_get_decision (decision) == PB_CASE_STATUS_REJECTED;
      guint n = pb_decision_get_n_approvers (decision);

      if (pb_decision_is_pending (decision))
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->decision_group),
                                               _("An override of the outcome: in force only once a second legal "
                                                 "reviewer approves it too, not the submitter, not the first "
                                                 "approver, and no one who wrote its answers or evidence."));
      add_row (self, self->decision_group, pb_case_status_get_label (pb_decision_get_decision (decision)),
               pb_decision_get_reason (decision),
               pb_decision_is_pending (decision) ? "dialog-warning-symbolic" : "emblem-documents-symbolic", NULL);
      if (pb_decision_is_override (decision))
        add_row (self, self->decision_group, _("Override of the outcome"),
                 pb_decision_get_override_rationale (decision), "dialog-warning-symbolic", "warning");
      if (pb_decision_get_conditions (decision) != NULL)
        add_row (self, self->decision_group, _("Conditions"), pb_decision_get_conditions (decision), NULL, NULL);
      if (pb_decision_get_submitter (decision) != NULL)
        {
          g_autofree char *who = describe_person (pb_decision_get_submitter (decision),
                                                  pb_decision_get_submitter_role (decision),
                                                  pb_decision_get_submitter_organisation (decision),
                                                  pb_decision_get_submitted (decision));

          add_row (self, self->decision_group, _("Submitted by"), who, NULL, NULL);
        }
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *who = describe_person (pb_decision_get_approver_name (decision, i),
                                                  pb_decision_get_approver_role (decision, i),
                                                  pb_decision_get_approver_organisation (decision, i),
                                                  pb_decision_get_approver_time (decision, i));

          add_row (self, self->decision_group,
                   rejected ? _("Rejected by") : i == 0 ? _("Approved by") : _("Second approval by"),
                   who, NULL, NULL);
        }
      shown = TRUE;
    }

  sign_offs = pb_case_store_list_sign_offs (store, case_id, 0, NULL);
  for (guint i = 0; sign_offs && i < g_list_model_get_n_items (sign_offs); i++)
    {
      g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);
      g_autofree char *who = describe_person (pb_sign_off_get_name (sign_off), pb_sign_off_get_role (sign_off),
                                              pb_sign_off_get_organisation (sign_off), pb_sign_off_get_time (sign_off));

      add_row (self, self->decision_group, _("Signed by"), who, "changes-prevent-symbolic", NULL);
      shown = TRUE;
    }

  return shown;
}

/* A flag's row: its title, its level and the recommended mitigation. */
static GtkWidget *
new_flag_row (PbFlag *flag)
{
  PbRule *rule = pb_flag_get_rule (flag);
  PbSeverity level = pb_flag_get_residual_level (flag);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = pb_decorative_icon_new (pb_severity_get_icon_name (level));
  /* Translators: a flag's level and its recommended mitigation */
  g_autofree char *subtitle = g_strdup_printf (_("%s. %s"), pb_severity_get_label (level),
                                               pb_rule_get_mitigation (rule));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pb_rule_get_title (rule));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (pb_severity_get_css_class (level) != NULL)
    gtk_widget_add_css_class (icon, pb_severity_get_css_class (level));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

/* The flags (risks) at the highest level the case reaches: those decide
 * the outcome. The others follow, folded: the risk panel gives way to
 * this page, which is the only one to list them here. Holds and
 * conditions are not counted among the flags, as in the report. */
static gboolean
show_flags (PbReviewPage *self,
            PbEvaluation *evaluation)
{
  g_autoptr(GPtrArray) lower = g_ptr_array_new ();
  PbSeverity top = PB_SEVERITY_NONE;
  gboolean shown = FALSE;

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);

      if (!pb_flag_is_condition (flag))
        top = MAX (top, pb_flag_get_residual_level (flag));
    }

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);
      GtkWidget *row;

      if (pb_flag_is_condition (flag))
        continue;
      if (pb_flag_get_residual_level (flag) != top)
        {
          g_ptr_array_add (lower, flag);
          continue;
        }
      row = new_flag_row (flag);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->flags_group), row);
      g_ptr_array_add (self->rows, g_object_ref (row));
      shown = TRUE;
    }

  if (lower->len > 0)
    {
      GtkWidget *expander = adw_expander_row_new ();
      /* Translators: the folded list of the flags below the deciding level */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u more flag, of a lower level",
                                                             "%u more flags, of lower levels",
                                                             lower->len), lower->len);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      for (guint i = 0; i < lower->len; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), new_flag_row (g_ptr_array_index (lower, i)));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->flags_group), expander);
      g_ptr_array_add (self->rows, g_object_ref (expander));
    }

  return shown;
}

/* The holds and conditions the deal must meet, with what to do: the
 * report's first page lists them under its own heading too. */
static gboolean
show_conditions (PbReviewPage *self,
                 PbEvaluation *evaluation)
{
  gboolean shown = FALSE;

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);
      PbRule *rule = pb_flag_get_rule (flag);
      gboolean hold = pb_rule_get_kind (rule) == PB_RULE_KIND_HOLD;

      if (!pb_flag_is_condition (flag))
        continue;
      add_row (self, self->conditions_group, pb_rule_get_title (rule), pb_rule_get_mitigation (rule),
               hold ? "media-playback-pause-symbolic" : "emblem-documents-symbolic", NULL);
      shown = TRUE;
    }

  return shown;
}

static void
show_answers (PbReviewPage *self,
              PbEvaluation *evaluation,
              PbAnswerSet  *answers)
{
  PbQuestionnaire *questionnaire = pb_evaluation_get_questionnaire (evaluation);

  for (guint s = 0; s < pb_questionnaire_get_n_sections (questionnaire); s++)
    {
      PbSection *section = pb_questionnaire_get_section (questionnaire, s);
      GtkWidget *group = NULL;

      for (guint i = 0; i < pb_section_get_n_questions (section); i++)
        {
          PbQuestion *question = pb_section_get_question (section, i);
          PbAnswer *answer = pb_answer_set_lookup (answers, pb_question_get_id (question));
          g_autofree char *text = NULL;

          if (!pb_evaluation_is_visible (evaluation, question))
            continue;
          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), pb_section_get_title (section));
              gtk_box_append (self->answers_box, group);
            }

          text = answer ? pb_question_format_answer (question, answer) : g_strdup (_("Not answered"));
          add_question_row (self, group, question, text, NULL);
        }
    }
}

static void
pb_review_page_dispose (GObject *object)
{
  PbReviewPage *self = PB_REVIEW_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_REVIEW_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_review_page_parent_class)->dispose (object);
}

static void
pb_review_page_class_init (PbReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_review_page_dispose;

  signals[QUESTION_ACTIVATED] =
    g_signal_new ("question-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, next_group);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, next_buttons);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, decision_group);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, flags_group);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, conditions_group);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, missing_group);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, answers_box);
  gtk_widget_class_bind_template_child (widget_class, PbReviewPage, verify_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_review_page_init (PbReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
}

GtkWidget *
pb_review_page_new (void)
{
  return g_object_new (PB_TYPE_REVIEW_PAGE, NULL);
}

void
pb_review_page_update (PbReviewPage  *self,
                       PbCaseStore   *store,
                       const char    *case_id,
                       PbEvaluation  *evaluation,
                       PbAnswerSet   *answers,
                       PbCaseStatus   status,
                       PbReviewFlags  flags)
{
  guint n_missing;

  g_return_if_fail (PB_IS_REVIEW_PAGE (self));
  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (evaluation != NULL);

  clear (self);

  show_outcome (self, evaluation);
  show_next_step (self, evaluation, status, flags);
  gtk_widget_set_visible (self->decision_group, show_decision (self, store, case_id));
  gtk_widget_set_visible (self->flags_group, show_flags (self, evaluation));
  gtk_widget_set_visible (self->conditions_group, show_conditions (self, evaluation));

  n_missing = pb_evaluation_get_n_missing (evaluation);
  for (guint i = 0; i < n_missing; i++)
    add_question_row (self, self->missing_group, pb_evaluation_get_missing (evaluation, i),
                      NULL, "dialog-warning-symbolic");
  gtk_widget_set_visible (self->missing_group, n_missing > 0);

  show_answers (self, evaluation, answers);
  pb_widget_fix_accessible_names (GTK_WIDGET (self));
}

GtkWidget *
pb_review_page_get_next_step (PbReviewPage *self)
{
  g_return_val_if_fail (PB_IS_REVIEW_PAGE (self), NULL);

  return self->next_step != NULL ? self->next_step : self->verify_button;
}
