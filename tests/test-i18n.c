/* test-i18n.c: compiled catalogues, the language of one thread, and a
 * questionnaire's own text domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pb-catalog.h"
#include "pb-citation.h"
#include "pb-countries.h"
#include "pb-i18n.h"
#include "pb-questionnaire.h"
#include "pb-types.h"

/* A catalogue of German strings, as a questionnaire's publisher writes it. */
static const char acme_po[] =
  "msgid \"\"\n"
  "msgstr \"\"\n"
  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\"Language: de\\n\"\n"
  "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
  "\n"
  "msgid \"Acme check\"\n"
  "msgstr \"Acme-Prüfung\"\n"
  "\n"
  "msgid \"Does the customer operate networks?\"\n"
  "msgstr \"Betreibt der Kunde Netze?\"\n"
  "\n"
  "msgid \"%u flag\"\n"
  "msgid_plural \"%u flags\"\n"
  "msgstr[0] \"%u Markierung\"\n"
  "msgstr[1] \"%u Markierungen\"\n"
  "\n"
  "msgctxt \"date format\"\n"
  "msgid \"%Y-%m-%d\"\n"
  "msgstr \"%d.%m.%Y\"\n";

static const char acme_xml[] =
  "<questionnaire id=\"acme\" version=\"1\" gettext-domain=\"acme\">\n"
  "<title>Acme check</title>\n"
  "<section id=\"S1\"><title>Network</title>\n"
  "<question id=\"Q1\" type=\"yes-no\"><label>Does the customer operate networks?</label>"
  "<help>H</help><ref>R</ref></question>\n"
  "</section>\n"
  "</questionnaire>\n";

static char *data_dir;

/* Compiles acme_po into DIR/LANGUAGE/LC_MESSAGES/DOMAIN.mo with msgfmt. */
static char *
compile_catalog (const char *dir,
                 const char *language,
                 const char *domain,
                 const char *extra_args)
{
  g_autofree char *folder = g_build_filename (dir, language, "LC_MESSAGES", NULL);
  g_autofree char *po = g_build_filename (dir, "source.po", NULL);
  g_autofree char *file = g_strconcat (domain, ".mo", NULL);
  g_autofree char *mo = g_build_filename (folder, file, NULL);
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (po, acme_po, -1, &error));
  g_assert_no_error (error);

  command = g_strdup_printf ("msgfmt %s -o '%s' '%s'", extra_args, mo, po);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&mo);
}

static void
test_catalog_lookup (gconstpointer data)
{
  const char *endianness = data;
  g_autofree char *dir = g_build_filename (data_dir, endianness, NULL);
  g_autofree char *args = g_strconcat ("--endianness=", endianness, NULL);
  g_autofree char *mo = compile_catalog (dir, "de", "lookup", args);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCatalog) catalog = pb_catalog_new_from_path (mo, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  /* The header, three messages and one with a context. */
  g_assert_cmpuint (pb_catalog_get_n_messages (catalog), ==, 5);
  g_assert_cmpstr (pb_catalog_lookup (catalog, "Acme check", 0), ==, "Acme-Prüfung");
  g_assert_cmpstr (pb_catalog_lookup (catalog, "%u flag", 0), ==, "%u Markierung");
  g_assert_cmpstr (pb_catalog_lookup (catalog, "%u flag", 1), ==, "%u Markierungen");
  g_assert_null (pb_catalog_lookup (catalog, "%u flag", 2));
  g_assert_null (pb_catalog_lookup (catalog, "Acme check", 1));
  g_assert_cmpstr (pb_catalog_lookup (catalog, "date format\004%Y-%m-%d", 0), ==, "%d.%m.%Y");
  g_assert_null (pb_catalog_lookup (catalog, "%Y-%m-%d", 0));
  g_assert_null (pb_catalog_lookup (catalog, "Not there", 0));
  g_assert_null (pb_catalog_lookup (catalog, "", 1));

  /* Messages in the catalogue's (sorted) order, the header first. */
  {
    const char *original = NULL;
    const char *translation = NULL;

    pb_catalog_get_message (catalog, 0, &original, &translation);
    g_assert_cmpstr (original, ==, "");
    g_assert_nonnull (strstr (translation, "Language: de"));
    pb_catalog_get_message (catalog, 1, &original, &translation);
    g_assert_cmpstr (original, ==, "%u flag");
    g_assert_cmpstr (translation, ==, "%u Markierung");
  }
}

