/* pb-question-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-evidence.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

#define PB_TYPE_QUESTION_VIEW (pb_question_view_get_type ())

G_DECLARE_FINAL_TYPE (PbQuestionView, pb_question_view, PB, QUESTION_VIEW, GtkWidget)

/* One question: its label, required and gate marks, guidance and references
 * one click away, the input widget of its type, a comment and evidence.
 * Emits ::changed when the person changes the answer or the comment (typed
 * text after a short pause), and ::attach-evidence (GFile) when a file is
 * chosen. @question must outlive the view. */
GtkWidget  *pb_question_view_new            (PbQuestion     *question);
PbQuestion *pb_question_view_get_question   (PbQuestionView *self);
/* The answer the widgets show, or NULL when unanswered. */
PbAnswer   *pb_question_view_dup_answer     (PbQuestionView *self);
const char *pb_question_view_get_comment    (PbQuestionView *self);
/* Shows @answer (may be NULL) and @comment without emitting ::changed. */
void        pb_question_view_set_answer     (PbQuestionView *self,
                                             const PbAnswer *answer,
                                             const char     *comment);
/* The evidence files (PbEvidence) attached to the answer, listed with
 * name, size and hash; each row emits ::open-evidence or ::remove-evidence
 * (PbEvidence). */
void        pb_question_view_set_evidence   (PbQuestionView *self,
                                             GPtrArray      *evidence);
void        pb_question_view_set_editable   (PbQuestionView *self,
                                             gboolean        editable);
/* Emits a pending ::changed for typed text now. */
void        pb_question_view_flush          (PbQuestionView *self);
/* Moves the keyboard focus to the question's input. */
void        pb_question_view_focus_input    (PbQuestionView *self);
/* A note under the input saying what the reference data gives (a prefilled
 * question), or NULL to hide it. */
void        pb_question_view_set_reference  (PbQuestionView *self,
                                             const char     *note);
/* Marks the question as missing (after a refused Next). */
void        pb_question_view_set_missing    (PbQuestionView *self,
                                             gboolean        missing);

G_END_DECLS
