/* pb-list-edition.h: one imported edition of a restricted-party list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_TYPE_LIST_EDITION (pb_list_edition_get_type ())

G_DECLARE_FINAL_TYPE (PbListEdition, pb_list_edition, PB, LIST_EDITION, GObject)

gint64       pb_list_edition_get_id              (PbListEdition *self);
/* "eu-fsf", "un-sc", "uk-fcdo", "us-csl", "opensanctions" */
const char  *pb_list_edition_get_list_id         (PbListEdition *self);
const char  *pb_list_edition_get_publisher       (PbListEdition *self);
const char  *pb_list_edition_get_title           (PbListEdition *self);
/* "eu-fsf-xml", "uk-fcdo-csv", ... */
const char  *pb_list_edition_get_format          (PbListEdition *self);
/* The publication date or time the file states (ISO 8601), or NULL. */
const char  *pb_list_edition_get_published       (PbListEdition *self);
const char  *pb_list_edition_get_file_name       (PbListEdition *self);
const char  *pb_list_edition_get_file_sha256     (PbListEdition *self);
guint64      pb_list_edition_get_file_size       (PbListEdition *self);
guint        pb_list_edition_get_n_entries       (PbListEdition *self);
const char  *pb_list_edition_get_imported        (PbListEdition *self);
const char  *pb_list_edition_get_imported_by     (PbListEdition *self);
/* The edition that screening uses for its list: the one published last. */
gboolean     pb_list_edition_get_current         (PbListEdition *self);
/* The publication date if known, else the import time: what orders editions. */
const char  *pb_list_edition_get_effective_date  (PbListEdition *self);

G_END_DECLS
