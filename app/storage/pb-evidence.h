/* pb-evidence.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* An evidence file attached to an answer, stored in the database.
 * Immutable: the store fills it in; its properties are read-only. */
#define PB_TYPE_EVIDENCE (pb_evidence_get_type ())

G_DECLARE_FINAL_TYPE (PbEvidence, pb_evidence, PB, EVIDENCE, GObject)

gint64              pb_evidence_get_id          (PbEvidence *self);
const char         *pb_evidence_get_case_id     (PbEvidence *self);
guint               pb_evidence_get_revision    (PbEvidence *self);
const char         *pb_evidence_get_question_id (PbEvidence *self);
const char         *pb_evidence_get_file_name   (PbEvidence *self);
const char         *pb_evidence_get_media_type  (PbEvidence *self);
const char         *pb_evidence_get_sha256      (PbEvidence *self);
guint64             pb_evidence_get_size        (PbEvidence *self);
const char         *pb_evidence_get_added_by    (PbEvidence *self);
const char         *pb_evidence_get_added       (PbEvidence *self);

G_END_DECLS
