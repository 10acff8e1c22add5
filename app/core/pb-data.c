/* pb-data.c: where the shipped data lives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <stdarg.h>
#include <string.h>

#include "pb-data.h"
#include "pb-file.h"

static gboolean
has_questionnaires (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "questionnaires", NULL);

  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* A program built in a build directory inside the source tree reads the
 * source tree's data, even when an older copy is installed. */
static gboolean
runs_from_source_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *prefix = g_strconcat (PB_SOURCE_DIR, G_DIR_SEPARATOR_S, NULL);

  return exe != NULL && g_str_has_prefix (exe, prefix);
}

static char *
find_data_dir (void)
{
  const char *env = g_getenv ("PROBITY_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (runs_from_source_tree () && has_questionnaires (PB_SOURCE_DIR))
    return g_strdup (PB_SOURCE_DIR);

  if (!has_questionnaires (PB_PKGDATADIR) && has_questionnaires (PB_SOURCE_DIR))
    return g_strdup (PB_SOURCE_DIR);

  return g_strdup (PB_PKGDATADIR);
}

static int
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  PbQuestionnaire *qa = *(PbQuestionnaire * const *) a;
  PbQuestionnaire *qb = *(PbQuestionnaire * const *) b;

  return strcmp (pb_questionnaire_get_id (qa), pb_questionnaire_get_id (qb));
}

const char *
pb_data_get_dir (void)
{
  static char *dir;

  if (g_once_init_enter (&dir))
    g_once_init_leave (&dir, find_data_dir ());

  return dir;
}

GFile *
pb_data_get_file (const char *first_element,
                  ...)
{
  g_autoptr(GPtrArray) elements = g_ptr_array_new ();
  g_autofree char *path = NULL;
  va_list args;

  g_ptr_array_add (elements, (gpointer) pb_data_get_dir ());

  va_start (args, first_element);
  for (const char *element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (elements, (gpointer) element);
  va_end (args);

  g_ptr_array_add (elements, NULL);
  path = g_build_filenamev ((char **) elements->pdata);

  return g_file_new_for_path (path);
}

GPtrArray *
pb_data_list_questionnaires (GError **error)
{
  g_autoptr(GFile) dir = pb_data_get_file ("questionnaires", NULL);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (enumerator == NULL)
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      PbQuestionnaire *questionnaire;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, &local_error))
        {
          g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO, "%s", local_error->message);
          return NULL;
        }

      if (info == NULL)
        break;

      if (!g_str_has_suffix (g_file_info_get_name (info), ".xml"))
        continue;

      questionnaire = pb_questionnaire_new_from_file (child, error);
      if (questionnaire == NULL)
        return NULL;

      g_ptr_array_add (result, questionnaire);
    }

  g_ptr_array_sort (result, compare_by_id);

  return g_steal_pointer (&result);
}

/* The SHA-256 of every *.xml in questionnaires/ (one that cannot be read
 * is left out: nothing is its). */
static GHashTable *
hash_shipped (void)
{
  g_autoptr(GFile) dir = pb_data_get_file ("questionnaires", NULL);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  GHashTable *shipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (enumerator == NULL)
    return shipped;

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *path = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (!g_str_has_suffix (g_file_info_get_name (info), ".xml"))
        continue;

      path = g_file_get_path (child);
      if ((bytes = pb_file_load_path_bounded (path, PB_QUESTIONNAIRE_MAX_SIZE, NULL)) != NULL)
        g_hash_table_add (shipped, g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes));
    }

  return shipped;
}

gboolean
pb_data_ships_questionnaire (const char *sha256)
{
  static GHashTable *shipped;

  g_return_val_if_fail (sha256 != NULL, FALSE);

  if (g_once_init_enter (&shipped))
    g_once_init_leave (&shipped, hash_shipped ());

  return g_hash_table_contains (shipped, sha256);
}

/* A path is anything with a directory separator or an .xml suffix;
 * anything else is an id, looked up first as questionnaires/ID.xml and
 * then among the ids of all installed questionnaires. */
PbQuestionnaire *
pb_data_load_questionnaire (const char  *id_or_path,
                            GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (id_or_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strchr (id_or_path, G_DIR_SEPARATOR) != NULL || g_str_has_suffix (id_or_path, ".xml"))
    {
      file = g_file_new_for_commandline_arg (id_or_path);
      return pb_questionnaire_new_from_file (file, error);
    }

  name = g_strconcat (id_or_path, ".xml", NULL);
  file = pb_data_get_file ("questionnaires", name, NULL);

  if (g_file_query_exists (file, NULL))
    {
      PbQuestionnaire *questionnaire = pb_questionnaire_new_from_file (file, error);

      if (questionnaire == NULL || g_strcmp0 (pb_questionnaire_get_id (questionnaire), id_or_path) == 0)
        return questionnaire;

      g_object_unref (questionnaire);
    }

  all = pb_data_list_questionnaires (error);
  if (all == NULL)
    return NULL;

  for (guint i = 0; i < all->len; i++)
    {
      PbQuestionnaire *questionnaire = g_ptr_array_index (all, i);

      if (strcmp (pb_questionnaire_get_id (questionnaire), id_or_path) == 0)
        return g_object_ref (questionnaire);
    }

  {
    g_autofree char *dir = g_build_filename (pb_data_get_dir (), "questionnaires", NULL);

    /* Translators: a questionnaire id, then a folder */
    g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_NOT_FOUND,
                 _("no questionnaire with the id “%s” in %s"), id_or_path, dir);
  }

  return NULL;
}
