/* pb-cli-lists.c: probity-cli lists and screen, restricted-party lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pb-case-store.h"
#include "pb-cli.h"
#include "pb-json.h"
#include "pb-list-importer.h"
#include "pb-name-normalizer.h"
#include "pb-screening-index.h"

/* A list older than this is flagged by `lists status`: the EU, UK and US
 * lists change several times a month. */
#define DEFAULT_MAX_AGE_DAYS 7

static char      *opt_db;
static char      *opt_user;
static char      *opt_role;
static char      *opt_organisation;
static gboolean   opt_json;
static char      *opt_format;
static char      *opt_published;
static gboolean   opt_quiet;
static int        opt_max_age = DEFAULT_MAX_AGE_DAYS;
static char      *opt_country;
static char     **opt_ids;
static double     opt_threshold = PB_NAME_MATCH_THRESHOLD;

static const GOptionEntry db_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The case database: a file, a postgresql:// URI or service=NAME (default: $PROBITY_DB, else the user’s data folder)"), N_("DATABASE") },
  { NULL }
};

static const GOptionEntry import_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("eu-fsf-xml, eu-fsf-csv, un-sc-xml, uk-fcdo-csv, uk-fcdo-xml, us-csl-csv, us-csl-json or opensanctions-csv (default: recognised from the file)"), N_("FORMAT") },
  { "published", 0, 0, G_OPTION_ARG_STRING, &opt_published, N_("The publication date, for files that state none (YYYY-MM-DD)"), N_("DATE") },
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user, N_("Who imports, for the record (default: $PROBITY_USER, else your name)"), N_("NAME") },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role, N_("Your role: sales or reviewer (default: $PROBITY_ROLE, else sales); an auditor imports nothing"), N_("ROLE") },
  { "organisation", 0, 0, G_OPTION_ARG_STRING, &opt_organisation, N_("Your organisation (default: $PROBITY_ORGANISATION)"), N_("NAME") },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, N_("Do not show progress"), NULL },
  { NULL }
};

static const GOptionEntry status_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { "max-age", 0, 0, G_OPTION_ARG_INT, &opt_max_age, N_("Warn about lists published more than DAYS ago (default: 7)"), N_("DAYS") },
  { NULL }
};

static const GOptionEntry screen_entries[] = {
  { "country", 0, 0, G_OPTION_ARG_STRING, &opt_country, N_("The party’s country, ISO 3166 code: raises the score of entries linked to it, lowers others"), N_("CC") },
  { "id", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_ids, N_("An identifier of the party (registration, passport, IMO number); repeatable"), N_("NUMBER") },
  { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &opt_threshold, N_("The lowest score reported (default: 0.85)"), N_("SCORE") },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

static gboolean
parse_args (int                  *argc,
            char               ***argv,
            const char           *args,
            const char           *summary,
            const GOptionEntry   *entries,
            int                   n_args)
{
  g_autoptr(GOptionContext) context = g_option_context_new (args);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(summary));
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!pb_cli_parse_options (context, argc, argv))
    return FALSE;

  if (*argc - 1 != n_args)
    {
      if (*argc - 1 > n_args)
        pb_cli_printerr (_("unexpected argument “%s”"), (*argv)[n_args + 1]);
      else
        /* Translators: the expected arguments, e.g. FILE */
        pb_cli_printerr (_("missing arguments: %s"), args);
      return FALSE;
    }

  return TRUE;
}

static PbCaseStore *
open_lists_store (PbCaseStoreFlags flags)
{
  g_autoptr(GError) error = NULL;
  PbCaseStore *store = pb_case_store_open (pb_cli_resolve_db_path (opt_db), flags, &error);

  if (store == NULL)
    pb_cli_print_error (error);

  return store;
}

