/* pb-question-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-question-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "pb-citation.h"
#include "pb-country-chooser.h"
#include "pb-date.h"
#include "pb-gui-utils.h"
#include "pb-question-view.h"

/* Typed text is saved after this pause, or when the focus leaves it. */
#define TYPING_DELAY_MS 600
/* Single choice with more options than this uses a drop-down. */
#define MAX_RADIO_CHOICES 6

struct _PbQuestionView
{
  GtkWidget         parent_instance;

  /* template widgets */
  GtkLabel         *id_label;
  GtkLabel         *label_label;
  GtkLabel         *required_mark;
  GtkLabel         *gate_mark;
  GtkWidget        *marks_box;
  GtkButton        *clear_button;
  GtkMenuButton    *help_button;
  GtkLabel         *help_label;
  GtkLabel         *refs_label;
  GtkBox           *input_box;
  GtkLabel         *missing_label;
  GtkLabel         *reference_label;
  GtkExpander      *more_expander;
  GtkTextView      *comment_view;
  GtkListBox       *evidence_list;

  /* input widgets, by question type */
  GPtrArray        *buttons;        /* GtkToggleButton or GtkCheckButton, "code" data */
  GtkDropDown      *drop_down;
  GtkEntry         *entry;
  GtkTextView      *text_view;
  GtkSpinButton    *spin;
  PbCountryChooser *country;
  GtkCheckButton   *unknown_check;
  GtkWidget        *focus_target;

  /* owned */
  GPtrArray        *evidence;       /* PbEvidence */
  char             *comment;

  /* state */
  PbQuestion       *question;
  guint             typing_source;
  guint             loading;
  gboolean          spin_answered;
};

G_DEFINE_FINAL_TYPE (PbQuestionView, pb_question_view, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  ATTACH_EVIDENCE,
  OPEN_EVIDENCE,
  REMOVE_EVIDENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_clear_available (PbQuestionView *self,
                     gboolean        available)
{
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), available);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.clear", available);
}

static void
emit_changed (PbQuestionView *self)
{
  g_clear_handle_id (&self->typing_source, g_source_remove);

  if (self->loading)
    return;

  set_clear_available (self, gtk_widget_get_sensitive (GTK_WIDGET (self->input_box)));
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
typing_timeout_cb (gpointer user_data)
{
  PbQuestionView *self = user_data;

  self->typing_source = 0;
  emit_changed (self);

  return G_SOURCE_REMOVE;
}

static void
typed_cb (PbQuestionView *self)
{
  if (self->loading)
    return;

  g_clear_handle_id (&self->typing_source, g_source_remove);
  self->typing_source = g_timeout_add (TYPING_DELAY_MS, typing_timeout_cb, self);
}

static void
input_changed_cb (PbQuestionView *self)
{
  emit_changed (self);
}

static void
toggled_cb (PbQuestionView *self,
            GtkWidget      *button)
{
  gboolean active;

  if (GTK_IS_CHECK_BUTTON (button))
    active = gtk_check_button_get_active (GTK_CHECK_BUTTON (button));
  else
    {
      active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_CHECKED, active, -1);
    }

  /* Radio groups toggle twice per change; react to the newly active one. */
  if (!active && pb_question_get_question_type (self->question) != PB_QUESTION_MULTIPLE)
    return;

  emit_changed (self);
}

static void
unknown_toggled_cb (PbQuestionView *self,
                    GtkCheckButton *check)
{
  gboolean unknown = gtk_check_button_get_active (check);

  for (guint i = 0; self->buttons && i < self->buttons->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (self->buttons, i), !unknown);
  if (self->entry)
    gtk_widget_set_sensitive (GTK_WIDGET (self->entry), !unknown);
  if (self->text_view)
    gtk_widget_set_sensitive (GTK_WIDGET (self->text_view), !unknown);
  if (self->spin)
    gtk_widget_set_sensitive (GTK_WIDGET (self->spin), !unknown);
  if (self->country)
    gtk_widget_set_sensitive (GTK_WIDGET (self->country), !unknown);

  emit_changed (self);
}