/* A little-endian catalogue of N strings, each original "aN", each
 * translation "bN", laid out as msgfmt does, to be damaged by the tests. */
static GByteArray *
build_mo (guint n)
{
  GByteArray *mo = g_byte_array_new ();
  guint32 header[7] = { 0x950412de, 0, n, 28, 28 + 8 * n, 0, 28 + 16 * n };
  guint32 offset = 28 + 16 * n;

  g_byte_array_append (mo, (guint8 *) header, sizeof header);
  for (guint table = 0; table < 2; table++)
    for (guint i = 0; i < n; i++)
      {
        guint32 entry[2] = { 2, offset + 3 * (table * n + i) };

        g_byte_array_append (mo, (guint8 *) entry, sizeof entry);
      }
  for (guint table = 0; table < 2; table++)
    for (guint i = 0; i < n; i++)
      {
        char text[3] = { table == 0 ? 'a' : 'b', (char) ('0' + i), '\0' };

        g_byte_array_append (mo, (guint8 *) text, 3);
      }

  return mo;
}

static void
set_word (GByteArray *mo,
          gsize       offset,
          guint32     value)
{
  memcpy (mo->data + offset, &value, sizeof value);
}

typedef enum
{
  DAMAGE_NONE,
  DAMAGE_SHORT,
  DAMAGE_MAGIC,
  DAMAGE_REVISION,
  DAMAGE_COUNT,
  DAMAGE_TABLE,
  DAMAGE_LENGTH,
  DAMAGE_NUL,
  DAMAGE_ORDER,
  DAMAGE_DUPLICATE,
  DAMAGE_UTF8,
} Damage;

static const struct {
  Damage      damage;
  const char *message;
} damages[] = {
  { DAMAGE_SHORT, "damaged.mo: not a compiled message catalogue (too short)" },
  { DAMAGE_MAGIC, "damaged.mo: not a compiled message catalogue (wrong magic number)" },
  { DAMAGE_REVISION, "damaged.mo: unsupported catalogue revision 2" },
  { DAMAGE_COUNT, "damaged.mo: the catalogue claims 4294967295 strings, more than the file can hold" },
  { DAMAGE_TABLE, "damaged.mo: a table of strings lies outside the file" },
  { DAMAGE_LENGTH, "damaged.mo: string 1 lies outside the file or is not terminated" },
  { DAMAGE_NUL, "damaged.mo: string 2 lies outside the file or is not terminated" },
  { DAMAGE_ORDER, "damaged.mo: original string 1 is out of order" },
  { DAMAGE_DUPLICATE, "damaged.mo: original string 2 is out of order" },
  { DAMAGE_UTF8, "damaged.mo: translation 1 is not valid UTF-8" },
};

static GBytes *
damaged_mo (Damage damage)
{
  g_autoptr(GByteArray) mo = build_mo (3);
  gsize strings = 28 + 16 * 3;

  switch (damage)
    {
    case DAMAGE_NONE:
      break;
    case DAMAGE_SHORT:
      g_byte_array_set_size (mo, 27);
      break;
    case DAMAGE_MAGIC:
      mo->data[0] ^= 0xff;
      break;
    case DAMAGE_REVISION:
      set_word (mo, 4, 2 << 16);
      break;
    case DAMAGE_COUNT:
      set_word (mo, 8, G_MAXUINT32);
      break;
    case DAMAGE_TABLE:
      set_word (mo, 16, mo->len - 8);
      break;
    case DAMAGE_LENGTH:
      set_word (mo, 28 + 8, G_MAXUINT32);
      break;
    case DAMAGE_NUL:
      mo->data[strings + 2 * 3 + 2] = 'x';
      break;
    case DAMAGE_ORDER:
      mo->data[strings + 3 + 1] = '/';
      break;
    case DAMAGE_DUPLICATE:
      mo->data[strings + 2 * 3 + 1] = '1';
      break;
    case DAMAGE_UTF8:
      mo->data[strings + 4 * 3] = (char) 0xc3;
      break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&mo));
}