static void
add_edition (JsonBuilder   *builder,
             PbListEdition *edition)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "edition");
  json_builder_add_int_value (builder, pb_list_edition_get_id (edition));
  pb_json_add_string_member (builder, "list", pb_list_edition_get_list_id (edition));
  pb_json_add_string_member (builder, "title", pb_list_edition_get_title (edition));
  pb_json_add_string_member (builder, "publisher", pb_list_edition_get_publisher (edition));
  pb_json_add_string_member (builder, "format", pb_list_edition_get_format (edition));
  pb_json_add_string_member (builder, "published", pb_list_edition_get_published (edition));
  pb_json_add_string_member (builder, "imported", pb_list_edition_get_imported (edition));
  pb_json_add_string_member (builder, "imported_by", pb_list_edition_get_imported_by (edition));
  pb_json_add_string_member (builder, "file_name", pb_list_edition_get_file_name (edition));
  pb_json_add_string_member (builder, "file_sha256", pb_list_edition_get_file_sha256 (edition));
  json_builder_set_member_name (builder, "file_size");
  json_builder_add_int_value (builder, pb_list_edition_get_file_size (edition));
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, pb_list_edition_get_n_entries (edition));
  json_builder_set_member_name (builder, "current");
  json_builder_add_boolean_value (builder, pb_list_edition_get_current (edition));
  json_builder_end_object (builder);
}

/* Days since @date (ISO 8601, date or date and time), -1 if unreadable. */
static int
age_in_days (const char *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *day = NULL;

  if (date == NULL || strlen (date) < 10)
    return -1;

  day = g_strdup_printf ("%.10sT00:00:00Z", date);
  if (!(then = g_date_time_new_from_iso8601 (day, NULL)))
    return -1;

  return (int) (g_date_time_difference (now, then) / G_TIME_SPAN_DAY);
}

/* lists import ---------------------------------------------------------------- */

static void
progress_cb (guint64  bytes_read,
             guint64  bytes_total,
             guint    n_entries,
             gpointer user_data)
{
  gint64 *last = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - *last < G_USEC_PER_SEC / 4 && bytes_read < bytes_total)
    return;
  *last = now;

  /* Translators: a percentage, then a number of entries */
  fputc ('\r', stderr);
  fprintf (stderr, _("%3.0f%%  %u entries read"), bytes_total > 0 ? 100.0 * bytes_read / bytes_total : 100.0,
           n_entries);
  fflush (stderr);
}

static int
lists_import (int    argc,
              char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbListEdition) edition = NULL;
  g_autoptr(PbActor) actor = NULL;
  g_autoptr(GError) error = NULL;
  PbListFormat format = PB_LIST_FORMAT_AUTO;
  gboolean already = FALSE;
  gboolean show_progress;
  gint64 last = 0;

  if (!parse_args (&argc, &argv, N_("FILE"), N_("Import a list file as a new edition of its list."),
                   import_entries, 1))
    return 1;

  if (opt_format != NULL && !pb_list_format_from_string (opt_format, &format))
    {
      pb_cli_printerr (_("unknown list format “%s”"), opt_format);
      return 1;
    }

  if (!(store = open_lists_store (PB_CASE_STORE_FLAGS_NONE)))
    return 1;

  /* On a team server, whom it authenticated (an administrator) unless
   * --user says otherwise. */
  if (!(actor = pb_cli_new_actor (opt_user, opt_role, opt_organisation, store,
                                  PB_ROLE_SALES, "lists import", &error)))
    {
      pb_cli_print_error (error);
      return 1;
    }
  pb_case_store_set_actor (store, actor);

  show_progress = !opt_quiet && isatty (STDERR_FILENO);
  edition = pb_list_import_file (store, argv[1], format, opt_published,
                                 show_progress ? progress_cb : NULL, &last, NULL, &already, &error);
  if (show_progress)
    fprintf (stderr, "\n");
  if (edition == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (already)
    /* Translators: a list title, an edition number, then a date */
    printf (_("%s: this file was imported before, as edition %lld (%s); nothing changed.\n"),
            pb_list_edition_get_title (edition), (long long) pb_list_edition_get_id (edition),
            pb_list_edition_get_effective_date (edition));
  else
    /* Translators: a list title, an edition number, a number of entries, a date, then a SHA-256 */
    printf (_("%s: imported edition %lld, %u entries, published %s, SHA-256 %s\n"),
            pb_list_edition_get_title (edition), (long long) pb_list_edition_get_id (edition),
            pb_list_edition_get_n_entries (edition),
            pb_list_edition_get_published (edition) ? pb_list_edition_get_published (edition) : _("(no date in the file)"),
            pb_list_edition_get_file_sha256 (edition));

  if (!pb_list_edition_get_current (edition))
    printf ("%s\n", _("A newer edition of this list is already imported: screening keeps using it."));

  return 0;
}