static void
spin_changed_cb (PbQuestionView *self)
{
  if (self->loading)
    return;

  self->spin_answered = TRUE;
  typed_cb (self);
}

static void
date_changed_cb (PbQuestionView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  gboolean valid = text[0] == '\0' || pb_date_is_valid (text);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");

  if (valid)
    typed_cb (self);
}

static void
day_selected_cb (PbQuestionView *self,
                 GtkCalendar    *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  pb_question_view_flush (self);
}

static void
focus_leave_cb (PbQuestionView *self)
{
  pb_question_view_flush (self);
}


static void
add_focus_flush (PbQuestionView *self,
                 GtkWidget      *widget)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "leave", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, focus);
}

static void
set_accessible_label (PbQuestionView *self,
                      GtkWidget      *widget)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pb_question_get_label (self->question),
                                  -1);
}

/* One choice of many is a radio button to a screen reader, whether it
 * looks like a radio or a linked toggle; several of many a check box. GTK
 * 4.8 calls every check button a check box and a toggle a button. */
static GtkWidget *
add_button (PbQuestionView *self,
            GtkWidget      *box,
            GtkWidget      *group,
            const char     *code,
            const char     *label,
            gboolean        toggle)
{
  gboolean single = pb_question_get_question_type (self->question) != PB_QUESTION_MULTIPLE;
  GtkWidget *button;

  button = g_object_new (toggle ? GTK_TYPE_TOGGLE_BUTTON : GTK_TYPE_CHECK_BUTTON,
                         "label", label,
                         "accessible-role", single ? GTK_ACCESSIBLE_ROLE_RADIO : GTK_ACCESSIBLE_ROLE_CHECKBOX,
                         NULL);
  if (toggle)
    {
      if (group)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (group));
      gtk_accessible_update_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_CHECKED, FALSE, -1);
    }
  else
    {
      GtkWidget *text = gtk_widget_get_last_child (button);

      if (group)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), GTK_CHECK_BUTTON (group));
      /* Long choices wrap on a narrow window instead of widening it. */
      if (GTK_IS_LABEL (text))
        {
          gtk_label_set_wrap (GTK_LABEL (text), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_xalign (GTK_LABEL (text), 0);
        }
    }

  g_object_set_data_full (G_OBJECT (button), "code", g_strdup (code), g_free);
  g_signal_connect_object (button, "toggled", G_CALLBACK (toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), button);
  g_ptr_array_add (self->buttons, button);

  if (self->focus_target == NULL)
    self->focus_target = button;

  return button;
}

static GtkWidget *
new_group_box (PbQuestionView *self,
               GtkOrientation  orientation)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                 "orientation", orientation,
                                 "spacing", orientation == GTK_ORIENTATION_VERTICAL ? 2 : 0,
                                 NULL);

  set_accessible_label (self, box);
  gtk_box_append (self->input_box, box);

  return box;
}

static void
add_unknown_check (PbQuestionView *self)
{
  if (!pb_question_allows_unknown (self->question))
    return;

  self->unknown_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Not known")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->unknown_check),
                               _("Choose this when the answer cannot be found out; it counts against the deal"));
  g_signal_connect_object (self->unknown_check, "toggled", G_CALLBACK (unknown_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->input_box, GTK_WIDGET (self->unknown_check));
}

/* GtkCalendar's arrows carry only an icon: name them for screen readers,
 * in the order GTK 4.8 builds them (month, then year). */
static void
name_calendar_buttons_in (GtkWidget *widget,
                          guint     *n)
{
  const char * const names[] = {
    N_("Previous Month"), N_("Next Month"), N_("Previous Year"), N_("Next Year"),
  };

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && *n < G_N_ELEMENTS (names))
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _(names[*n]), -1);
          gtk_widget_set_tooltip_text (child, _(names[*n]));
          (*n)++;
        }
      else
        name_calendar_buttons_in (child, n);
    }
}

static void
name_calendar_buttons (GtkWidget *calendar)
{
  guint n = 0;

  name_calendar_buttons_in (calendar, &n);
}

