/* pb-decision-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-decision-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-case-screener.h"
#include "pb-decision-dialog.h"
#include "pb-gui-utils.h"
#include "pb-store-task.h"
#include "pb-text-field.h"

struct _PbDecisionDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwPreferencesPage   *page;
  AdwActionRow         *outcome_row;
  GtkImage             *outcome_icon;
  AdwPreferencesGroup  *hard_stop_group;
  AdwPreferencesGroup  *first_group;
  AdwActionRow         *first_approver_row;
  AdwActionRow         *first_rationale_row;
  AdwActionRow         *first_reason_row;
  AdwActionRow         *first_conditions_row;
  AdwPreferencesGroup  *choice_group;
  AdwActionRow         *approve_row;
  AdwActionRow         *conditions_choice_row;
  AdwActionRow         *reject_row;
  GtkCheckButton       *approve_check;
  GtkCheckButton       *conditions_check;
  GtkCheckButton       *reject_check;
  AdwPreferencesGroup  *override_group;
  PbTextField          *rationale_field;
  PbTextField          *reason_field;
  AdwPreferencesGroup  *reason_group;
  PbTextField          *conditions_field;
  GtkLabel             *error_label;
  GtkButton            *close_button;
  GtkButton            *record_button;

  /* owned */
  PbCaseStore          *store;
  PbCaseSnapshot       *snapshot;
  char                 *case_id;
  GCancellable         *cancellable;      /* the screening's check */
  char                 *screening_refusal; /* why its screening gets no approval, or NULL */

  /* state */
  PbCaseStatus          pending;          /* the decision a second approval confirms */
  gboolean              second_approval;
  gboolean              override;         /* an approval now would override the outcome */
  gboolean              approvable;       /* no rule of the case refuses an approval */
  guint                 screening;        /* the screened event an approval is taken on, 0: none */
  gboolean              checking;         /* its check against its lists runs */
  GPtrArray            *hard_stop_rows;   /* the rows of hard_stop_group */
  const char           *outcome_class;    /* the CSS class of outcome_icon */
  guint                 n_events;         /* the case's history when the dialog first read it */
  gboolean              settled;          /* decided (or sent back) elsewhere since: nothing to record */
  char                 *refusal;          /* the store's words for it, when it refused this decision */
  PbDecisionDialogHook  record_hook;      /* tests: between the last read and the record */
  gpointer              record_hook_data;
};

G_DEFINE_FINAL_TYPE (PbDecisionDialog, pb_decision_dialog, ADW_TYPE_WINDOW)

enum {
  DECIDED,
  SEND_BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
get_choice (PbDecisionDialog *self,
            PbCaseStatus     *decision)
{
  if (gtk_check_button_get_active (self->approve_check))
    *decision = self->second_approval ? self->pending : PB_CASE_STATUS_APPROVED;
  else if (gtk_check_button_get_active (self->conditions_check))
    *decision = PB_CASE_STATUS_APPROVED_WITH_CONDITIONS;
  else if (gtk_check_button_get_active (self->reject_check))
    *decision = PB_CASE_STATUS_REJECTED;
  else
    return FALSE;

  return TRUE;
}

/* The note under the page. GTK 4.8 cannot announce text: the label is an
 * alert, shown anew for each new note, which AT-SPI tells a screen reader
 * of; the note is the dialog's description while it stands. */
static void
show_error (PbDecisionDialog *self,
            const char       *message)
{
  GtkWidget *label = GTK_WIDGET (self->error_label);

  if (message != NULL && gtk_widget_get_visible (label) && g_str_equal (gtk_label_get_text (self->error_label), message))
    return;

  gtk_widget_set_visible (label, FALSE);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* A note that made insensitive what had the focus (Record, a choice no
 * longer offered), which GTK then drops, takes the focus: the keyboard
 * goes on from it, and a screen reader reads it. */
static void
keep_focus (PbDecisionDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)) || (focus != NULL && gtk_widget_is_sensitive (focus)))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self->error_label));
  gtk_label_select_region (self->error_label, 0, 0);
}

