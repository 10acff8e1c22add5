/* pb-answer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pb-types.h"

G_BEGIN_DECLS

/* One answer to one question: an immutable, reference-counted value.
 *
 * yes/no questions hold the codes "yes" and "no"; single choice and country
 * questions a code ("CN"); multiple choice a sorted, de-duplicated set of
 * codes; text and date questions a string (dates as YYYY-MM-DD); numbers a
 * double. Any question may hold the special value UNKNOWN where the
 * questionnaire allows it.
 */
typedef struct _PbAnswer PbAnswer;

typedef enum
{
  PB_ANSWER_UNKNOWN,
  PB_ANSWER_STRING,
  PB_ANSWER_NUMBER,
  PB_ANSWER_CODES,
} PbAnswerKind;

#define PB_TYPE_ANSWER (pb_answer_get_type ())

GType               pb_answer_get_type          (void) G_GNUC_CONST;
PbAnswer           *pb_answer_new_unknown       (void);
PbAnswer           *pb_answer_new_string        (const char          *value);
PbAnswer           *pb_answer_new_number        (double               value);
PbAnswer           *pb_answer_new_codes         (const char * const  *codes);
PbAnswer           *pb_answer_ref               (PbAnswer            *self);
void                pb_answer_unref             (PbAnswer            *self);
PbAnswerKind        pb_answer_get_kind          (const PbAnswer      *self);
gboolean            pb_answer_is_unknown        (const PbAnswer      *self);
const char         *pb_answer_get_string        (const PbAnswer      *self);
double              pb_answer_get_number        (const PbAnswer      *self);
const char * const *pb_answer_get_codes         (const PbAnswer      *self);
gboolean            pb_answer_has_code          (const PbAnswer      *self,
                                                 const char          *code);
gboolean            pb_answer_equal             (const PbAnswer      *a,
                                                 const PbAnswer      *b);
/* The canonical JSON text of the value ("\"yes\"", "[\"a\",\"b\"]", "12.5",
 * "\"unknown\""): what storage keeps and what history hashes cover. */
char               *pb_answer_to_json           (const PbAnswer      *self);
JsonNode           *pb_answer_to_json_node      (const PbAnswer      *self);
/* Untyped parse of a JSON value; pb_question_check_answer() types it. */
PbAnswer           *pb_answer_new_from_json_node (JsonNode           *node,
                                                  GError            **error);
PbAnswer           *pb_answer_new_from_json     (const char          *json,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbAnswer, pb_answer_unref)

G_END_DECLS
