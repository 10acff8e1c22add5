/* pb-i18n.c: the program's languages, the language of one report, dates
 * and numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "pb-catalog.h"
#include "pb-data.h"
#include "pb-i18n.h"

static const struct {
  const char *code;
  const char *name;
} language_names[] = {
  { "en", "English" },
  { "de", "Deutsch" },
  { "fr", "Français" },
  { "nl", "Nederlands" },
  { "sv", "Svenska" },
};

static GPrivate thread_language = G_PRIVATE_INIT (NULL);

/* Catalogues read for report languages, by "folder/language/domain"; a
 * missing or refused one is kept as NULL so that it is looked for once. */
static GMutex catalogs_lock;
static GHashTable *catalogs;

static GMutex domains_lock;
static GHashTable *bound_domains;

/* A program inside the build tree reads the build tree's catalogues, which
 * meson compiles into po/LANG/LC_MESSAGES/. */
static char *
find_localedir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *build_root = g_strconcat (PB_BUILD_ROOT, G_DIR_SEPARATOR_S, NULL);
  g_autofree char *build_po = g_build_filename (PB_BUILD_ROOT, "po", NULL);

  if (exe != NULL && g_str_has_prefix (exe, build_root) && g_file_test (build_po, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&build_po);

  return g_strdup (LOCALEDIR);
}

const char *
pb_i18n_get_localedir (void)
{
  static char *dir;

  if (g_once_init_enter (&dir))
    g_once_init_leave (&dir, find_localedir ());

  return dir;
}

void
pb_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, pb_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  bind_textdomain_codeset (PB_ISO_3166_DOMAIN, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static char *
catalog_path (const char *domain,
              const char *language)
{
  /* bindtextdomain() with no folder reads the binding (or the default). */
  const char *dir = bindtextdomain (domain, NULL);
  g_autofree char *file = g_strconcat (domain, ".mo", NULL);

  return g_build_filename (dir != NULL ? dir : LOCALEDIR, language, "LC_MESSAGES", file, NULL);
}

static gboolean
has_catalog (const char *language)
{
  g_autofree char *path = catalog_path (GETTEXT_PACKAGE, language);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static const char * const *
find_languages (void)
{
  g_auto(GStrv) complete = g_strsplit (PB_COMPLETE_LINGUAS, ";", -1);
  g_autoptr(GPtrArray) languages = g_ptr_array_new ();

  g_ptr_array_add (languages, (gpointer) g_intern_static_string ("en"));
  for (guint i = 0; complete[i] != NULL; i++)
    if (*complete[i] != '\0' && has_catalog (complete[i]))
      g_ptr_array_add (languages, (gpointer) g_intern_string (complete[i]));
  g_ptr_array_add (languages, NULL);

  return (const char * const *) g_ptr_array_free (g_steal_pointer (&languages), FALSE);
}

const char * const *
pb_i18n_get_languages (void)
{
  static const char * const *languages;

  if (g_once_init_enter (&languages))
    g_once_init_leave (&languages, find_languages ());

  return languages;
}

gboolean
pb_i18n_is_language (const char *language)
{
  g_return_val_if_fail (language != NULL, FALSE);

  return g_strv_contains (pb_i18n_get_languages (), language);
}

const char *
pb_i18n_get_language_name (const char *language)
{
  g_return_val_if_fail (language != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (strcmp (language_names[i].code, language) == 0)
      return language_names[i].name;

  return language;
}

/* "fr_FR.UTF-8@euro" → "fr"; "C" and "POSIX" are English. */
static char *
language_code (const char *name)
{
  if (strcmp (name, "C") == 0 || strcmp (name, "POSIX") == 0 || g_str_has_prefix (name, "C."))
    return g_strdup ("en");

  return g_strndup (name, strcspn (name, "_.@"));
}

const char *
pb_i18n_get_interface_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *code = language_code (names[i]);

      if (pb_i18n_is_language (code))
        return g_intern_string (code);
    }

  return "en";
}

gboolean
pb_i18n_is_valid_domain (const char *domain)
{
  gsize length;

  if (domain == NULL)
    return FALSE;

  length = strlen (domain);
  if (length == 0 || length > 64 || domain[0] == '.')
    return FALSE;

  for (const char *p = domain; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

void
pb_i18n_bind_questionnaire_domain (const char *domain)
{
  g_autofree char *dir = NULL;

  g_return_if_fail (pb_i18n_is_valid_domain (domain));

  if (strcmp (domain, GETTEXT_PACKAGE) == 0)
    return;

  g_mutex_lock (&domains_lock);
  if (bound_domains == NULL)
    bound_domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!g_hash_table_contains (bound_domains, domain))
    {
      g_hash_table_add (bound_domains, g_strdup (domain));
      dir = g_build_filename (pb_data_get_dir (), "questionnaires", "locale", NULL);
      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          bindtextdomain (domain, dir);
          bind_textdomain_codeset (domain, "UTF-8");
        }
    }
  g_mutex_unlock (&domains_lock);
}

const char *
pb_i18n_get_thread_language (void)
{
  return g_private_get (&thread_language);
}

PbLanguageScope
pb_language_scope_enter (const char *language)
{
  PbLanguageScope scope = { pb_i18n_get_thread_language (), TRUE };

  g_private_set (&thread_language, (gpointer) (language != NULL ? g_intern_string (language) : NULL));

  return scope;
}

void
pb_language_scope_leave (PbLanguageScope *scope)
{
  if (!scope->active)
    return;

  g_private_set (&thread_language, (gpointer) scope->previous);
  scope->active = FALSE;
}

static PbCatalog *
get_catalog (const char *domain,
             const char *language)
{
  g_autofree char *path = catalog_path (domain, language);
  PbCatalog *catalog = NULL;
  gpointer value;

  g_mutex_lock (&catalogs_lock);
  if (catalogs == NULL)
    catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pb_catalog_free);

  if (g_hash_table_lookup_extended (catalogs, path, NULL, &value))
    catalog = value;
  else
    {
      g_autoptr(GError) error = NULL;

      /* A catalogue that is missing or refused leaves the text in English,
       * as gettext does. */
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        {
          catalog = pb_catalog_new_from_path (path, &error);
          if (catalog == NULL)
            g_debug ("%s", error->message);
        }
      g_hash_table_insert (catalogs, g_steal_pointer (&path), catalog);
    }
  g_mutex_unlock (&catalogs_lock);

  return catalog;
}

