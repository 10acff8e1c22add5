/* pb-risk-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-risk-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "pb-gui-utils.h"
#include "pb-risk-panel.h"

struct _PbRiskPanel
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkImage     *outcome_icon;
  GtkLabel     *outcome_label;
  GtkLabel     *reasons_label;
  GtkLabel     *flags_heading;
  GtkListBox   *flags_list;
  GtkLabel     *conditions_heading;
  GtkListBox   *conditions_list;

  /* owned */
  PbEvaluation *evaluation;
};

G_DEFINE_FINAL_TYPE (PbRiskPanel, pb_risk_panel, GTK_TYPE_WIDGET)

enum {
  FLAG_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
first_question_of (PbFlag *flag)
{
  const char * const *triggers = pb_flag_get_triggers (flag);
  PbSection *section;

  if (triggers != NULL && triggers[0] != NULL)
    return triggers[0];

  section = pb_rule_get_section (pb_flag_get_rule (flag));
  if (section != NULL && pb_section_get_n_questions (section) > 0)
    return pb_question_get_id (pb_section_get_question (section, 0));

  return NULL;
}

static void
on_flags_list_row_activated_cb (PbRiskPanel   *self,
                                GtkListBoxRow *row,
                                GtkListBox    *list)
{
  const char *question_id = g_object_get_data (G_OBJECT (row), "question-id");

  if (question_id != NULL)
    g_signal_emit (self, signals[FLAG_ACTIVATED], 0, question_id);
}

static GtkWidget *
create_flag_row (PbFlag *flag)
{
  PbRule *rule = pb_flag_get_rule (flag);
  PbSeverity level = pb_flag_get_residual_level (flag);
  GtkWidget *row = adw_action_row_new ();
  const char *icon_name = pb_severity_get_icon_name (level);
  GtkWidget *icon;
  GString *subtitle = g_string_new (NULL);
  const char *question_id = first_question_of (flag);

  switch (pb_rule_get_kind (rule))
    {
    case PB_RULE_KIND_HOLD:
      /* Translators: a flag that holds the deal, then its rule id, e.g. "On hold · LIST-POSSIBLE" */
      g_string_append_printf (subtitle, _("%s · %s"), _("On hold"), pb_rule_get_id (rule));
      icon_name = "media-playback-pause-symbolic";
      break;
    case PB_RULE_KIND_CONDITION:
      /* Translators: a condition of the deal, then its rule id, e.g. "Condition · LICENCE-APPLY" */
      g_string_append_printf (subtitle, _("%s · %s"), _("Condition"), pb_rule_get_id (rule));
      icon_name = "emblem-documents-symbolic";
      break;
    case PB_RULE_KIND_RISK:
    case PB_RULE_KIND_ASSURANCE:
    default:
      /* Translators: a flag's risk level, then its rule id, e.g. "High · CR-03" */
      g_string_append_printf (subtitle, _("%s · %s"), pb_severity_get_label (level), pb_rule_get_id (rule));
      break;
    }
  if (pb_flag_is_hard_stop (flag))
    g_string_append_printf (subtitle, " · %s", _("legal bar"));
  if (pb_flag_is_unresolved (flag))
    g_string_append_printf (subtitle, " · %s", _("unresolved: an answer is unknown"));
  else if (pb_flag_is_from_unknown (flag))
    g_string_append_printf (subtitle, " · %s", _("from an unknown answer"));
  if (pb_flag_is_mitigated (flag))
    g_string_append_printf (subtitle, " · %s", _("mitigated"));

  icon = pb_decorative_icon_new (icon_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pb_rule_get_title (rule));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (icon, pb_severity_get_css_class (level));
  gtk_widget_set_tooltip_text (row, pb_rule_get_rationale (rule));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), question_id != NULL);
  g_object_set_data_full (G_OBJECT (row), "question-id", g_strdup (question_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "rule-id", g_strdup (pb_rule_get_id (rule)), g_free);

  g_string_free (subtitle, TRUE);

  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)))
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void
pb_risk_panel_dispose (GObject *object)
{
  PbRiskPanel *self = PB_RISK_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_RISK_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->evaluation);

  G_OBJECT_CLASS (pb_risk_panel_parent_class)->dispose (object);
}

