/* pb-unsaved-answers.h: answers a team server has not got yet, kept on
 * this computer until it has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-answer.h"

G_BEGIN_DECLS

#define PB_TYPE_UNSAVED_ANSWERS (pb_unsaved_answers_get_type ())

G_DECLARE_FINAL_TYPE (PbUnsavedAnswers, pb_unsaved_answers, PB, UNSAVED_ANSWERS, GObject)

PbUnsavedAnswers *pb_unsaved_answers_new       (const char        *database,
                                                const char        *case_id,
                                                guint              revision);
PbUnsavedAnswers *pb_unsaved_answers_load      (const char        *database,
                                                const char        *case_id,
                                                GError           **error);
const char       *pb_unsaved_answers_get_path  (PbUnsavedAnswers  *self);
guint             pb_unsaved_answers_get_revision (PbUnsavedAnswers *self);
GDateTime        *pb_unsaved_answers_get_time  (PbUnsavedAnswers  *self);
GStrv             pb_unsaved_answers_dup_ids   (PbUnsavedAnswers  *self);
void              pb_unsaved_answers_remove_all (PbUnsavedAnswers *self);
void              pb_unsaved_answers_set       (PbUnsavedAnswers  *self,
                                                const char        *question_id,
                                                PbAnswer          *answer,
                                                const char        *comment,
                                                const char        *base);
gboolean          pb_unsaved_answers_lookup    (PbUnsavedAnswers  *self,
                                                const char        *question_id,
                                                PbAnswer         **answer,
                                                char             **comment,
                                                char             **base,
                                                GError           **error);
gboolean          pb_unsaved_answers_write     (PbUnsavedAnswers  *self,
                                                GError           **error);

G_END_DECLS
