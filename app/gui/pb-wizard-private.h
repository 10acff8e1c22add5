/* pb-wizard-private.h: what pb-wizard.c and pb-wizard-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-reason-dialog.h"
#include "pb-risk-panel.h"
#include "pb-step-row.h"
#include "pb-unsaved-answers.h"
#include "pb-wizard.h"

G_BEGIN_DECLS

/* Pages are built when first shown: a long questionnaire costs only the
 * widgets of the sections that are looked at. */
typedef struct
{
  PbSection *section;
  GtkWidget *page;       /* in page_stack, NULL until first shown */
  PbStepRow *row;        /* in step_list */
  GPtrArray *views;      /* PbQuestionView, document order */
} Step;

struct _PbWizard
{
  GtkWidget        parent_instance;

  /* template widgets */
  AdwWindowTitle  *title_widget;
  GtkLabel        *saved_label;
  GtkRevealer     *locked_revealer;
  GtkLabel        *locked_label;
  GtkRevealer     *sent_back_revealer;
  GtkLabel        *sent_back_label;
  GtkButton       *reopen_button;
  GtkRevealer     *migrate_revealer;
  GtkLabel        *migrate_label;
  GtkRevealer     *foreign_revealer;   /* the questionnaire is not one Probity ships, or withdrawn */
  GtkLabel        *foreign_label;
  AdwFlap         *step_flap;
  AdwFlap         *risk_flap;
  GtkWidget       *risk_button;
  GtkListBox      *step_list;
  GtkRevealer     *message_revealer;
  GtkLabel        *message_label;
  GtkRevealer     *unsaved_revealer;
  GtkImage        *unsaved_icon;
  GtkLabel        *unsaved_label;
  GtkButton       *retry_button;
  GtkStack        *page_stack;
  GtkProgressBar  *progress_bar;
  PbRiskPanel     *risk_panel;
  GtkWidget       *review_page;
  PbTaskBar       *task_bar;

  /* owned */
  PbCaseStore     *store;
  PbQuestionnaire *questionnaire;
  PbQuestionnaire *newer;        /* an installed version the case can be carried into, or NULL */
  PbCountries     *reference;    /* the data the case pins, or NULL */
  PbAnswerSet     *answers;
  PbEvaluation    *evaluation;
  GHashTable      *views;        /* question id -> PbQuestionView, built pages only */
  GHashTable      *comments;     /* question id -> comment */
  GHashTable      *evidence;     /* question id -> GPtrArray of PbEvidence */
  GHashTable      *unsaved;      /* question ids typed while the server was away, or refused */
  PbUnsavedAnswers *kept;        /* and those answers, kept on this computer too */
  PbUnsavedAnswers *offered;     /* kept by an earlier window, to offer back */
  GHashTable      *refused;      /* question id -> why the store refused what waits for it */
  GHashTable      *conflicts;    /* question id -> the answer and comment as stored ("json\ncomment") when
                                  * the stale-answer message above the page named them */
  GArray          *steps;        /* Step */
  GtkWidget       *parties_panel; /* on the first section's page once built, owned by it */
  GtkWidget       *decision_dialog; /* weak: the PbDecisionDialog open on the case, or NULL */
  char            *case_id;

  /* state */
  PbCaseStatus     status;
  guint            revision;
  guint            n_events;     /* in the case's history when it was read */
  guint            page;
  gboolean         editable;
  gboolean         read_only;
  gboolean         risk_put_away;  /* on the review page, which lists what the panel would */
  gboolean         risk_was_revealed;
  gboolean         risk_was_folded;
  guint            focus_source;
  guint            actor_source;     /* a reload for who acts, put off until a save returns */
  guint            saving;           /* inside a save of a view's answer */
};

/* pb-wizard.c */
void            _pb_wizard_toast              (PbWizard   *self,
                                               const char *message);
void            _pb_wizard_show_message       (PbWizard   *self,
                                               const char *message);
void            _pb_wizard_evaluate           (PbWizard   *self);
void            _pb_wizard_reload             (PbWizard   *self);
void            _pb_wizard_flush_views        (PbWizard   *self);
void            _pb_wizard_go_to_page         (PbWizard   *self,
                                               guint       index);
gboolean        _pb_wizard_save_unsaved       (PbWizard   *self);
PbReasonDialog *_pb_wizard_reason_dialog_new  (PbWizard   *self,
                                               const char *heading,
                                               const char *body,
                                               const char *reason_title,
                                               const char *confirm_label);
GCancellable   *_pb_wizard_begin_task         (PbWizard   *self,
                                               const char *title);
gboolean        _pb_wizard_end_task           (PbWizard   *self);

/* pb-wizard-actions.c */
void            _pb_wizard_class_actions_init (PbWizardClass *klass);
PbSignOff      *_pb_wizard_dup_signed_report  (PbWizard   *self);

G_END_DECLS