static void
build_input (PbQuestionView *self)
{
  PbQuestion *q = self->question;
  PbQuestionType type = pb_question_get_question_type (q);
  guint n_choices = pb_question_get_n_choices (q);
  GtkWidget *box;
  GtkWidget *group = NULL;

  self->buttons = g_ptr_array_new ();

  switch (type)
    {
    case PB_QUESTION_YES_NO:
    case PB_QUESTION_YES_NO_UNKNOWN:
      box = new_group_box (self, GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_halign (box, GTK_ALIGN_START);
      group = add_button (self, box, NULL, "yes", _("Yes"), TRUE);
      add_button (self, box, group, "no", _("No"), TRUE);
      if (type == PB_QUESTION_YES_NO_UNKNOWN || pb_question_allows_unknown (q))
        add_button (self, box, group, "unknown", _("Not known"), TRUE);
      break;

    case PB_QUESTION_SINGLE:
      if (n_choices <= MAX_RADIO_CHOICES)
        {
          box = new_group_box (self, GTK_ORIENTATION_VERTICAL);
          for (guint i = 0; i < n_choices; i++)
            {
              PbChoice *choice = pb_question_get_choice (q, i);
              GtkWidget *button = add_button (self, box, group, pb_choice_get_code (choice),
                                              pb_choice_get_label (choice), FALSE);
              group = group ? group : button;
            }
          if (pb_question_allows_unknown (q))
            add_button (self, box, group, "unknown", _("Not known"), FALSE);
        }
      else
        {
          g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
          g_autoptr(GtkExpression) expression = NULL;

          for (guint i = 0; i < n_choices; i++)
            gtk_string_list_append (labels, pb_choice_get_label (pb_question_get_choice (q, i)));
          if (pb_question_allows_unknown (q))
            gtk_string_list_append (labels, _("Not known"));

          expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
          self->drop_down = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)),
                                                              g_steal_pointer (&expression)));
          gtk_drop_down_set_enable_search (self->drop_down, TRUE);
          gtk_drop_down_set_selected (self->drop_down, GTK_INVALID_LIST_POSITION);
          gtk_widget_set_halign (GTK_WIDGET (self->drop_down), GTK_ALIGN_START);
          pb_drop_down_set_accessible_label (self->drop_down, pb_question_get_label (q));
          pb_widget_name_search_entries (GTK_WIDGET (self->drop_down), _("Search the Choices"));
          pb_drop_down_choose_on_return (self->drop_down);
          g_signal_connect_object (self->drop_down, "notify::selected", G_CALLBACK (input_changed_cb), self, G_CONNECT_SWAPPED);
          gtk_box_append (self->input_box, GTK_WIDGET (self->drop_down));
          self->focus_target = GTK_WIDGET (self->drop_down);
        }
      break;

    case PB_QUESTION_MULTIPLE:
      box = new_group_box (self, GTK_ORIENTATION_VERTICAL);
      for (guint i = 0; i < n_choices; i++)
        {
          PbChoice *choice = pb_question_get_choice (q, i);
          add_button (self, box, NULL, pb_choice_get_code (choice), pb_choice_get_label (choice), FALSE);
        }
      add_unknown_check (self);
      break;

    case PB_QUESTION_TEXT:
      self->entry = GTK_ENTRY (gtk_entry_new ());
      set_accessible_label (self, GTK_WIDGET (self->entry));
      g_signal_connect_object (self->entry, "changed", G_CALLBACK (typed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->entry, "activate", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
      add_focus_flush (self, GTK_WIDGET (self->entry));
      gtk_box_append (self->input_box, GTK_WIDGET (self->entry));
      self->focus_target = GTK_WIDGET (self->entry);
      add_unknown_check (self);
      break;

    case PB_QUESTION_LONG_TEXT:
      {
        GtkWidget *frame = gtk_frame_new (NULL);

        self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
        gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
        gtk_text_view_set_accepts_tab (self->text_view, FALSE);
        gtk_text_view_set_top_margin (self->text_view, 6);
        gtk_text_view_set_bottom_margin (self->text_view, 6);
        gtk_text_view_set_left_margin (self->text_view, 6);
        gtk_text_view_set_right_margin (self->text_view, 6);
        gtk_widget_set_size_request (GTK_WIDGET (self->text_view), -1, 80);
        set_accessible_label (self, GTK_WIDGET (self->text_view));
        g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                                 G_CALLBACK (typed_cb), self, G_CONNECT_SWAPPED);
        add_focus_flush (self, GTK_WIDGET (self->text_view));
        gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->text_view));
        gtk_box_append (self->input_box, frame);
        self->focus_target = GTK_WIDGET (self->text_view);
        add_unknown_check (self);
      }
      break;

    case PB_QUESTION_NUMBER:
      {
        double min = -1e12, max = 1e12;

        /* The questionnaire's bounds, so that the spin button cannot offer
         * a value the store would refuse. */
        pb_question_get_min (q, &min);
        pb_question_get_max (q, &max);
        self->spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (min, max, 1));
      }
      gtk_spin_button_set_digits (self->spin, 0);
      gtk_widget_set_halign (GTK_WIDGET (self->spin), GTK_ALIGN_START);
      set_accessible_label (self, GTK_WIDGET (self->spin));
      g_signal_connect_object (self->spin, "value-changed", G_CALLBACK (spin_changed_cb), self, G_CONNECT_SWAPPED);
      add_focus_flush (self, GTK_WIDGET (self->spin));
      gtk_box_append (self->input_box, GTK_WIDGET (self->spin));
      self->focus_target = GTK_WIDGET (self->spin);
      add_unknown_check (self);
      break;

    case PB_QUESTION_DATE:
      {
        GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
        /* A grid of days, not a filler, to a screen reader. */
        GtkWidget *calendar = g_object_new (GTK_TYPE_CALENDAR, "accessible-role", GTK_ACCESSIBLE_ROLE_GRID, NULL);
        GtkWidget *popover = gtk_popover_new ();
        GtkWidget *button = gtk_menu_button_new ();

        gtk_widget_add_css_class (row, "linked");
        gtk_widget_set_halign (row, GTK_ALIGN_START);
        self->entry = GTK_ENTRY (gtk_entry_new ());
        /* Translators: the format a date is typed in; keep it as is */
        gtk_entry_set_placeholder_text (self->entry, _("YYYY-MM-DD"));
        gtk_editable_set_max_width_chars (GTK_EDITABLE (self->entry), 12);
        set_accessible_label (self, GTK_WIDGET (self->entry));
        g_signal_connect_object (self->entry, "changed", G_CALLBACK (date_changed_cb), self, G_CONNECT_SWAPPED);
        g_signal_connect_object (self->entry, "activate", G_CALLBACK (focus_leave_cb), self, G_CONNECT_SWAPPED);
        add_focus_flush (self, GTK_WIDGET (self->entry));
        g_signal_connect_object (calendar, "day-selected", G_CALLBACK (day_selected_cb), self, G_CONNECT_SWAPPED);
        name_calendar_buttons (calendar);
        gtk_accessible_update_property (GTK_ACCESSIBLE (calendar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Choose from a Calendar"), -1);
        gtk_popover_set_child (GTK_POPOVER (popover), calendar);
        gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
        gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
        gtk_widget_set_tooltip_text (button, _("Choose from a Calendar"));
        pb_menu_button_set_accessible_label (GTK_MENU_BUTTON (button), _("Choose from a Calendar"));
        gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->entry));
        gtk_box_append (GTK_BOX (row), button);
        gtk_box_append (self->input_box, row);
        self->focus_target = GTK_WIDGET (self->entry);
        add_unknown_check (self);
      }
      break;

    case PB_QUESTION_COUNTRY:
      self->country = PB_COUNTRY_CHOOSER (pb_country_chooser_new ());
      gtk_widget_set_halign (GTK_WIDGET (self->country), GTK_ALIGN_START);
      pb_country_chooser_set_accessible_label (self->country, pb_question_get_label (q));
      g_signal_connect_object (self->country, "notify::code", G_CALLBACK (input_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->input_box, GTK_WIDGET (self->country));
      self->focus_target = GTK_WIDGET (self->country);
      add_unknown_check (self);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
button_is_active (GtkWidget *button)
{
  if (GTK_IS_CHECK_BUTTON (button))
    return gtk_check_button_get_active (GTK_CHECK_BUTTON (button));

  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
}

static void
button_set_active (GtkWidget *button,
                   gboolean   active)
{
  if (GTK_IS_CHECK_BUTTON (button))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (button), active);
  else
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
}

