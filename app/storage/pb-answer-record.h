/* pb-answer-record.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer.h"

G_BEGIN_DECLS

/* A stored answer with its comment and evidence note.
 * Immutable: the store fills it in; its properties are read-only. */
#define PB_TYPE_ANSWER_RECORD (pb_answer_record_get_type ())

G_DECLARE_FINAL_TYPE (PbAnswerRecord, pb_answer_record, PB, ANSWER_RECORD, GObject)

const char         *pb_answer_record_get_question_id   (PbAnswerRecord *self);
PbAnswer           *pb_answer_record_get_answer        (PbAnswerRecord *self);
const char         *pb_answer_record_get_comment       (PbAnswerRecord *self);
const char         *pb_answer_record_get_evidence_note (PbAnswerRecord *self);
const char         *pb_answer_record_get_user          (PbAnswerRecord *self);
const char         *pb_answer_record_get_updated       (PbAnswerRecord *self);

G_END_DECLS