/* What the choice asks for is shown, and Record waits until it is given. */
static void
update (PbDecisionDialog *self)
{
  PbCaseStatus decision = PB_CASE_STATUS_REJECTED;
  gboolean chosen = get_choice (self, &decision);
  gboolean approval = chosen && decision != PB_CASE_STATUS_REJECTED;
  gboolean with_conditions = chosen && !self->second_approval && decision == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS;
  gboolean overriding = approval && self->override;
  gboolean ready;

  adw_preferences_group_set_description (self->choice_group, chosen ? NULL : _("Nothing is chosen for you."));
  gtk_widget_set_visible (GTK_WIDGET (self->conditions_field), with_conditions);
  gtk_widget_set_visible (GTK_WIDGET (self->override_group), overriding);

  ready = !self->settled && chosen && (!approval || !self->checking) && !pb_text_field_is_blank (self->reason_field) &&
          (!with_conditions || !pb_text_field_is_blank (self->conditions_field)) &&
          (!overriding || !pb_text_field_is_blank (self->rationale_field));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.record", ready);
}

static void
on_choice_toggled_cb (PbDecisionDialog *self,
                      GtkCheckButton   *button)
{
  update (self);
}

static void
on_text_changed_cb (PbDecisionDialog *self,
                    PbTextField      *field)
{
  update (self);
}

static void
on_field_activate_cb (PbDecisionDialog *self,
                      PbTextField      *field)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "decision.record", NULL);
}

static void check_screening (PbDecisionDialog *self);

/* Whether an approval may stand on the case's screening: checked against
 * its own lists, and still the latest (a screening recorded since is
 * checked in turn). Says why not. */
static gboolean
screening_holds (PbDecisionDialog *self)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;
  PbScreeningRun *latest;

  if (self->screening_refusal != NULL)
    {
      show_error (self, self->screening_refusal);
      return FALSE;
    }
  if (self->checking)
    return FALSE;

  if (!(screening = pb_case_store_get_screening (self->store, self->case_id, 0, &error)))
    {
      show_error (self, error->message);
      return FALSE;
    }
  latest = pb_case_screening_get_latest (screening);
  if ((latest != NULL ? latest->event : 0) != self->screening)
    {
      self->screening = latest != NULL ? latest->event : 0;
      check_screening (self);
      show_error (self, _("The case was screened again meanwhile: its new screening is checked against its lists first"));
      return FALSE;
    }

  return TRUE;
}