static char *
dup_text (PbQuestionView *self)
{
  if (self->entry != NULL)
    return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (self->text_view != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }

  return NULL;
}

static PbAnswer *
parse (PbQuestionView *self,
       const char     *text)
{
  g_autoptr(GError) error = NULL;
  PbAnswer *answer = pb_question_parse_answer (self->question, text, &error);

  if (answer == NULL)
    g_debug ("%s: %s", pb_question_get_id (self->question), error->message);

  return answer;
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PbQuestionView *self = PB_QUESTION_VIEW (widget);

  pb_question_view_set_answer (self, NULL, pb_question_view_get_comment (self));
  emit_changed (self);
  set_clear_available (self, FALSE);
}

static void
comment_changed_cb (PbQuestionView *self,
                    GtkTextBuffer  *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (self->comment);
  self->comment = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  typed_cb (self);
}

static PbEvidence *
lookup_evidence (PbQuestionView *self,
                 gint64          id)
{
  for (guint i = 0; self->evidence && i < self->evidence->len; i++)
    if (pb_evidence_get_id (g_ptr_array_index (self->evidence, i)) == id)
      return g_ptr_array_index (self->evidence, i);

  return NULL;
}

static void
open_evidence_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PbQuestionView *self = PB_QUESTION_VIEW (widget);
  PbEvidence *evidence = lookup_evidence (self, g_variant_get_int64 (param));

  if (evidence != NULL)
    g_signal_emit (self, signals[OPEN_EVIDENCE], 0, evidence);
}