static void
test_catalog_hostile (void)
{
  g_autoptr(GBytes) intact = damaged_mo (DAMAGE_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCatalog) catalog = pb_catalog_new_from_bytes (intact, "damaged.mo", &error);

  /* The undamaged one reads, so each damage below is what is refused. */
  g_assert_no_error (error);
  g_assert_cmpstr (pb_catalog_lookup (catalog, "a1", 0), ==, "b1");

  for (guint i = 0; i < G_N_ELEMENTS (damages); i++)
    {
      g_autoptr(GBytes) bytes = damaged_mo (damages[i].damage);
      g_autoptr(GError) refused = NULL;
      g_autoptr(PbCatalog) none = pb_catalog_new_from_bytes (bytes, "damaged.mo", &refused);

      g_assert_null (none);
      g_assert_error (refused, PB_CORE_ERROR, PB_CORE_ERROR_PARSE);
      g_assert_cmpstr (refused->message, ==, damages[i].message);
    }
}

static void
test_catalog_charset (void)
{
  g_autofree char *dir = g_build_filename (data_dir, "latin1", NULL);
  g_autofree char *po = g_build_filename (dir, "latin1.po", NULL);
  g_autofree char *mo = g_build_filename (dir, "latin1.mo", NULL);
  g_autofree char *command = g_strdup_printf ("msgfmt -o '%s' '%s'", mo, po);
  /* "Prüfung" in ISO-8859-1. */
  static const char latin1[] =
    "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n\n"
    "msgid \"Check\"\nmsgstr \"Pr\xfc" "fung\"\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCatalog) catalog = NULL;
  int status = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (po, latin1, -1, &error));
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  catalog = pb_catalog_new_from_path (mo, &error);
  g_assert_null (catalog);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (error->message, "latin1.mo: translation 1 is not valid UTF-8"));
}

/* A thread writes in its scope's language; leaving the scope, and any other
 * thread, keep the interface's (English here). */
static gpointer
other_thread (gpointer data)
{
  return (gpointer) pb_dgettext ("lookup", "Acme check");
}

static void
test_scope (void)
{
  g_autofree char *dir = g_build_filename (data_dir, "scope", NULL);
  g_autofree char *mo = compile_catalog (dir, "de", "scoped", "");

  bindtextdomain ("scoped", dir);
  g_assert_null (pb_i18n_get_thread_language ());
  g_assert_cmpstr (pb_dgettext ("scoped", "Acme check"), ==, "Acme check");

  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter ("de");
    g_autoptr(GThread) thread = g_thread_new ("other", other_thread, NULL);

    g_assert_cmpstr (pb_i18n_get_thread_language (), ==, "de");
    g_assert_cmpstr (pb_dgettext ("scoped", "Acme check"), ==, "Acme-Prüfung");
    g_assert_cmpstr (pb_dngettext ("scoped", "%u flag", "%u flags", 1), ==, "%u Markierung");
    g_assert_cmpstr (pb_dngettext ("scoped", "%u flag", "%u flags", 2), ==, "%u Markierungen");
    g_assert_cmpstr (pb_dngettext ("scoped", "%u flag", "%u flags", 0), ==, "%u Markierungen");
    g_assert_cmpstr (pb_dpgettext ("scoped", "date format\004%Y-%m-%d", strlen ("date format") + 1), ==, "%d.%m.%Y");
    /* Untranslated text, and a domain without a catalogue, stay English. */
    g_assert_cmpstr (pb_dgettext ("scoped", "Not there"), ==, "Not there");
    g_assert_cmpstr (pb_dgettext ("nowhere", "Acme check"), ==, "Acme check");
    g_assert_cmpstr (pb_dngettext ("nowhere", "%u flag", "%u flags", 2), ==, "%u flags");
    g_assert_cmpstr (g_thread_join (g_steal_pointer (&thread)), ==, "Acme check");

    {
      g_auto(PbLanguageScope) inner = pb_language_scope_enter ("en");

      g_assert_cmpstr (pb_dgettext ("scoped", "Acme check"), ==, "Acme check");
    }
    g_assert_cmpstr (pb_dgettext ("scoped", "Acme check"), ==, "Acme-Prüfung");
  }

  g_assert_null (pb_i18n_get_thread_language ());
  g_assert_cmpstr (pb_dgettext ("scoped", "Acme check"), ==, "Acme check");
}