static gboolean read_again (PbDecisionDialog *self);
static gboolean read_again_refused (PbDecisionDialog *self,
                                    const GError     *refusal);

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbDecisionDialog *self = PB_DECISION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  PbDecisionBasis basis = PB_DECISION_BASIS_INIT;
  PbCaseStatus decision;

  if (!get_choice (self, &decision))
    return;

  /* An approval stands on the case as the dialog shows it. A rejection
   * stands whatever the outcome, but not on a decision taken elsewhere
   * meanwhile, which the store would take it as a change of. */
  if (decision != PB_CASE_STATUS_REJECTED ? !screening_holds (self) || read_again (self)
                                          : read_again (self) && self->settled)
    {
      keep_focus (self);
      return;
    }

  if (self->record_hook != NULL)
    self->record_hook (self, self->record_hook_data);

  /* On the screening checked, and on the case as last read: a screening
   * recorded since is refused, and so is a decision (or a sending back)
   * by someone else between that read and this record, which this one
   * would otherwise silently replace. */
  basis.screening = decision != PB_CASE_STATUS_REJECTED ? self->screening : PB_SCREENING_UNCHECKED;
  basis.n_events = pb_case_snapshot_get_n_events (self->snapshot);
  if (!pb_case_store_decide_on (self->store, self->case_id, decision,
                                pb_text_field_get_text (self->reason_field),
                                decision == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS && !self->second_approval
                                  ? pb_text_field_get_text (self->conditions_field) : NULL,
                                self->override && decision != PB_CASE_STATUS_REJECTED
                                  ? pb_text_field_get_text (self->rationale_field) : NULL,
                                &basis, &error))
    {
      /* Refused as the case stands now: decided elsewhere since the
       * dialog read it, which the dialog then says in the store's words;
       * or its answers changed, which may stop the sale or make it an
       * override. */
      gboolean changed = read_again_refused (self, error);

      if (self->settled)
        return;
      if (decision == PB_CASE_STATUS_REJECTED || !g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED) ||
          !changed)
        show_error (self, error->message);
      keep_focus (self);
      return;
    }

  g_signal_emit (self, signals[DECIDED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* An approval that the store would refuse is not offered, and says why. */
static void
block_approval (PbDecisionDialog *self,
                const char       *why)
{
  adw_action_row_set_subtitle (self->approve_row, why);
  adw_action_row_set_subtitle (self->conditions_choice_row, why);
  gtk_widget_set_sensitive (GTK_WIDGET (self->approve_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conditions_choice_row), FALSE);
}

/* The rows an approval is chosen with, sensitive when the case's rules and
 * its screening allow one; @why (or NULL) under them. */
static void
offer_approval (PbDecisionDialog *self,
                const char       *why)
{
  gboolean offered = self->approvable && !self->checking && self->screening_refusal == NULL;

  adw_action_row_set_subtitle (self->approve_row, why ? why : "");
  adw_action_row_set_subtitle (self->conditions_choice_row, why ? why : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->approve_row), offered);
  gtk_widget_set_sensitive (GTK_WIDGET (self->conditions_choice_row), offered);
}

/* Why an approval is offered as it is, once nothing more is checked. */
static const char *
approval_note (PbDecisionDialog *self)
{
  return self->override ? _("An override: needs your rationale and a second legal reviewer") : NULL;
}

/* What a check found: the screening checked, and a note (empty when it
 * was checked). */
typedef struct
{
  guint  event;
  char  *not_checked;
} CheckResult;

static void
check_result_free (CheckResult *result)
{
  g_free (result->not_checked);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CheckResult, check_result_free)

static gpointer
check_screening_in_thread (PbCaseStore   *store,
                           gpointer       data,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(CheckResult) result = g_new0 (CheckResult, 1);

  if (!pb_case_check_screening (store, data, &result->event, &result->not_checked, error))
    return NULL;

  if (result->not_checked == NULL)
    result->not_checked = g_strdup ("");
  return g_steal_pointer (&result);
}

typedef struct
{
  PbDecisionDialog *self;
  GCancellable     *cancellable;   /* cancelled: the dialog closed, or checks again */
} CheckCall;

static void
screening_checked_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autofree CheckCall *call = user_data;
  g_autoptr(PbDecisionDialog) self = call->self;
  g_autoptr(GCancellable) cancellable = call->cancellable;
  g_autoptr(GError) error = NULL;
  g_autoptr(CheckResult) checked = pb_store_task_run_finish (result, &error);
  const char *not_checked = checked != NULL ? checked->not_checked : NULL;

  if (g_cancellable_is_cancelled (cancellable))
    return;

  self->checking = FALSE;
  /* The screening an approval now stands on: the one checked. */
  if (checked != NULL)
    self->screening = checked->event;
  if (not_checked == NULL)
    {
      self->screening_refusal = g_strdup (error->message);
      offer_approval (self, self->screening_refusal);
      show_error (self, NULL);
    }
  else
    {
      offer_approval (self, *not_checked != '\0' ? not_checked : approval_note (self));
      show_error (self, NULL);
    }
  update (self);
}

/* A screening is the lists' word, not the screener's: before an approval
 * the screening it would stand on is screened again, in a worker (the
 * index of a large list takes seconds to build) while the dialog is read. */
static void
check_screening (PbDecisionDialog *self)
{
  CheckCall *call = g_new0 (CheckCall, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->screening_refusal, g_free);
  self->checking = TRUE;
  offer_approval (self, _("Checking the screening against its own lists…"));
  update (self);
  call->self = g_object_ref (self);
  call->cancellable = g_object_ref (self->cancellable);
  pb_store_task_run_async (self->store, PB_CASE_STORE_FLAGS_READ_ONLY, check_screening_in_thread,
                           g_strdup (self->case_id), g_free, (GDestroyNotify) check_result_free, self->cancellable,
                           screening_checked_cb, call);
}

/* The outcome and the hard stops in force, in place of any shown before;
 * whether there is one. */