static void
remove_evidence_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  PbQuestionView *self = PB_QUESTION_VIEW (widget);
  PbEvidence *evidence = lookup_evidence (self, g_variant_get_int64 (param));

  if (evidence != NULL)
    g_signal_emit (self, signals[REMOVE_EVIDENCE], 0, evidence);
}

static GtkWidget *
evidence_button (PbEvidence *evidence,
                 const char *icon_name,
                 const char *action_name,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", pb_evidence_get_id (evidence));

  return button;
}

/* Name, size and the start of the SHA-256 an auditor compares; the whole
 * hash is in the tooltip and can be selected in the history. */
static GtkWidget *
evidence_row_new (PbEvidence *evidence)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = pb_evidence_get_file_name (evidence);
  const char *sha256 = pb_evidence_get_sha256 (evidence);
  g_autofree char *size = g_format_size (pb_evidence_get_size (evidence));
  g_autofree char *short_hash = g_strndup (sha256, 16);
  g_autofree char *subtitle = NULL;
  g_autofree char *open_label = NULL;
  g_autofree char *remove_label = NULL;

  /* Translators: an evidence file's size, then the start of its SHA-256 hash */
  subtitle = g_strdup_printf (_("%s · SHA-256 %s…"), size, short_hash);
  /* Translators: %s is a file name */
  open_label = g_strdup_printf (_("Open “%s”"), name);
  /* Translators: %s is a file name */
  remove_label = g_strdup_printf (_("Remove “%s”"), name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, sha256);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), pb_decorative_icon_new ("text-x-generic-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             evidence_button (evidence, "document-open-symbolic", "question.open-evidence", open_label));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             evidence_button (evidence, "user-trash-symbolic", "question.remove-evidence", remove_label));

  return row;
}

