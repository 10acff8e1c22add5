/* pb-answer-set.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-answer.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

#define PB_TYPE_ANSWER_SET (pb_answer_set_get_type ())

G_DECLARE_FINAL_TYPE (PbAnswerSet, pb_answer_set, PB, ANSWER_SET, GObject)

/* The largest answers file read: a few kilobytes is usual, long texts
 * included. */
#define PB_ANSWER_SET_MAX_SIZE (8 * 1024 * 1024)

PbAnswerSet    *pb_answer_set_new              (void);
/* Parses the answers file format of the README:
 *   {"questionnaire": "ID", "answers": {"QUESTION_ID": VALUE, ...}}
 * strictly (pb_json_parse()): errors name the file and the member, and no
 * value is changed on the way. @length may be -1 for a NUL-terminated
 * @json. Values are not typed yet: call pb_answer_set_validate(). */
PbAnswerSet    *pb_answer_set_new_from_json    (const char       *json,
                                                gssize            length,
                                                const char       *display_name,
                                                GError          **error);
PbAnswerSet    *pb_answer_set_new_from_file    (GFile            *file,
                                                GError          **error);
/* The "questionnaire" member of the file, or NULL. */
const char     *pb_answer_set_get_questionnaire_id (PbAnswerSet  *self);
/* Checks every answer against @questionnaire: an unknown question id or a
 * value of the wrong type is an error that names the question. */
gboolean        pb_answer_set_validate         (PbAnswerSet      *self,
                                                PbQuestionnaire  *questionnaire,
                                                GError          **error);
PbAnswer       *pb_answer_set_lookup           (PbAnswerSet      *self,
                                                const char       *question_id);
/* Emits ::changed with the question id. */
void            pb_answer_set_insert           (PbAnswerSet      *self,
                                                const char       *question_id,
                                                PbAnswer         *answer);
gboolean        pb_answer_set_remove           (PbAnswerSet      *self,
                                                const char       *question_id);
guint           pb_answer_set_get_size         (PbAnswerSet      *self);
/* Sorted question ids, free with g_strfreev(). */
char          **pb_answer_set_dup_ids          (PbAnswerSet      *self);
char           *pb_answer_set_to_json          (PbAnswerSet      *self,
                                                const char       *questionnaire_id);

G_END_DECLS