static gboolean
show_outcome (PbDecisionDialog *self,
              PbEvaluation     *evaluation)
{
  PbOutcome outcome = pb_evaluation_get_outcome (evaluation);
  const char * const *reasons = pb_evaluation_get_reasons (evaluation);
  g_autofree char *reasons_text = reasons ? g_strjoinv ("\n", (char **) reasons) : NULL;
  gboolean hard_stop = FALSE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), pb_outcome_get_label (outcome));
  adw_action_row_set_subtitle (self->outcome_row, reasons_text ? reasons_text : "");
  gtk_image_set_from_icon_name (self->outcome_icon, pb_outcome_get_icon_name (outcome));
  if (self->outcome_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->outcome_icon), self->outcome_class);
  self->outcome_class = pb_outcome_get_css_class (outcome);
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), self->outcome_class);

  for (guint i = 0; i < self->hard_stop_rows->len; i++)
    adw_preferences_group_remove (self->hard_stop_group, g_ptr_array_index (self->hard_stop_rows, i));
  g_ptr_array_set_size (self->hard_stop_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->hard_stop_group), FALSE);

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);
      PbRule *rule = pb_flag_get_rule (flag);
      /* Translators: a rule id, then why it stops the sale */
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *icon;

      if (!pb_flag_is_hard_stop (flag))
        continue;

      row = adw_action_row_new ();
      icon = pb_decorative_icon_new ("process-stop-symbolic");
      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pb_rule_get_title (rule));
      subtitle = g_strdup_printf (_("%s: %s"), pb_rule_get_id (rule), pb_rule_get_rationale (rule));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (self->hard_stop_group, row);
      g_ptr_array_add (self->hard_stop_rows, row);
      gtk_widget_set_visible (GTK_WIDGET (self->hard_stop_group), TRUE);
      hard_stop = TRUE;
    }

  return hard_stop;
}

static const char *
hard_stop_note (void)
{
  return _("Not possible: a legal hard stop applies. Reject the case, or send it back for changes if its facts "
           "were wrong.");
}

/* Why an approval is not offered on the case as the dialog last read it
 * (@hard_stop: one is in force), or NULL. */
static const char *
approval_refused_because (PbDecisionDialog *self,
                          gboolean          hard_stop)
{
  PbActor *actor = pb_case_store_get_actor (self->store);
  PbDecision *decision = pb_case_snapshot_get_decision (self->snapshot);
  PbEvaluation *evaluation = pb_case_snapshot_get_evaluation (self->snapshot);

  if (hard_stop)
    return hard_stop_note ();
  if (pb_evaluation_get_outcome (evaluation) == PB_OUTCOME_INCOMPLETE)
    return _("Not possible: required questions are unanswered");
  if (pb_case_snapshot_get_withdrawn_by (self->snapshot) != NULL)
    return _("Not possible: the approval of this case’s questionnaire was withdrawn; assess the case "
             "again on the current questionnaire");
  if (actor != NULL && decision != NULL && pb_actor_is_named (actor, pb_decision_get_submitter (decision)))
    return _("Not possible for you: you submitted this case, another legal reviewer approves it");
  if (actor != NULL && pb_case_snapshot_is_author (self->snapshot, pb_actor_get_name (actor)))
    return _("Not possible for you: you wrote answers or evidence of this case, another legal reviewer "
             "approves it");
  if (actor != NULL && self->second_approval && pb_actor_is_named (actor, pb_decision_get_approver_name (decision, 0)))
    return _("Not possible for you: you gave the first approval, another legal reviewer gives the second");

  return NULL;
}