/* lists status ---------------------------------------------------------------- */

static int
lists_status (int    argc,
              char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GPtrArray) editions = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_args (&argc, &argv, "", N_("Show the imported list editions, the current one of each list first."),
                   status_entries, 0))
    return 1;

  if (!(store = open_lists_store (PB_CASE_STORE_FLAGS_READ_ONLY)))
    return 1;

  if (!(editions = pb_case_store_list_editions (store, FALSE, &error)))
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "editions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < editions->len; i++)
        add_edition (builder, g_ptr_array_index (editions, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "max_age_days");
      json_builder_add_int_value (builder, opt_max_age);
      json_builder_set_member_name (builder, "stale");
      json_builder_begin_array (builder);
      for (guint i = 0; i < editions->len; i++)
        {
          PbListEdition *edition = g_ptr_array_index (editions, i);

          if (pb_list_edition_get_current (edition) &&
              age_in_days (pb_list_edition_get_effective_date (edition)) > opt_max_age)
            json_builder_add_string_value (builder, pb_list_edition_get_list_id (edition));
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      pb_cli_print_json (builder);
      return 0;
    }

  if (editions->len == 0)
    {
      printf ("%s\n", _("No list imported yet. Import the publishers’ files with “probity-cli lists import FILE”."));
      return 0;
    }

  {
    /* Translators: column headings of the list editions table */
    g_autofree char *list = pb_cli_pad (_("LIST"), 14);
    g_autofree char *edition = pb_cli_pad (_("EDITION"), 8);
    g_autofree char *published = pb_cli_pad (_("PUBLISHED"), 11);
    g_autofree char *imported = pb_cli_pad (_("IMPORTED"), 25);

    printf ("%s %s %s %s %9s  %s\n", list, edition, published, imported, _("ENTRIES"), _("FILE"));
  }
  for (guint i = 0; i < editions->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (editions, i);
      const char *published = pb_list_edition_get_published (edition);
      g_autofree char *imported = g_strndup (pb_list_edition_get_imported (edition), 19);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT "%s", pb_list_edition_get_id (edition),
                                                 pb_list_edition_get_current (edition) ? "*" : "");

      printf ("%-14s %-8s %-11.10s %-25s %9u  %s\n", pb_list_edition_get_list_id (edition), number,
              published != NULL ? published : "-", imported, pb_list_edition_get_n_entries (edition),
              pb_list_edition_get_file_name (edition));
    }
  printf ("%s\n", _("* the current edition of its list, used for screening"));

  for (guint i = 0; i < editions->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (editions, i);
      int age = age_in_days (pb_list_edition_get_effective_date (edition));

      if (!pb_list_edition_get_current (edition) || age <= opt_max_age)
        continue;
      /* Translators: a list title, then a number of days */
      printf (_("Warning: %s is %d days old; import its latest edition before screening.\n"),
              pb_list_edition_get_title (edition), age);
    }

  return 0;
}

/* screen ----------------------------------------------------------------------- */

