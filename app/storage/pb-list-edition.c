/* pb-list-edition.c: one imported edition of a restricted-party list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-list-edition.h"
#include "pb-list-store-private.h"

struct _PbListEdition
{
  GObject  parent_instance;

  gint64   id;
  char    *list_id;
  char    *publisher;
  char    *title;
  char    *format;
  char    *published;
  char    *file_name;
  char    *file_sha256;
  guint64  file_size;
  guint    n_entries;
  char    *imported;
  char    *imported_by;
  gboolean current;
};

G_DEFINE_FINAL_TYPE (PbListEdition, pb_list_edition, G_TYPE_OBJECT)

static void
pb_list_edition_finalize (GObject *object)
{
  PbListEdition *self = PB_LIST_EDITION (object);

  g_free (self->list_id);
  g_free (self->publisher);
  g_free (self->title);
  g_free (self->format);
  g_free (self->published);
  g_free (self->file_name);
  g_free (self->file_sha256);
  g_free (self->imported);
  g_free (self->imported_by);

  G_OBJECT_CLASS (pb_list_edition_parent_class)->finalize (object);
}

static void
pb_list_edition_class_init (PbListEditionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_list_edition_finalize;
}

static void
pb_list_edition_init (PbListEdition *self)
{
}

PbListEdition *
_pb_list_edition_new (gint64      id,
                      const char *list_id,
                      const char *publisher,
                      const char *title,
                      const char *format,
                      const char *published,
                      const char *file_name,
                      const char *file_sha256,
                      guint64     file_size,
                      guint       n_entries,
                      const char *imported,
                      const char *imported_by,
                      gboolean    current)
{
  PbListEdition *self = g_object_new (PB_TYPE_LIST_EDITION, NULL);

  self->id = id;
  self->list_id = g_strdup (list_id);
  self->publisher = g_strdup (publisher);
  self->title = g_strdup (title);
  self->format = g_strdup (format);
  self->published = g_strdup (published);
  self->file_name = g_strdup (file_name);
  self->file_sha256 = g_strdup (file_sha256);
  self->file_size = file_size;
  self->n_entries = n_entries;
  self->imported = g_strdup (imported);
  self->imported_by = g_strdup (imported_by);
  self->current = current;

  return self;
}

#define GETTER(type, name, field) \
  type \
  pb_list_edition_get_##name (PbListEdition *self) \
  { \
    g_return_val_if_fail (PB_IS_LIST_EDITION (self), 0); \
    return self->field; \
  }

GETTER (gint64, id, id)
GETTER (const char *, list_id, list_id)
GETTER (const char *, publisher, publisher)
GETTER (const char *, title, title)
GETTER (const char *, format, format)
GETTER (const char *, published, published)
GETTER (const char *, file_name, file_name)
GETTER (const char *, file_sha256, file_sha256)
GETTER (guint64, file_size, file_size)
GETTER (guint, n_entries, n_entries)
GETTER (const char *, imported, imported)
GETTER (const char *, imported_by, imported_by)
GETTER (gboolean, current, current)

const char *
pb_list_edition_get_effective_date (PbListEdition *self)
{
  g_return_val_if_fail (PB_IS_LIST_EDITION (self), NULL);

  return self->published != NULL ? self->published : self->imported;
}