/* The plural rules of the languages Probity is translated into: French
 * uses the singular for 0 and 1, the others for 1 only. */
static guint
plural_form (const char *language,
             gulong      n)
{
  if (strcmp (language, "fr") == 0)
    return n > 1 ? 1 : 0;

  return n != 1 ? 1 : 0;
}

static const char *
lookup (const char *domain,
        const char *language,
        const char *msgid,
        guint       n_form)
{
  PbCatalog *catalog;

  if (strcmp (language, "en") == 0 || *msgid == '\0')
    return NULL;

  catalog = get_catalog (domain, language);

  return catalog != NULL ? pb_catalog_lookup (catalog, msgid, n_form) : NULL;
}

const char *
pb_dgettext (const char *domain,
             const char *msgid)
{
  const char *language = pb_i18n_get_thread_language ();
  const char *translation;

  if (language == NULL)
    return g_dgettext (domain, msgid);

  translation = lookup (domain, language, msgid, 0);

  return translation != NULL ? translation : msgid;
}

const char *
pb_dngettext (const char *domain,
              const char *msgid,
              const char *msgid_plural,
              gulong      n)
{
  const char *language = pb_i18n_get_thread_language ();
  const char *translation;

  if (language == NULL)
    return g_dngettext (domain, msgid, msgid_plural, n);

  translation = lookup (domain, language, msgid, plural_form (language, n));
  if (translation != NULL)
    return translation;

  return n == 1 ? msgid : msgid_plural;
}

const char *
pb_dpgettext (const char *domain,
              const char *msgctxtid,
              gsize       msgidoffset)
{
  const char *language = pb_i18n_get_thread_language ();
  const char *translation;

  if (language == NULL)
    return g_dpgettext (domain, msgctxtid, msgidoffset);

  translation = lookup (domain, language, msgctxtid, 0);

  return translation != NULL ? translation : msgctxtid + msgidoffset;
}

char *
pb_i18n_format_date (GDateTime *datetime)
{
  g_return_val_if_fail (datetime != NULL, NULL);

  /* Translators: how a date is written, in g_date_time_format()'s codes
   * (%d day, %m month, %Y year): "%d/%m/%Y" in French, "%d.%m.%Y" in
   * German. Numbers only: month names would come from the machine's locale. */
  return g_date_time_format (datetime, C_("date format", "%Y-%m-%d"));
}

char *
pb_i18n_format_date_time (GDateTime *datetime)
{
  g_return_val_if_fail (datetime != NULL, NULL);

  /* Translators: how a date and a time of day are written, in
   * g_date_time_format()'s codes (%d day, %m month, %Y year, %H hour from
   * 00 to 23, %M minute): "%d/%m/%Y %H:%M" in French. Numbers only. */
  return g_date_time_format (datetime, C_("date and time format", "%Y-%m-%d %H:%M"));
}

/* Each row of the GUI's case list reads its time with it: made once. */
static GTimeZone *
utc_zone (void)
{
  static GTimeZone *utc;

  if (g_once_init_enter (&utc))
    g_once_init_leave (&utc, g_time_zone_new_utc ());

  return utc;
}

/* The local time zone, made once: GLib 2.74 reads and parses
 * /etc/localtime again at each g_date_time_to_local() when TZ is not set,
 * as on most desktops (30 µs a call: 6 ms of each search or filter, as
 * GTK binds 200 rows). A zone changed while the window is open shows at
 * the next start. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *local;

  if (g_once_init_enter (&local))
    g_once_init_leave (&local, g_time_zone_new_local ());

  return local;
}

char *
pb_i18n_format_timestamp (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || iso8601[0] == '\0')
    return g_strdup ("");

  utc = g_date_time_new_from_iso8601 (iso8601, utc_zone ());
  if (utc == NULL)
    return g_strdup (iso8601);

  local = g_date_time_to_timezone (utc, local_zone ());
  return pb_i18n_format_date_time (local);
}

char *
pb_i18n_format_decimal (double value,
                        guint  decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  GString *text;

  g_return_val_if_fail (decimals <= 6, NULL);

  g_snprintf (format, sizeof format, "%%.%uf", decimals);
  g_ascii_formatd (buffer, sizeof buffer, format, value);

  text = g_string_new (buffer);
  /* Translators: the decimal separator of numbers: "," in French and German */
  g_string_replace (text, ".", C_("decimal separator", "."), 1);

  return g_string_free (text, FALSE);
}