static void
test_languages (void)
{
  const char * const *languages = pb_i18n_get_languages ();
  g_auto(GStrv) complete = g_strsplit (PB_COMPLETE_LINGUAS, ";", -1);

  /* English, then each complete language whose catalogue the build made. */
  g_assert_cmpstr (languages[0], ==, "en");
  for (guint i = 0; complete[i] != NULL; i++)
    if (*complete[i] != '\0')
      g_assert_true (pb_i18n_is_language (complete[i]));
  g_assert_false (pb_i18n_is_language ("xx"));
  g_assert_cmpstr (pb_i18n_get_language_name ("fr"), ==, "Français");
  g_assert_cmpstr (pb_i18n_get_language_name ("sv"), ==, "Svenska");
  g_assert_cmpstr (pb_i18n_get_language_name ("xx"), ==, "xx");
  /* The tests run under LC_ALL=C.UTF-8 without LANGUAGE. */
  g_assert_cmpstr (pb_i18n_get_interface_language (), ==, "en");
}

/* Country names come in the language of the scope, from iso-codes. */
static void
test_country_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCountries) countries = pb_countries_load_default (&error);
  PbCountry *sweden;

  g_assert_no_error (error);
  sweden = pb_countries_lookup (countries, "SE");
  g_assert_nonnull (sweden);
  g_assert_cmpstr (pb_country_get_name (sweden), ==, "Sweden");

  if (!pb_i18n_is_language ("fr") || !pb_i18n_is_language ("de"))
    {
      g_test_skip ("French or German is not complete yet");
      return;
    }

  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter ("fr");

    g_assert_cmpstr (pb_country_get_name (sweden), ==, "Suède");
  }
  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter ("de");

    g_assert_cmpstr (pb_country_get_name (sweden), ==, "Schweden");
  }
  g_assert_cmpstr (pb_country_get_name (sweden), ==, "Sweden");
}