static void
attach_response_cb (PbQuestionView       *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      g_signal_emit (self, signals[ATTACH_EVIDENCE], 0, file);
    }

  g_object_unref (native);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbQuestionView *self = PB_QUESTION_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Attach Evidence"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Attach"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (attach_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
pb_question_view_dispose (GObject *object)
{
  PbQuestionView *self = PB_QUESTION_VIEW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->typing_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_QUESTION_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  g_clear_pointer (&self->evidence, g_ptr_array_unref);
  g_clear_pointer (&self->comment, g_free);

  G_OBJECT_CLASS (pb_question_view_parent_class)->dispose (object);
}

static void
pb_question_view_class_init (PbQuestionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_question_view_dispose;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[ATTACH_EVIDENCE] =
    g_signal_new ("attach-evidence",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  signals[OPEN_EVIDENCE] =
    g_signal_new ("open-evidence",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PB_TYPE_EVIDENCE);

  signals[REMOVE_EVIDENCE] =
    g_signal_new ("remove-evidence",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PB_TYPE_EVIDENCE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-question-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, id_label);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, label_label);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, required_mark);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, gate_mark);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, marks_box);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, help_button);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, help_label);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, refs_label);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, input_box);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, reference_label);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, missing_label);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, more_expander);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, comment_view);
  gtk_widget_class_bind_template_child (widget_class, PbQuestionView, evidence_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "question.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "question.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "question.open-evidence", "x", open_evidence_action);
  gtk_widget_class_install_action (widget_class, "question.remove-evidence", "x", remove_evidence_action);
}

static void
pb_question_view_init (PbQuestionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->comment = g_strdup ("");
  g_signal_connect_object (gtk_text_view_get_buffer (self->comment_view), "changed",
                           G_CALLBACK (comment_changed_cb), self, G_CONNECT_SWAPPED);
  add_focus_flush (self, GTK_WIDGET (self->comment_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.clear", FALSE);
}

GtkWidget *
pb_question_view_new (PbQuestion *question)
{
  PbQuestionView *self;
  g_auto(GStrv) refs = NULL;
  g_autofree char *refs_text = NULL;
  g_autofree char *help_name = NULL;
  g_autofree char *more_name = NULL;
  g_autofree char *evidence_name = NULL;

  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (PB_TYPE_QUESTION_VIEW, NULL);
  self->question = question;

  gtk_label_set_text (self->id_label, pb_question_get_id (question));
  gtk_label_set_text (self->label_label, pb_question_get_label (question));
  gtk_widget_set_visible (GTK_WIDGET (self->required_mark), pb_question_is_required (question));
  gtk_widget_set_visible (GTK_WIDGET (self->gate_mark), pb_question_is_gate (question));
  gtk_widget_set_visible (self->marks_box, pb_question_is_required (question) || pb_question_is_gate (question));
  gtk_label_set_text (self->help_label, pb_question_get_help (question));

  refs = pb_citation_format_all (pb_question_get_references (question));
  if (refs[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv ("\n", refs);
      /* Translators: a heading above a list of legal references */
      refs_text = g_strdup_printf ("%s\n%s", _("References"), joined);
    }
  gtk_label_set_text (self->refs_label, refs_text ? refs_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refs_label), refs_text != NULL);

  /* Translators: accessible name of the help button of question %s */
  help_name = g_strdup_printf (_("Guidance for %s"), pb_question_get_id (question));
  pb_menu_button_set_accessible_label (self->help_button, help_name);
  /* Translators: accessible name of the expander of question %s */
  more_name = g_strdup_printf (_("Comment and evidence for %s"), pb_question_get_id (question));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->more_expander), GTK_ACCESSIBLE_PROPERTY_LABEL, more_name, -1);
  /* Translators: accessible name of the list of evidence files of question %s */
  evidence_name = g_strdup_printf (_("Evidence files for %s"), pb_question_get_id (question));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->evidence_list), GTK_ACCESSIBLE_PROPERTY_LABEL, evidence_name, -1);

  build_input (self);
  pb_widget_fix_accessible_names (GTK_WIDGET (self));

  return GTK_WIDGET (self);
}

PbQuestion *
pb_question_view_get_question (PbQuestionView *self)
{
  g_return_val_if_fail (PB_IS_QUESTION_VIEW (self), NULL);

  return self->question;
}