/* What the dialog says when the case it shows changed under it. */
static char *
describe_change (PbDecisionDialog *self,
                 gboolean          hard_stop,
                 gboolean          was_approvable,
                 gboolean          was_override)
{
  PbEvaluation *evaluation = pb_case_snapshot_get_evaluation (self->snapshot);
  const char *outcome = pb_outcome_get_label (pb_evaluation_get_outcome (evaluation));

  /* What no longer applies to someone who could not approve anyway goes
   * unsaid: the outcome is news to them, the rest is not. */
  if (hard_stop && was_approvable)
    return g_strdup (_("The answers changed since this dialog read them, and a legal hard stop now applies: nobody "
                       "may approve the case. Reject it, or send it back for changes if its facts were wrong."));
  if (!self->approvable && was_approvable)
    /* Translators: an outcome, such as “Incomplete” */
    return g_strdup_printf (_("The answers changed since this dialog read them: the outcome is now “%s”, and an "
                              "approval is no longer possible."),
                            outcome);
  if (self->approvable && self->override && (!was_override || !was_approvable))
    /* Translators: an outcome, such as “Do not proceed” */
    return g_strdup_printf (_("The answers changed since this dialog read them: the outcome is now “%s”. An approval "
                              "overrides it: it needs your written rationale and a second legal reviewer."),
                            outcome);
  if (self->approvable && !self->override && was_override)
    /* Translators: an outcome, such as “Proceed” */
    return g_strdup_printf (_("The answers changed since this dialog read them: the outcome is now “%s”, and an "
                              "approval is no longer an override."),
                            outcome);

  /* Translators: an outcome, such as “Proceed with conditions” */
  return g_strdup_printf (_("The answers changed since this dialog read them: the outcome is now “%s”."), outcome);
}

/* The first change of status in the case's history since the dialog read
 * it first (someone decided the case, or sent it back, elsewhere), or
 * NULL: then the case still awaits the decision the dialog asks for. */
static PbHistoryEvent *
find_settling_event (PbDecisionDialog *self)
{
  g_autoptr(GListModel) events = NULL;
  g_autoptr(GError) error = NULL;

  if (pb_case_snapshot_get_n_events (self->snapshot) <= self->n_events)
    return NULL;

  if (!(events = pb_case_store_list_history (self->store, self->case_id, &error)))
    {
      g_debug ("%s: history not read: %s", self->case_id, error->message);
      return NULL;
    }
  for (guint i = self->n_events; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (events, i);

      if (pb_history_event_get_kind (event) == PB_EVENT_STATUS_CHANGED)
        return g_steal_pointer (&event);
    }

  return NULL;
}

static const char *
records_nothing_more (void)
{
  return _("This dialog records nothing more: close it, and decide again if the case still needs you.");
}

/* Who took the decision out of the dialog's hands, what they did and
 * when (@event), and where the case stands now if it moved on since. */
static char *
describe_settled (PbDecisionDialog *self,
                  PbHistoryEvent   *event)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *when = pb_format_timestamp (pb_history_event_get_time (event));
  const char *who = pb_history_event_get_user (event);
  const char *reason = pb_history_event_get_reason (event);
  PbCaseStatus now = pb_case_snapshot_get_status (self->snapshot);
  PbCaseStatus to;

  if (!pb_case_status_from_string (pb_history_event_get_new_value (event), &to))
    to = now;

  if (pb_case_status_is_decision (to))
    /* Translators: a person's name, a decision (“approved”, “rejected”), then when */
    g_string_printf (text, _("%s decided this case meanwhile: %s, on %s."), who, pb_case_status_get_noun (to), when);
  else if (to == PB_CASE_STATUS_DRAFT)
    /* Translators: a person's name, then when */
    g_string_printf (text, _("%s sent this case back for changes meanwhile, on %s."), who, when);
  else if (to == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
    /* Translators: a person's name, then when */
    g_string_printf (text, _("%s approved this case meanwhile, on %s, as an override that awaits a second legal "
                             "reviewer."),
                     who, when);
  else
    /* Translators: a person's name, when, then a status (“signed”) */
    g_string_printf (text, _("%s changed this case meanwhile, on %s: it is %s."), who, when,
                     pb_case_status_get_noun (to));

  if (reason != NULL)
    {
      g_string_append_c (text, ' ');
      /* Translators: the reason someone gave for a decision */
      g_string_append_printf (text, _("Their reason: “%s”."), reason);
    }
  if (now != to)
    {
      g_string_append_c (text, ' ');
      /* Translators: a status, such as “draft” */
      g_string_append_printf (text, _("It is now %s."), pb_case_status_get_noun (now));
    }
  g_string_append_c (text, ' ');
  g_string_append (text, records_nothing_more ());

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The case no longer awaits the decision asked for (@event: who took it
 * out of the dialog's hands): the dialog says so and stays open to be
 * read, offers nothing to record, and Close is what Return does. What was
 * typed stays, to be read and copied. */
static void
settle (PbDecisionDialog *self,
        PbHistoryEvent   *event,
        const char       *refusal)
{
  g_autofree char *message = NULL;
  PbTextField *fields[] = { self->reason_field, self->conditions_field, self->rationale_field };

  /* The store's refusal of this dialog's decision says it in its words,
   * which stay when the case is read again (the window's watch follows). */
  if (refusal != NULL && self->refusal == NULL)
    self->refusal = g_strdup (refusal);
  if (self->refusal != NULL)
    message = g_strdup_printf ("%s %s", self->refusal, records_nothing_more ());
  else
    message = describe_settled (self, event);

  if (!self->settled)
    {
      self->settled = TRUE;
      g_cancellable_cancel (self->cancellable);
      self->checking = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->choice_group), FALSE);
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        gtk_text_view_set_editable (pb_text_field_get_view (fields[i]), FALSE);
      adw_preferences_group_set_description (self->reason_group, NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "decision.send-back", FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->record_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->close_button), "suggested-action");
      gtk_button_set_label (self->close_button, _("_Close"));
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
      update (self);
    }
  show_error (self, message);
  /* Focus moves to Close: a screen reader says it with its description,
   * whatever it makes of the alert. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->close_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

/* Reads the case again (someone changed its answers, or confirmed a
 * sanctions match, meanwhile) and shows it as it is now: the outcome and
 * the hard stops in force, whether an approval is offered, and whether it
 * overrides the outcome, which asks for a rationale and a second legal
 * reviewer; or, decided elsewhere meanwhile, that it awaits this decision
 * no longer. Whether any of that changed: then the dialog says so, and
 * nothing chosen before is recorded unseen. */