static void
add_strings (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static void
add_hit (JsonBuilder    *builder,
         PbScreeningHit *hit,
         PbListEntry    *entry,
         const char     *entry_sha256)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, hit->score);
  json_builder_set_member_name (builder, "name_score");
  json_builder_add_double_value (builder, hit->name_score);
  pb_json_add_string_member (builder, "list", pb_list_edition_get_list_id (hit->edition));
  json_builder_set_member_name (builder, "edition");
  json_builder_add_int_value (builder, pb_list_edition_get_id (hit->edition));
  pb_json_add_string_member (builder, "published", pb_list_edition_get_published (hit->edition));
  json_builder_set_member_name (builder, "entry");
  json_builder_add_int_value (builder, hit->entry_id);
  pb_json_add_string_member (builder, "entry_sha256", entry_sha256);
  pb_json_add_string_member (builder, "source_id", entry != NULL ? entry->source_id : NULL);
  pb_json_add_string_member (builder, "source_list", entry != NULL ? entry->source_list : NULL);
  pb_json_add_string_member (builder, "kind", pb_list_entry_kind_to_string (hit->entry_kind));
  pb_json_add_string_member (builder, "name", entry != NULL ? pb_list_entry_get_name (entry) : NULL);
  pb_json_add_string_member (builder, "matched_name", hit->listed_name);
  pb_json_add_string_member (builder, "matched_name_kind", pb_list_name_kind_to_string (hit->listed_name_kind));
  add_strings (builder, "programmes", entry != NULL ? entry->programmes : NULL);
  add_strings (builder, "countries", entry != NULL ? entry->countries : NULL);
  pb_json_add_string_member (builder, "legal_basis", entry != NULL ? entry->legal_basis : NULL);

  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hit->detail.n_matches; i++)
    {
      const PbTokenMatch *match = &hit->detail.matches[i];
      g_autofree char *query = pb_screening_hit_get_query_span (hit, match);
      g_autofree char *listed = pb_screening_hit_get_listed_span (hit, match);

      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "party", query);
      pb_json_add_string_member (builder, "listed", listed);
      pb_json_add_string_member (builder, "how", pb_token_match_kind_to_string (match->kind));
      json_builder_set_member_name (builder, "similarity");
      json_builder_add_double_value (builder, match->similarity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "party_coverage");
  json_builder_add_double_value (builder, hit->detail.query_coverage);
  json_builder_set_member_name (builder, "listed_coverage");
  json_builder_add_double_value (builder, hit->detail.listed_coverage);
  json_builder_set_member_name (builder, "country_adjustment");
  json_builder_add_double_value (builder, hit->country_adjustment);
  pb_json_add_string_member (builder, "identifier", hit->identifier);
  json_builder_end_object (builder);
}