PbAnswer *
pb_question_view_dup_answer (PbQuestionView *self)
{
  PbQuestionType type;

  g_return_val_if_fail (PB_IS_QUESTION_VIEW (self), NULL);

  type = pb_question_get_question_type (self->question);

  if (self->unknown_check && gtk_check_button_get_active (self->unknown_check))
    return pb_answer_new_unknown ();

  switch (type)
    {
    case PB_QUESTION_YES_NO:
    case PB_QUESTION_YES_NO_UNKNOWN:
    case PB_QUESTION_SINGLE:
      if (self->drop_down != NULL)
        {
          guint selected = gtk_drop_down_get_selected (self->drop_down);

          if (selected == GTK_INVALID_LIST_POSITION)
            return NULL;
          if (selected >= pb_question_get_n_choices (self->question))
            return pb_answer_new_unknown ();
          return parse (self, pb_choice_get_code (pb_question_get_choice (self->question, selected)));
        }

      for (guint i = 0; i < self->buttons->len; i++)
        {
          GtkWidget *button = g_ptr_array_index (self->buttons, i);
          const char *code = g_object_get_data (G_OBJECT (button), "code");

          if (!button_is_active (button))
            continue;
          if (g_str_equal (code, "unknown"))
            return pb_answer_new_unknown ();
          return parse (self, code);
        }
      return NULL;

    case PB_QUESTION_MULTIPLE:
      {
        g_autoptr(GPtrArray) codes = g_ptr_array_new ();

        for (guint i = 0; i < self->buttons->len; i++)
          {
            GtkWidget *button = g_ptr_array_index (self->buttons, i);

            if (button_is_active (button))
              g_ptr_array_add (codes, g_object_get_data (G_OBJECT (button), "code"));
          }
        if (codes->len == 0)
          return NULL;
        g_ptr_array_add (codes, NULL);
        return pb_answer_new_codes ((const char * const *) codes->pdata);
      }

    case PB_QUESTION_TEXT:
    case PB_QUESTION_LONG_TEXT:
      {
        g_autofree char *text = dup_text (self);

        return text[0] ? pb_answer_new_string (text) : NULL;
      }

    case PB_QUESTION_DATE:
      {
        g_autofree char *text = dup_text (self);

        return text[0] && pb_date_is_valid (text) ? parse (self, text) : NULL;
      }

    case PB_QUESTION_NUMBER:
      return self->spin_answered ? pb_answer_new_number (gtk_spin_button_get_value (self->spin)) : NULL;

    case PB_QUESTION_COUNTRY:
      {
        const char *code = pb_country_chooser_get_code (self->country);

        return code ? parse (self, code) : NULL;
      }

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pb_question_view_get_comment (PbQuestionView *self)
{
  g_return_val_if_fail (PB_IS_QUESTION_VIEW (self), NULL);

  return self->comment;
}

void
pb_question_view_set_answer (PbQuestionView *self,
                             const PbAnswer *answer,
                             const char     *comment)
{
  gboolean unknown;

  g_return_if_fail (PB_IS_QUESTION_VIEW (self));

  self->loading++;

  unknown = answer != NULL && pb_answer_is_unknown (answer);

  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->buttons, i);
      const char *code = g_object_get_data (G_OBJECT (button), "code");
      gboolean active = FALSE;

      if (answer != NULL && g_str_equal (code, "unknown"))
        active = unknown;
      else if (answer != NULL && !unknown)
        active = pb_answer_has_code (answer, code);

      button_set_active (button, active);
    }

  if (self->drop_down != NULL)
    {
      guint selected = GTK_INVALID_LIST_POSITION;

      if (unknown)
        selected = pb_question_get_n_choices (self->question);
      else if (answer != NULL)
        for (guint i = 0; i < pb_question_get_n_choices (self->question); i++)
          if (pb_answer_has_code (answer, pb_choice_get_code (pb_question_get_choice (self->question, i))))
            selected = i;
      gtk_drop_down_set_selected (self->drop_down, selected);
    }

  if (self->entry != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry),
                           answer && !unknown && pb_answer_get_kind (answer) == PB_ANSWER_STRING
                           ? pb_answer_get_string (answer) : "");

  if (self->text_view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view),
                              answer && !unknown && pb_answer_get_kind (answer) == PB_ANSWER_STRING
                              ? pb_answer_get_string (answer) : "", -1);

  if (self->spin != NULL)
    {
      self->spin_answered = answer != NULL && !unknown;
      gtk_spin_button_set_value (self->spin,
                                 self->spin_answered && pb_answer_get_kind (answer) == PB_ANSWER_NUMBER
                                 ? pb_answer_get_number (answer) : 0);
    }

  if (self->country != NULL)
    pb_country_chooser_set_code (self->country,
                                 answer && !unknown && pb_answer_get_kind (answer) == PB_ANSWER_STRING
                                 ? pb_answer_get_string (answer) : NULL);

  if (self->unknown_check != NULL)
    gtk_check_button_set_active (self->unknown_check, unknown);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comment_view), comment ? comment : "", -1);
  if (comment != NULL && comment[0])
    gtk_expander_set_expanded (self->more_expander, TRUE);

  set_clear_available (self, answer != NULL && gtk_widget_get_sensitive (GTK_WIDGET (self->input_box)));
  if (answer != NULL)
    pb_question_view_set_missing (self, FALSE);

  g_clear_handle_id (&self->typing_source, g_source_remove);
  self->loading--;
}