static void
test_valid_domain (void)
{
  g_assert_true (pb_i18n_is_valid_domain ("probity"));
  g_assert_true (pb_i18n_is_valid_domain ("com.acme.export-check_2"));
  g_assert_false (pb_i18n_is_valid_domain (NULL));
  g_assert_false (pb_i18n_is_valid_domain (""));
  g_assert_false (pb_i18n_is_valid_domain (".hidden"));
  g_assert_false (pb_i18n_is_valid_domain ("../../etc/passwd"));
  g_assert_false (pb_i18n_is_valid_domain ("a/b"));
  g_assert_false (pb_i18n_is_valid_domain ("acme check"));
  g_assert_false (pb_i18n_is_valid_domain ("é"));
  g_assert_true (pb_i18n_is_valid_domain ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  g_assert_false (pb_i18n_is_valid_domain ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void
test_formats_english (void)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_utc (2026, 3, 14, 9, 5, 0);
  g_autofree char *date = pb_i18n_format_date (datetime);
  g_autofree char *date_time = pb_i18n_format_date_time (datetime);
  g_autofree char *decimal = pb_i18n_format_decimal (1.5, 2);
  g_autofree char *rounded = pb_i18n_format_decimal (2.25, 0);

  g_assert_cmpstr (date, ==, "2026-03-14");
  g_assert_cmpstr (date_time, ==, "2026-03-14 09:05");
  g_assert_cmpstr (decimal, ==, "1.50");
  g_assert_cmpstr (rounded, ==, "2");
}

/* Each complete language writes dates and numbers its own way, and the
 * same call outside the scope is English again. */
static const struct {
  const char *language;
  const char *date;
  const char *date_time;
  const char *decimal;
} formats[] = {
  { "de", "14.03.2026", "14.03.2026 09:05", "1,5" },
  { "fr", "14/03/2026", "14/03/2026 09:05", "1,5" },
  { "nl", "14-03-2026", "14-03-2026 09:05", "1,5" },
  { "sv", "2026-03-14", "2026-03-14 09:05", "1,5" },
};

static void
test_formats_per_language (void)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_utc (2026, 3, 14, 9, 5, 0);
  guint n_checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      if (!pb_i18n_is_language (formats[i].language))
        continue;

      {
        g_auto(PbLanguageScope) scope = pb_language_scope_enter (formats[i].language);
        g_autofree char *date = pb_i18n_format_date (datetime);
        g_autofree char *date_time = pb_i18n_format_date_time (datetime);
        g_autofree char *decimal = pb_i18n_format_decimal (1.5, 1);

        g_assert_cmpstr (date, ==, formats[i].date);
        g_assert_cmpstr (date_time, ==, formats[i].date_time);
        g_assert_cmpstr (decimal, ==, formats[i].decimal);
        n_checked++;
      }

      {
        g_autofree char *english = pb_i18n_format_decimal (1.5, 1);

        g_assert_cmpstr (english, ==, "1.5");
      }
    }

  /* Every complete language has its expected forms above. */
  g_assert_cmpuint (n_checked, ==, g_strv_length ((char **) pb_i18n_get_languages ()) - 1);
  if (n_checked == 0)
    g_test_skip ("no complete translation yet (po/PENDING)");
}

/* A questionnaire names its own text domain, and its catalogues in the
 * questionnaires folder's locale/ translate it, both for the interface
 * (gettext) and for a report written in another language. */
