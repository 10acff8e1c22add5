/* pb-unsaved-answers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers typed while the team server was away wait on the page until it
 * is back (pb-wizard.c). So that they outlive the window and the process
 * (a logout's SIGTERM, switching server in Preferences, a crash), the same
 * answers are kept in a small file of the user's data folder, one per
 * database and case, written whole and durably each time they change
 * (g_file_set_contents_full ()) and removed once none waits. Opening the
 * case again offers them back. Each answer keeps the time its stored
 * answer had when it was read (its base), so that one someone else changed
 * meanwhile is refused as stale, never overwritten.
 *
 * [case]            database, case, revision, time (ISO 8601)
 * [answer QID]      value (JSON; none: cleared), comment, base
 *
 * The file is outside input when read back (anyone who can write to the
 * user's data folder can put one there): fuzz/fuzz-unsaved-answers.c.
 */

#define G_LOG_DOMAIN "pb-unsaved-answers"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "pb-file.h"
#include "pb-types.h"
#include "pb-unsaved-answers.h"

/* Answers are text: a file larger than this is no file of ours. */
#define MAX_FILE_SIZE (4 * 1024 * 1024)
#define CASE_GROUP "case"
#define ANSWER_PREFIX "answer "

struct _PbUnsavedAnswers
{
  GObject   parent_instance;

  char     *path;
  GKeyFile *keyfile;
};

G_DEFINE_FINAL_TYPE (PbUnsavedAnswers, pb_unsaved_answers, G_TYPE_OBJECT)

static void
pb_unsaved_answers_finalize (GObject *object)
{
  PbUnsavedAnswers *self = PB_UNSAVED_ANSWERS (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->keyfile, g_key_file_unref);

  G_OBJECT_CLASS (pb_unsaved_answers_parent_class)->finalize (object);
}

static void
pb_unsaved_answers_class_init (PbUnsavedAnswersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_unsaved_answers_finalize;
}

static void
pb_unsaved_answers_init (PbUnsavedAnswers *self)
{
  self->keyfile = g_key_file_new ();
}