static int
screen (int    argc,
        char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *match_form = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  PbScreeningQuery query = { 0 };
  GPtrArray *editions;
  const char *country = NULL;

  if (!parse_args (&argc, &argv, N_("NAME"),
                   N_("Screen a name against the current edition of every imported list."), screen_entries, 1))
    return 1;

  if (opt_country != NULL && !(country = pb_country_code_from_text (opt_country)))
    {
      pb_cli_printerr (_("unknown country “%s”: give its ISO 3166 code"), opt_country);
      return 1;
    }

  if (!(store = open_lists_store (PB_CASE_STORE_FLAGS_READ_ONLY)))
    return 1;

  if (!(index = pb_screening_index_new (store, NULL, &error)))
    {
      pb_cli_print_error (error);
      return 1;
    }

  editions = pb_screening_index_get_editions (index);
  if (editions->len == 0)
    {
      /* A screening against nothing must never read as a clear result. */
      pb_cli_printerr ("%s", _("no list is imported, so nothing can be screened: "
                               "import the lists first with “probity-cli lists import FILE”"));
      return 1;
    }

  query.name = argv[1];
  query.country = country;
  query.identifiers = (const char * const *) opt_ids;
  hits = pb_screening_index_screen (index, &query, opt_threshold);
  match_form = pb_name_normalize (argv[1]);

  if (opt_json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "name", argv[1]);
      pb_json_add_string_member (builder, "match_form", match_form);
      pb_json_add_string_member (builder, "country", country);
      json_builder_set_member_name (builder, "threshold");
      json_builder_add_double_value (builder, opt_threshold);
      json_builder_set_member_name (builder, "editions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < editions->len; i++)
        add_edition (builder, g_ptr_array_index (editions, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "hits");
      json_builder_begin_array (builder);
    }
  else
    {
      /* Translators: a name, then its normalised form */
      printf (_("Screened “%s” (compared as “%s”) against:\n"), argv[1], match_form);
      for (guint i = 0; i < editions->len; i++)
        {
          PbListEdition *edition = g_ptr_array_index (editions, i);

          /* Translators: a list title, an edition number, a date, then a number of entries */
          printf (_("  %s, edition %lld of %s, %u entries\n"), pb_list_edition_get_title (edition),
                  (long long) pb_list_edition_get_id (edition), pb_list_edition_get_effective_date (edition),
                  pb_list_edition_get_n_entries (edition));
        }
      if (hits->len == 0)
        /* Translators: a score threshold such as 0.85 */
        printf (_("No entry scores %.2f or more.\n"), opt_threshold);
      else
        /* Translators: a number of hits */
        printf (ngettext ("%u possible match:\n", "%u possible matches:\n", hits->len), hits->len);
    }

  for (guint i = 0; i < hits->len; i++)
    {
      PbScreeningHit *hit = g_ptr_array_index (hits, i);
      g_autoptr(PbListEntry) entry = NULL;
      g_autofree char *sha256 = NULL;
      g_autofree char *explanation = NULL;

      if (!(entry = pb_case_store_get_list_entry (store, hit->entry_id, &sha256, &error)))
        {
          pb_cli_print_error (error);
          return 1;
        }

      if (opt_json)
        {
          add_hit (builder, hit, entry, sha256);
          continue;
        }

      explanation = pb_screening_hit_explain (hit);
      /* Translators: a score, a list id, the entry's reference, its kind, then its name */
      printf ("\n%.2f  %s %s%s%s  (%s) %s\n", hit->score, pb_list_edition_get_list_id (hit->edition),
              entry->source_id ? entry->source_id : "", entry->source_list ? " · " : "",
              entry->source_list ? entry->source_list : "", pb_list_entry_kind_get_label (entry->kind),
              pb_list_entry_get_name (entry));
      if (entry->programmes->len > 0)
        {
          g_autoptr(GString) programmes = g_string_new (NULL);

          for (guint p = 0; p < entry->programmes->len; p++)
            g_string_append_printf (programmes, "%s%s", p > 0 ? ", " : "",
                                    (const char *) g_ptr_array_index (entry->programmes, p));
          printf ("      %s %s\n", _("Programmes:"), programmes->str);
        }
      {
        g_auto(GStrv) lines = g_strsplit (explanation, "\n", -1);

        for (guint l = 0; lines[l] != NULL; l++)
          printf ("      %s\n", lines[l]);
      }
    }

  if (opt_json)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      pb_cli_print_json (builder);
    }

  return 0;
}

/* Dispatch ----------------------------------------------------------------------- */

static const PbCliCommand lists_commands[] = {
  { "import", N_("FILE"), N_("Import a list file (EU, UN, UK, US CSL, OpenSanctions) as a new edition"), lists_import },
  { "status", "", N_("Show the imported editions, their dates, sizes and age"), lists_status },
};

static void
print_lists_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: probity-cli lists COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (lists_commands); i++)
    fprintf (stream, "  %-8s %-6s %s\n", lists_commands[i].name, _(lists_commands[i].args),
             _(lists_commands[i].summary));
}

int
pb_cli_lists (int    argc,
              char **argv)
{
  return pb_cli_run_command (argc, argv, "lists", lists_commands, G_N_ELEMENTS (lists_commands), print_lists_usage);
}

int
pb_cli_screen (int    argc,
               char **argv)
{
  return screen (argc, argv);
}