static void
test_questionnaire_domain (void)
{
  g_autofree char *locale_dir = g_build_filename (data_dir, "questionnaires", "locale", NULL);
  g_autofree char *mo = compile_catalog (locale_dir, "de", "acme", "");
  g_autoptr(GBytes) bytes = g_bytes_new_static (acme_xml, strlen (acme_xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = pb_questionnaire_new_from_bytes (bytes, "acme.xml", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_title (questionnaire), ==, "Acme check");

  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter ("de");

    g_assert_cmpstr (pb_questionnaire_get_title (questionnaire), ==, "Acme-Prüfung");
    /* Text the catalogue lacks stays as written. */
    g_assert_cmpstr (pb_section_get_title (pb_questionnaire_get_section (questionnaire, 0)), ==, "Network");
  }

}

/* The interface's language, through gettext, in a process of its own: GLib
 * decides once per process whether to translate (g_dgettext() translates
 * only when the program's own domain has a catalogue for the language). */
static void
test_questionnaire_domain_gettext (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *locale_dir = g_build_filename (data_dir, "questionnaires", "locale", NULL);
      g_autofree char *mo = compile_catalog (locale_dir, "de", "acme", "");
      g_autoptr(GBytes) bytes = g_bytes_new_static (acme_xml, strlen (acme_xml));
      g_autoptr(GError) error = NULL;
      g_autoptr(PbQuestionnaire) questionnaire = NULL;

      g_setenv ("LANGUAGE", "de", TRUE);
      pb_i18n_init ();
      questionnaire = pb_questionnaire_new_from_bytes (bytes, "acme.xml", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pb_questionnaire_get_title (questionnaire), ==, "Acme-Prüfung");
      g_assert_cmpstr (pb_question_get_label (pb_questionnaire_lookup_question (questionnaire, "Q1")), ==,
                       "Betreibt der Kunde Netze?");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A report written in another language reads the shipped questionnaire's
 * text, the outcome and the risk levels from that language's catalogue. */
static void
test_shipped_in_scope (void)
{
  static const struct {
    const char *language;
    const char *title;
    const char *outcome;
    const char *level;
  } expected[] = {
    { "fr", "Vente de technologie de surveillance : vigilance en matière de droits de l’homme", "Ne pas poursuivre", "Critique" },
    { "de", "Verkauf von Überwachungstechnik: menschenrechtliche Sorgfaltspflicht", "Nicht fortfahren", "Kritisch" },
    { "nl", "Verkoop van surveillancetechnologie: passende zorgvuldigheid inzake mensenrechten", "Niet doorgaan", "Kritiek" },
    { "sv", "Försäljning av övervakningsteknik: tillbörlig aktsamhet i fråga om mänskliga rättigheter", "Gå inte vidare", "Kritisk" },
  };
  g_autofree char *path = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "questionnaires",
                                            "surveillance-export.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  guint n_checked = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  questionnaire = pb_questionnaire_new_from_bytes (bytes, path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_title (questionnaire), ==,
                   "Surveillance technology sale: human-rights due diligence");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      if (!pb_i18n_is_language (expected[i].language))
        continue;

      {
        g_auto(PbLanguageScope) scope = pb_language_scope_enter (expected[i].language);

        g_assert_cmpstr (pb_questionnaire_get_title (questionnaire), ==, expected[i].title);
        g_assert_cmpstr (pb_outcome_get_label (PB_OUTCOME_DO_NOT_PROCEED), ==, expected[i].outcome);
        g_assert_cmpstr (pb_severity_get_label (PB_SEVERITY_CRITICAL), ==, expected[i].level);
        n_checked++;
      }
    }

  g_assert_cmpstr (pb_outcome_get_label (PB_OUTCOME_DO_NOT_PROCEED), ==, "Do not proceed");
  if (n_checked == 0)
    g_test_skip ("no complete translation yet (po/PENDING)");
}

/* Every <ref> of the shipped questionnaires, once each. */
static GPtrArray *
shipped_citations (void)
{
  static const char * const names[] = { "surveillance-export", "governance" };
  GPtrArray *citations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autofree char *file_name = g_strconcat (names[n], ".xml", NULL);
      g_autofree char *path = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "questionnaires", file_name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(PbQuestionnaire) questionnaire = pb_questionnaire_new_from_file (file, &error);
      g_autoptr(GPtrArray) lists = g_ptr_array_new ();

      g_assert_no_error (error);
      for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
        g_ptr_array_add (lists, (gpointer) pb_question_get_references (pb_questionnaire_get_question (questionnaire, i)));
      for (guint i = 0; i < pb_questionnaire_get_n_rules (questionnaire); i++)
        g_ptr_array_add (lists, (gpointer) pb_rule_get_references (pb_questionnaire_get_rule (questionnaire, i)));

      for (guint l = 0; l < lists->len; l++)
        {
          const char * const *refs = g_ptr_array_index (lists, l);

          for (guint i = 0; refs != NULL && refs[i] != NULL; i++)
            if (g_hash_table_add (seen, g_strdup (refs[i])))
              g_ptr_array_add (citations, g_strdup (refs[i]));
        }
    }
  g_assert_cmpuint (citations->len, >, 50);

  return citations;
}

/* The numbers of a citation in order ("2021/821, Art. 5(2)": 2021 821 5 2)
 * and its list entries and annex numbers: what identifies what is cited. */