static gboolean
read_again (PbDecisionDialog *self)
{
  return read_again_refused (self, NULL);
}

/* read_again() after the store refused to record this dialog's decision
 * (@refusal): a decision taken elsewhere since the dialog's last read
 * (PB_STORAGE_ERROR_CONFLICT) settles the dialog with the store's words,
 * which name who decided what and when. */
static gboolean
read_again_refused (PbDecisionDialog *self,
                    const GError     *refusal)
{
  g_autoptr(PbCaseSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(PbHistoryEvent) settling = NULL;
  PbOutcome was_outcome = pb_evaluation_get_outcome (pb_case_snapshot_get_evaluation (self->snapshot));
  gboolean was_approvable = self->approvable;
  gboolean was_override = self->override;
  PbEvaluation *evaluation;
  gboolean hard_stop;
  const char *why;

  if (!(snapshot = pb_case_store_read_snapshot (self->store, self->case_id, 0, &error)))
    {
      g_debug ("%s: not read again: %s", self->case_id, error->message);
      return FALSE;
    }

  g_set_object (&self->snapshot, snapshot);
  if ((settling = find_settling_event (self)) != NULL)
    {
      settle (self, settling,
              g_error_matches (refusal, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT) ? refusal->message : NULL);
      return TRUE;
    }

  evaluation = pb_case_snapshot_get_evaluation (snapshot);
  hard_stop = show_outcome (self, evaluation);
  if (!self->second_approval)
    self->override = pb_outcome_needs_override (pb_evaluation_get_outcome (evaluation));
  why = approval_refused_because (self, hard_stop);
  self->approvable = why == NULL;

  if (!self->approvable)
    {
      g_cancellable_cancel (self->cancellable);
      self->checking = FALSE;
      block_approval (self, why);
      gtk_check_button_set_active (self->approve_check, FALSE);
      gtk_check_button_set_active (self->conditions_check, FALSE);
    }
  else if (!was_approvable)
    {
      PbCaseScreening *screening = pb_case_snapshot_get_screening (snapshot);
      PbScreeningRun *latest = screening != NULL ? pb_case_screening_get_latest (screening) : NULL;

      offer_approval (self, approval_note (self));
      if (latest != NULL)
        {
          self->screening = latest->event;
          check_screening (self);
        }
    }
  else if (!self->checking && self->screening_refusal == NULL)
    offer_approval (self, approval_note (self));

  if (pb_evaluation_get_outcome (evaluation) == was_outcome && self->approvable == was_approvable &&
      self->override == was_override)
    {
      update (self);
      return FALSE;
    }

  message = describe_change (self, hard_stop, was_approvable, was_override);
  show_error (self, message);
  update (self);
  keep_focus (self);
  return TRUE;
}

static void
show_first_approval (PbDecisionDialog *self,
                     PbDecision       *decision)
{
  g_autofree char *who = NULL;
  const char *role = pb_decision_get_approver_role (decision, 0);
  const char *organisation = pb_decision_get_approver_organisation (decision, 0);
  g_autofree char *when = pb_format_timestamp (pb_decision_get_approver_time (decision, 0));
  PbRole value;

  if (role != NULL && pb_role_from_string (role, &value))
    role = pb_role_get_label (value);
  /* Translators: a person's name, their role, their organisation, then when */
  who = g_strdup_printf (_("%s (%s%s%s), %s"), pb_decision_get_approver_name (decision, 0),
                         role ? role : "", organisation ? ", " : "", organisation ? organisation : "", when);

  gtk_widget_set_visible (GTK_WIDGET (self->first_group), TRUE);
  adw_action_row_set_subtitle (self->first_approver_row, who);
  adw_action_row_set_subtitle (self->first_rationale_row, pb_decision_get_override_rationale (decision) ?: "");
  adw_action_row_set_subtitle (self->first_reason_row, pb_decision_get_reason (decision) ?: "");
  adw_action_row_set_subtitle (self->first_conditions_row, pb_decision_get_conditions (decision) ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->first_conditions_row), pb_decision_get_conditions (decision) != NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Second Approval"));
  adw_preferences_group_set_title (self->choice_group, _("Your Decision"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->approve_row),
                                 self->pending == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS
                                   ? _("_Approve too, with these conditions") : _("_Approve too"));
  gtk_widget_set_visible (GTK_WIDGET (self->conditions_choice_row), FALSE);
}

/* What the dialog offers follows from the case as it is now, read whole. */
static gboolean
load (PbDecisionDialog  *self,
      GError           **error)
{
  PbDecision *decision;
  PbEvaluation *evaluation;
  gboolean hard_stop = FALSE;
  const char *why;

  if (!(self->snapshot = pb_case_store_read_snapshot (self->store, self->case_id, 0, error)))
    return FALSE;
  self->n_events = pb_case_snapshot_get_n_events (self->snapshot);

  evaluation = pb_case_snapshot_get_evaluation (self->snapshot);
  decision = pb_case_snapshot_get_decision (self->snapshot);
  hard_stop = show_outcome (self, evaluation);

  self->second_approval = pb_case_snapshot_get_status (self->snapshot) == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL &&
                          decision != NULL && pb_decision_is_pending (decision);
  self->override = !self->second_approval && pb_outcome_needs_override (pb_evaluation_get_outcome (evaluation));
  if (self->second_approval)
    {
      self->pending = pb_decision_get_decision (decision);
      show_first_approval (self, decision);
    }

  if ((why = approval_refused_because (self, hard_stop)) != NULL)
    block_approval (self, why);
  else
    {
      PbCaseScreening *screening = pb_case_snapshot_get_screening (self->snapshot);
      PbScreeningRun *latest = screening != NULL ? pb_case_screening_get_latest (screening) : NULL;

      self->approvable = TRUE;
      offer_approval (self, approval_note (self));
      if (latest != NULL)
        {
          self->screening = latest->event;
          check_screening (self);
        }
    }

  update (self);
  return TRUE;
}

static void
send_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PbDecisionDialog *self = PB_DECISION_DIALOG (widget);

  g_signal_emit (self, signals[SEND_BACK], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pb_decision_dialog_dispose (GObject *object)
{
  PbDecisionDialog *self = PB_DECISION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_DECISION_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->snapshot);
  g_clear_pointer (&self->hard_stop_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_decision_dialog_parent_class)->dispose (object);
}

static void
pb_decision_dialog_finalize (GObject *object)
{
  PbDecisionDialog *self = PB_DECISION_DIALOG (object);

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->screening_refusal, g_free);
  g_clear_pointer (&self->refusal, g_free);

  G_OBJECT_CLASS (pb_decision_dialog_parent_class)->finalize (object);
}