void
pb_question_view_set_evidence (PbQuestionView *self,
                               GPtrArray      *evidence)
{
  GtkWidget *row;

  g_return_if_fail (PB_IS_QUESTION_VIEW (self));

  g_clear_pointer (&self->evidence, g_ptr_array_unref);
  self->evidence = evidence ? g_ptr_array_ref (evidence) : NULL;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->evidence_list))))
    gtk_list_box_remove (self->evidence_list, row);
  for (guint i = 0; evidence && i < evidence->len; i++)
    gtk_list_box_append (self->evidence_list, evidence_row_new (g_ptr_array_index (evidence, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->evidence_list), evidence && evidence->len > 0);
  if (evidence && evidence->len > 0)
    gtk_expander_set_expanded (self->more_expander, TRUE);
}

void
pb_question_view_set_editable (PbQuestionView *self,
                               gboolean        editable)
{
  g_return_if_fail (PB_IS_QUESTION_VIEW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->input_box), editable);
  gtk_text_view_set_editable (self->comment_view, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.attach", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.remove-evidence", editable);
  if (!editable)
    set_clear_available (self, FALSE);
}

void
pb_question_view_flush (PbQuestionView *self)
{
  g_return_if_fail (PB_IS_QUESTION_VIEW (self));

  /* A number typed into the spin button is its value only once committed
   * (Return, or the focus leaving it); quitting does neither. */
  if (self->spin != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->spin)) != '\0')
    gtk_spin_button_update (self->spin);

  if (self->typing_source != 0)
    emit_changed (self);
}

void
pb_question_view_focus_input (PbQuestionView *self)
{
  g_return_if_fail (PB_IS_QUESTION_VIEW (self));

  /* Without selecting: a stray key must not replace a saved answer. */
  if (self->focus_target != NULL && gtk_widget_get_sensitive (self->focus_target) && GTK_IS_ENTRY (self->focus_target))
    {
      gtk_entry_grab_focus_without_selecting (GTK_ENTRY (self->focus_target));
      /* Nor keep a selection from the last visit: the cursor goes to the end. */
      gtk_editable_set_position (GTK_EDITABLE (self->focus_target), -1);
    }
  /* A composite input (the country chooser) takes no focus itself: its
   * first focusable part does. */
  else if (self->focus_target != NULL && gtk_widget_get_sensitive (self->focus_target) &&
           (gtk_widget_grab_focus (self->focus_target) ||
            gtk_widget_child_focus (self->focus_target, GTK_DIR_TAB_FORWARD)))
    return;
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->help_button));
}

void
pb_question_view_set_reference (PbQuestionView *self,
                                const char     *note)
{
  g_return_if_fail (PB_IS_QUESTION_VIEW (self));

  gtk_label_set_text (self->reference_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reference_label), note != NULL);
}

void
pb_question_view_set_missing (PbQuestionView *self,
                              gboolean        missing)
{
  g_return_if_fail (PB_IS_QUESTION_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing);
}