/* One file per database (as messages name it: never a password) and case. */
static char *
build_path (const char *database,
            const char *case_id)
{
  g_autofree char *key = g_strconcat (database, "\n", case_id, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strconcat (digest, ".ini", NULL);

  return g_build_filename (g_get_user_data_dir (), "probity", "unsaved", name, NULL);
}

/* Answers of case @case_id of @database (its display name) to keep, none yet. */
PbUnsavedAnswers *
pb_unsaved_answers_new (const char *database,
                        const char *case_id,
                        guint       revision)
{
  PbUnsavedAnswers *self;

  g_return_val_if_fail (database != NULL, NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (PB_TYPE_UNSAVED_ANSWERS, NULL);
  self->path = build_path (database, case_id);
  g_key_file_set_string (self->keyfile, CASE_GROUP, "database", database);
  g_key_file_set_string (self->keyfile, CASE_GROUP, "case", case_id);
  g_key_file_set_uint64 (self->keyfile, CASE_GROUP, "revision", revision);

  return self;
}

/* The answers kept for case @case_id of @database, or NULL: none (no
 * error), or a file that cannot be read (@error names it). */
PbUnsavedAnswers *
pb_unsaved_answers_load (const char  *database,
                         const char  *case_id,
                         GError     **error)
{
  g_autoptr(PbUnsavedAnswers) self = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *stored_case = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf buf;

  g_return_val_if_fail (database != NULL, NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = pb_unsaved_answers_new (database, case_id, 0);
  if (g_stat (self->path, &buf) != 0)
    return NULL;
  if (buf.st_size > MAX_FILE_SIZE)
    {
      /* Translators: a file name */
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” is too large to hold answers kept to be saved; it was not read"), self->path);
      return NULL;
    }

  /* Bounded: a pipe put there would block the window, a file that grows
   * while it is read fill its memory. */
  if (!(contents = pb_file_load_path_bounded (self->path, MAX_FILE_SIZE, &local_error)) ||
      !g_key_file_load_from_data (self->keyfile, g_bytes_get_size (contents) > 0 ? g_bytes_get_data (contents, NULL) : "",
                                  g_bytes_get_size (contents), G_KEY_FILE_NONE, &local_error) ||
      !(stored_case = g_key_file_get_string (self->keyfile, CASE_GROUP, "case", &local_error)))
    {
      /* GKeyFile quotes the line it stumbled on, bytes as they were, and
       * a line may be megabytes long. */
      g_autofree char *why = pb_message_shorten (g_utf8_make_valid (local_error->message, -1));

      /* Translators: a file name, then why it cannot be read */
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not read the answers kept to be saved in “%s”: %s"), self->path, why);
      return NULL;
    }

  /* Another case's (a hash collision, or a file put there): not ours. */
  if (g_strcmp0 (stored_case, case_id) != 0)
    return NULL;

  return g_steal_pointer (&self);
}

/* Where the answers are kept. */
const char *
pb_unsaved_answers_get_path (PbUnsavedAnswers *self)
{
  g_return_val_if_fail (PB_IS_UNSAVED_ANSWERS (self), NULL);

  return self->path;
}

guint
pb_unsaved_answers_get_revision (PbUnsavedAnswers *self)
{
  g_return_val_if_fail (PB_IS_UNSAVED_ANSWERS (self), 0);

  return (guint) MIN (g_key_file_get_uint64 (self->keyfile, CASE_GROUP, "revision", NULL), G_MAXUINT);
}

/* When they were last kept (local time), or NULL. */
GDateTime *
pb_unsaved_answers_get_time (PbUnsavedAnswers *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) time = NULL;

  g_return_val_if_fail (PB_IS_UNSAVED_ANSWERS (self), NULL);

  text = g_key_file_get_string (self->keyfile, CASE_GROUP, "time", NULL);
  if (text == NULL || !(time = g_date_time_new_from_iso8601 (text, NULL)))
    return NULL;

  return g_date_time_to_local (time);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The question ids kept, sorted; NULL-terminated. A group whose name is
 * not UTF-8 holds no question's answer (and would end up in a message). */
GStrv
pb_unsaved_answers_dup_ids (PbUnsavedAnswers *self)
{
  g_auto(GStrv) groups = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (PB_IS_UNSAVED_ANSWERS (self), NULL);

  groups = g_key_file_get_groups (self->keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_str_has_prefix (groups[i], ANSWER_PREFIX) && groups[i][strlen (ANSWER_PREFIX)] != '\0' &&
        g_utf8_validate (groups[i], -1, NULL))
      g_ptr_array_add (ids, g_strdup (groups[i] + strlen (ANSWER_PREFIX)));
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

void
pb_unsaved_answers_remove_all (PbUnsavedAnswers *self)
{
  g_auto(GStrv) ids = NULL;

  g_return_if_fail (PB_IS_UNSAVED_ANSWERS (self));

  ids = pb_unsaved_answers_dup_ids (self);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *group = g_strconcat (ANSWER_PREFIX, ids[i], NULL);

      g_key_file_remove_group (self->keyfile, group, NULL);
    }
}

/* Keeps @answer (NULL: cleared) and @comment for @question_id, typed on
 * top of the stored answer as read at @base ("" none; NULL: not read). */
void
pb_unsaved_answers_set (PbUnsavedAnswers *self,
                        const char       *question_id,
                        PbAnswer         *answer,
                        const char       *comment,
                        const char       *base)
{
  g_autofree char *group = NULL;

  g_return_if_fail (PB_IS_UNSAVED_ANSWERS (self));
  g_return_if_fail (question_id != NULL);

  group = g_strconcat (ANSWER_PREFIX, question_id, NULL);
  g_key_file_remove_group (self->keyfile, group, NULL);
  if (answer != NULL)
    {
      g_autofree char *json = pb_answer_to_json (answer);

      g_key_file_set_string (self->keyfile, group, "value", json);
    }
  g_key_file_set_string (self->keyfile, group, "comment", comment != NULL ? comment : "");
  if (base != NULL)
    g_key_file_set_string (self->keyfile, group, "base", base);
}

/* The answer kept for @question_id (NULL: cleared), its comment and base
 * (NULL: not read). FALSE with @error for a value that is no answer. */
gboolean
pb_unsaved_answers_lookup (PbUnsavedAnswers  *self,
                           const char        *question_id,
                           PbAnswer         **answer,
                           char             **comment,
                           char             **base,
                           GError           **error)
{
  g_autofree char *group = NULL;
  g_autofree char *json = NULL;
  g_autoptr(PbAnswer) value = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PB_IS_UNSAVED_ANSWERS (self), FALSE);
  g_return_val_if_fail (question_id != NULL, FALSE);

  group = g_strconcat (ANSWER_PREFIX, question_id, NULL);
  json = g_key_file_get_string (self->keyfile, group, "value", NULL);
  if (json != NULL && !(value = pb_answer_new_from_json (json, &local_error)))
    {
      /* Translators: a question id, a file name, then why */
      g_set_error (error, local_error->domain, local_error->code,
                   _("The answer to %s kept in “%s” cannot be restored: %s"),
                   question_id, self->path, local_error->message);
      return FALSE;
    }

  *answer = g_steal_pointer (&value);
  *comment = g_key_file_get_string (self->keyfile, group, "comment", NULL);
  *base = g_key_file_get_string (self->keyfile, group, "base", NULL);

  return TRUE;
}

/* Writes the answers whole and durably (readable by the user only), or
 * removes the file when none is kept. */
gboolean
pb_unsaved_answers_write (PbUnsavedAnswers  *self,
                          GError           **error)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  gsize length;

  g_return_val_if_fail (PB_IS_UNSAVED_ANSWERS (self), FALSE);

  ids = pb_unsaved_answers_dup_ids (self);
  if (ids[0] == NULL)
    {
      if (g_unlink (self->path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          /* Translators: a file name, then why */
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Could not remove “%s”: %s"), self->path, g_strerror (saved_errno));
          return FALSE;
        }
      return TRUE;
    }

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: a folder, then why */
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  g_key_file_set_string (self->keyfile, CASE_GROUP, "time", time);
  data = g_key_file_to_data (self->keyfile, &length, NULL);

  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}