static void
pb_decision_dialog_class_init (PbDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_decision_dialog_dispose;
  object_class->finalize = pb_decision_dialog_finalize;

  signals[DECIDED] =
    g_signal_new ("decided",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* Send Back for Changes, asked from the dialog: whoever opened it
   * offers it (the wizard); the dialog closes. */
  signals[SEND_BACK] =
    g_signal_new ("send-back",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (PB_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-decision-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, page);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, hard_stop_group);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, first_group);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, first_approver_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, first_rationale_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, first_reason_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, first_conditions_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, choice_group);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, approve_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, conditions_choice_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, reject_row);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, approve_check);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, conditions_check);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, reject_check);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, override_group);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, rationale_field);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, reason_field);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, conditions_field);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, record_button);
  gtk_widget_class_bind_template_child (widget_class, PbDecisionDialog, reason_group);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_activate_cb);

  gtk_widget_class_install_action (widget_class, "decision.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "decision.send-back", NULL, send_back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_decision_dialog_init (PbDecisionDialog *self)
{
  self->hard_stop_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

PbDecisionDialog *
pb_decision_dialog_new (GtkWindow    *parent,
                        PbCaseStore  *store,
                        const char   *case_id,
                        GError      **error)
{
  PbDecisionDialog *self;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (PB_TYPE_DECISION_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->case_id = g_strdup (case_id);

  if (!load (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  return self;
}

void
pb_decision_dialog_refresh (PbDecisionDialog *self)
{
  g_return_if_fail (PB_IS_DECISION_DIALOG (self));

  read_again (self);
}

void
pb_decision_dialog_choose (PbDecisionDialog *self,
                           PbCaseStatus      decision)
{
  g_return_if_fail (PB_IS_DECISION_DIALOG (self));

  if (decision == PB_CASE_STATUS_REJECTED)
    gtk_check_button_set_active (self->reject_check, TRUE);
  else if (decision == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS && !self->second_approval)
    gtk_check_button_set_active (self->conditions_check, TRUE);
  else
    gtk_check_button_set_active (self->approve_check, TRUE);
}

gboolean
pb_decision_dialog_get_choice (PbDecisionDialog *self,
                               PbCaseStatus     *decision)
{
  PbCaseStatus dummy;

  g_return_val_if_fail (PB_IS_DECISION_DIALOG (self), FALSE);

  return get_choice (self, decision ? decision : &dummy);
}

gboolean
pb_decision_dialog_can_choose (PbDecisionDialog *self,
                               PbCaseStatus      decision)
{
  GtkWidget *row;

  g_return_val_if_fail (PB_IS_DECISION_DIALOG (self), FALSE);

  if (decision == PB_CASE_STATUS_REJECTED)
    row = GTK_WIDGET (self->reject_row);
  else if (decision == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS && !self->second_approval)
    row = GTK_WIDGET (self->conditions_choice_row);
  else
    row = GTK_WIDGET (self->approve_row);

  return gtk_widget_get_visible (row) && gtk_widget_is_sensitive (row);
}

void
pb_decision_dialog_set_texts (PbDecisionDialog *self,
                              const char       *reason,
                              const char       *conditions,
                              const char       *rationale)
{
  g_return_if_fail (PB_IS_DECISION_DIALOG (self));

  if (reason != NULL)
    pb_text_field_set_text (self->reason_field, reason);
  if (conditions != NULL)
    pb_text_field_set_text (self->conditions_field, conditions);
  if (rationale != NULL)
    pb_text_field_set_text (self->rationale_field, rationale);
}

gboolean
pb_decision_dialog_is_second_approval (PbDecisionDialog *self)
{
  g_return_val_if_fail (PB_IS_DECISION_DIALOG (self), FALSE);

  return self->second_approval;
}

const char *
pb_decision_dialog_get_error (PbDecisionDialog *self)
{
  g_return_val_if_fail (PB_IS_DECISION_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

gboolean
pb_decision_dialog_is_checking (PbDecisionDialog *self)
{
  g_return_val_if_fail (PB_IS_DECISION_DIALOG (self), FALSE);

  return self->checking;
}

void
pb_decision_dialog_set_record_hook (PbDecisionDialog     *self,
                                    PbDecisionDialogHook  func,
                                    gpointer              data)
{
  g_return_if_fail (PB_IS_DECISION_DIALOG (self));

  self->record_hook = func;
  self->record_hook_data = data;
}