static char *
designations (const char *citation)
{
  g_autoptr(GRegex) regex = g_regex_new ("[0-9]+|\\b[IVX]+\\b|\\b[0-9][A-E][0-9]{3}(\\.[a-z])?\\b", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GString *found = g_string_new (NULL);

  g_regex_match (regex, citation, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *word = g_match_info_fetch (match, 0);

      g_string_append_printf (found, "%s ", word);
      g_match_info_next (match, NULL);
    }

  return g_string_free (found, FALSE);
}

/* In English a citation reads as written: the patterns give every shipped
 * citation back unchanged. */
static void
test_citations_english (void)
{
  g_autoptr(GPtrArray) citations = shipped_citations ();

  for (guint i = 0; i < citations->len; i++)
    {
      g_autofree char *text = pb_citation_format (g_ptr_array_index (citations, i));

      g_assert_cmpstr (text, ==, g_ptr_array_index (citations, i));
    }
}

/* Each language writes the words of an EU act's citation as its Official
 * Journal does, and keeps identifiers and titles as published. */
static void
test_citations_per_language (void)
{
  static const struct {
    const char *language;
    const char *citation;
    const char *expected;
  } cases[] = {
    { "fr", "Regulation (EU) 2021/821, Art. 5(2)", "Règlement (UE) 2021/821, art. 5, par. 2" },
    { "fr", "Regulation (EU) 2024/1689, Art. 5(1)(h)", "Règlement (UE) 2024/1689, art. 5, par. 1, point h)" },
    { "fr", "Regulation (EU) 2021/821, Art. 2(20)", "Règlement (UE) 2021/821, art. 2, point 20" },
    { "fr", "Regulation (EU) 2021/821, Annex I, 5A001.j", "Règlement (UE) 2021/821, annexe I, 5A001.j" },
    { "fr", "Council Common Position 2008/944/CFSP, Art. 2(2)", "Position commune 2008/944/PESC du Conseil, art. 2, par. 2" },
    { "fr", "UNGP 17", "Principes directeurs de l’ONU, principe 17" },
    { "fr", "15 CFR 748.3", "15 CFR 748.3" },
    { "fr", "UN Human Rights Council, A/HRC/41/35 (28 May 2019)", "UN Human Rights Council, A/HRC/41/35 (28 May 2019)" },
    { "de", "Regulation (EU) 2024/1689, Art. 5(1)(h)", "Verordnung (EU) 2024/1689, Art. 5 Abs. 1 Buchst. h" },
    { "de", "Regulation (EU) 2024/1689, Art. 3(42)", "Verordnung (EU) 2024/1689, Art. 3 Nr. 42" },
    { "de", "Regulation (EU) 2024/1689, Annex III, point 6(b)", "Verordnung (EU) 2024/1689, Anhang III, Nummer 6 Buchstabe b" },
    { "de", "Council Regulation (EU) No 833/2014, Art. 2(1)", "Verordnung (EU) Nr. 833/2014 des Rates, Art. 2 Abs. 1" },
    { "de", "Directive (EU) 2024/1760, Art. 7", "Richtlinie (EU) 2024/1760, Art. 7" },
    { "nl", "Regulation (EU) 2024/1689, Art. 5(1)(f)", "Verordening (EU) 2024/1689, art. 5, lid 1, punt f)" },
    { "nl", "Commission Recommendation (EU) 2024/2659, Annex, section 1.2.6",
      "Aanbeveling (EU) 2024/2659 van de Commissie, bijlage, punt 1.2.6" },
    { "nl", "UNGP 18(a)", "UNGP 18(a)" },
    { "sv", "Regulation (EU) 2021/821, Art. 5(1)", "Förordning (EU) 2021/821, art. 5.1" },
    { "sv", "Regulation (EU) 2024/1689, Art. 5(1)(g)", "Förordning (EU) 2024/1689, art. 5.1 g" },
    { "sv", "Council Regulation (EC) No 428/2009 (assimilated law in the United Kingdom), Art. 3(1)",
      "Rådets förordning (EG) nr 428/2009 (som assimilerad rätt i Förenade kungariket), art. 3.1" },
    { "sv", "Treaty on the Functioning of the European Union, Art. 215", "Fördraget om Europeiska unionens funktionssätt, art. 215" },
  };
  guint n_checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(PbLanguageScope) scope = { 0 };
      g_autofree char *text = NULL;

      if (!pb_i18n_is_language (cases[i].language))
        continue;
      scope = pb_language_scope_enter (cases[i].language);
      text = pb_citation_format (cases[i].citation);
      g_assert_cmpstr (text, ==, cases[i].expected);
      n_checked++;
    }

  if (n_checked == 0)
    g_test_skip ("no complete translation yet (po/PENDING)");
}

