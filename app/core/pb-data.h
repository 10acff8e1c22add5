/* pb-data.h: where the shipped data lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-questionnaire.h"

G_BEGIN_DECLS

/* The folder that holds questionnaires/ and templates/: $PROBITY_DATA_DIR,
 * else the source tree when running uninstalled, else PB_PKGDATADIR. */
const char      *pb_data_get_dir                   (void);
GFile           *pb_data_get_file                  (const char  *first_element,
                                                    ...) G_GNUC_NULL_TERMINATED;
/* Every *.xml questionnaire in questionnaires/, sorted by id. A file that
 * fails to load is an error naming it. */
GPtrArray       *pb_data_list_questionnaires       (GError     **error);
/* Whether @sha256 is the SHA-256 of a questionnaire file in questionnaires/
 * (this Probity's own): a case pinned to any other is rated with rules
 * someone else wrote, or changed. The files are hashed once. */
gboolean         pb_data_ships_questionnaire       (const char  *sha256);
/* @id_or_path: an installed questionnaire id, or a path to a file. */
PbQuestionnaire *pb_data_load_questionnaire        (const char  *id_or_path,
                                                    GError     **error);

G_END_DECLS