static void
pb_risk_panel_class_init (PbRiskPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_risk_panel_dispose;

  signals[FLAG_ACTIVATED] =
    g_signal_new ("flag-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-risk-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PbRiskPanel, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, PbRiskPanel, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, PbRiskPanel, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, PbRiskPanel, flags_heading);
  gtk_widget_class_bind_template_child (widget_class, PbRiskPanel, flags_list);
  gtk_widget_class_bind_template_child (widget_class, PbRiskPanel, conditions_heading);
  gtk_widget_class_bind_template_child (widget_class, PbRiskPanel, conditions_list);
  gtk_widget_class_bind_template_callback (widget_class, on_flags_list_row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_risk_panel_init (PbRiskPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pb_risk_panel_new (void)
{
  return g_object_new (PB_TYPE_RISK_PANEL, NULL);
}

void
pb_risk_panel_set_evaluation (PbRiskPanel  *self,
                              PbEvaluation *evaluation)
{
  static const char *outcome_classes[] = {
    "outcome-proceed", "outcome-proceed-with-conditions", "outcome-consult-authority",
    "outcome-hold", "outcome-do-not-proceed", "dim-label",
  };
  PbOutcome outcome;
  const char * const *reasons;
  g_autofree char *reasons_text = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *conditions_heading = NULL;
  guint n_flags, n_conditions = 0;

  g_return_if_fail (PB_IS_RISK_PANEL (self));
  g_return_if_fail (PB_IS_EVALUATION (evaluation));

  g_set_object (&self->evaluation, evaluation);

  outcome = pb_evaluation_get_outcome (evaluation);
  gtk_image_set_from_icon_name (self->outcome_icon, pb_outcome_get_icon_name (outcome));
  gtk_label_set_text (self->outcome_label, pb_evaluation_get_outcome_label (evaluation));
  for (guint i = 0; i < G_N_ELEMENTS (outcome_classes); i++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), outcome_classes[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_label), outcome_classes[i]);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), pb_outcome_get_css_class (outcome));
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_label), pb_outcome_get_css_class (outcome));

  reasons = pb_evaluation_get_reasons (evaluation);
  if (reasons != NULL)
    reasons_text = g_strjoinv ("\n", (char **) reasons);
  gtk_label_set_text (self->reasons_label, reasons_text ? reasons_text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reasons_label), reasons_text);
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_label), reasons_text && reasons_text[0]);

  clear_list (self->flags_list);
  clear_list (self->conditions_list);

  /* Risks under "Flags", counted as the report counts them; holds and
   * conditions apart, as things to do before the deal. */
  n_flags = pb_evaluation_get_n_flags (evaluation);
  for (guint i = 0; i < n_flags; i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);

      if (pb_flag_is_condition (flag))
        {
          gtk_list_box_append (self->conditions_list, create_flag_row (flag));
          n_conditions++;
        }
      else
        gtk_list_box_append (self->flags_list, create_flag_row (flag));
    }

  /* Translators: heading of the list of raised flags, with their number */
  heading = g_strdup_printf (_("Flags (%u)"), n_flags - n_conditions);
  gtk_label_set_text (self->flags_heading, heading);
  /* Translators: heading of the list of holds and conditions the deal must
   * meet, with their number */
  conditions_heading = g_strdup_printf (_("Conditions (%u)"), n_conditions);
  gtk_label_set_text (self->conditions_heading, conditions_heading);
  gtk_widget_set_visible (GTK_WIDGET (self->conditions_heading), n_conditions > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->conditions_list), n_conditions > 0);
}

guint
pb_risk_panel_get_n_flags (PbRiskPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (PB_IS_RISK_PANEL (self), 0);

  while (gtk_list_box_get_row_at_index (self->flags_list, n) != NULL)
    n++;

  return n;
}

guint
pb_risk_panel_get_n_conditions (PbRiskPanel *self)
{
  guint n = 0;

  g_return_val_if_fail (PB_IS_RISK_PANEL (self), 0);

  while (gtk_list_box_get_row_at_index (self->conditions_list, n) != NULL)
    n++;

  return n;
}

const char *
pb_risk_panel_get_flag_id (PbRiskPanel *self,
                           guint        index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (PB_IS_RISK_PANEL (self), NULL);

  row = gtk_list_box_get_row_at_index (self->flags_list, index);

  return row ? g_object_get_data (G_OBJECT (row), "rule-id") : NULL;
}

void
pb_risk_panel_activate_flag (PbRiskPanel *self,
                             guint        index)
{
  GtkListBoxRow *row;

  g_return_if_fail (PB_IS_RISK_PANEL (self));

  if ((row = gtk_list_box_get_row_at_index (self->flags_list, index)))
    g_signal_emit_by_name (self->flags_list, "row-activated", row);
}