/* In every language, every shipped citation keeps what identifies what it
 * cites: its numbers, annex numbers and list entries, in order. */
static void
test_citations_exact (void)
{
  g_autoptr(GPtrArray) citations = shipped_citations ();
  const char * const *languages = pb_i18n_get_languages ();

  for (guint l = 0; languages[l] != NULL; l++)
    {
      g_auto(PbLanguageScope) scope = pb_language_scope_enter (languages[l]);
      guint n_translated = 0;

      for (guint i = 0; i < citations->len; i++)
        {
          const char *citation = g_ptr_array_index (citations, i);
          g_autofree char *text = pb_citation_format (citation);
          g_autofree char *expected = designations (citation);
          g_autofree char *found = designations (text);

          if (strcmp (found, expected) != 0)
            g_test_fail_printf ("%s: “%s” became “%s”: %s instead of %s", languages[l], citation, text, found, expected);
          if (strcmp (text, citation) != 0)
            n_translated++;
        }
      g_test_message ("%s: %u of %u citations in the language's own form", languages[l], n_translated, citations->len);
      if (strcmp (languages[l], "en") != 0)
        g_assert_cmpuint (n_translated, >, 20);
    }
}

static void
test_questionnaire_bad_domain (void)
{
  static const char xml[] =
    "<questionnaire id=\"evil\" version=\"1\"\n"
    "  gettext-domain=\"../../../tmp/evil\">\n"
    "<title>T</title>\n"
    "</questionnaire>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = pb_questionnaire_new_from_bytes (bytes, "evil.xml", &error);

  g_assert_null (questionnaire);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "evil.xml:2:19: invalid gettext-domain “../../../tmp/evil”"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  data_dir = g_dir_make_tmp ("probity-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything reads it: the questionnaires folder of this test. */
  g_setenv ("PROBITY_DATA_DIR", data_dir, TRUE);
  g_unsetenv ("LANGUAGE");
  pb_i18n_init ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/i18n/catalog/little-endian", "little", test_catalog_lookup);
  g_test_add_data_func ("/i18n/catalog/big-endian", "big", test_catalog_lookup);
  g_test_add_func ("/i18n/catalog/hostile", test_catalog_hostile);
  g_test_add_func ("/i18n/catalog/charset", test_catalog_charset);
  g_test_add_func ("/i18n/scope", test_scope);
  g_test_add_func ("/i18n/languages", test_languages);
  g_test_add_func ("/i18n/valid-domain", test_valid_domain);
  g_test_add_func ("/i18n/country-names", test_country_names);
  g_test_add_func ("/i18n/formats/english", test_formats_english);
  g_test_add_func ("/i18n/formats/per-language", test_formats_per_language);
  g_test_add_func ("/i18n/questionnaire/domain", test_questionnaire_domain);
  g_test_add_func ("/i18n/questionnaire/domain-gettext", test_questionnaire_domain_gettext);
  g_test_add_func ("/i18n/questionnaire/shipped-in-scope", test_shipped_in_scope);
  g_test_add_func ("/i18n/questionnaire/bad-domain", test_questionnaire_bad_domain);
  g_test_add_func ("/i18n/citations/english", test_citations_english);
  g_test_add_func ("/i18n/citations/per-language", test_citations_per_language);
  g_test_add_func ("/i18n/citations/exact", test_citations_exact);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", data_dir);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (data_dir);

  return status;
}
