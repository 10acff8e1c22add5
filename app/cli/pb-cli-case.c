/* pb-cli-case.c: probity-cli case, stored cases from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pb-case-copying.h"
#include "pb-case-creation.h"
#include "pb-case-export.h"
#include "pb-case-facts.h"
#include "pb-case-rescreening.h"
#include "pb-case-screener.h"
#include "pb-case-store.h"
#include "pb-case-summary.h"
#include "pb-cli.h"
#include "pb-data.h"
#include "pb-file.h"
#include "pb-history-anchoring.h"
#include "pb-i18n.h"
#include "pb-json.h"
#include "pb-migration.h"

static char     *opt_db;
static char     *opt_user;
static char     *opt_role;
static char     *opt_organisation;
static gboolean  opt_json;

static const GOptionEntry common_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, N_("The case database: a file, a postgresql:// URI or service=NAME (default: $PROBITY_DB, else the user’s data folder)"), N_("DATABASE") },
  { "user", 0, 0, G_OPTION_ARG_STRING, &opt_user, N_("Who is acting, for the history (default: $PROBITY_USER, else your name)"), N_("NAME") },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role, N_("In which role: sales, reviewer or auditor (default: $PROBITY_ROLE; sales for editing, required for decisions)"), N_("ROLE") },
  { "organisation", 0, 0, G_OPTION_ARG_STRING, &opt_organisation, N_("For which organisation (default: $PROBITY_ORGANISATION)"), N_("NAME") },
  { NULL }
};

static const GOptionEntry json_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
  { NULL }
};

/* Parses the options; on success @argv holds the positional arguments after
 * argv[0], exactly @n_args of them unless @n_args is -1. */
static gboolean
parse (int                  *argc,
       char               ***argv,
       const char           *args,
       const char           *summary,
       const GOptionEntry   *entries,
       gboolean              with_json,
       int                   n_args)
{
  g_autoptr(GOptionContext) context = g_option_context_new (args);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _(summary));
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (with_json)
    g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!pb_cli_parse_options (context, argc, argv))
    return FALSE;

  if (n_args >= 0 && *argc - 1 != n_args)
    {
      if (*argc - 1 > n_args)
        pb_cli_printerr (_("unexpected argument “%s”"), (*argv)[n_args + 1]);
      else
        /* Translators: the expected arguments, e.g. CASE QUESTION VALUE */
        pb_cli_printerr (_("missing arguments: %s"), args);
      return FALSE;
    }

  return TRUE;
}

typedef enum
{
  OPEN_READ,     /* never writes: an auditor's case file stays byte for byte */
  OPEN_WRITE,    /* edits: sales unless --role says otherwise */
  OPEN_DECIDE,   /* decides: --role is required */
  OPEN_CREATE,   /* edits, creating the database if needed */
} OpenMode;

/* Opens the database and, to write, sets who acts. @action names the
 * command for the error when a decision is made without a role. */
static PbCaseStore *
open_store_for (OpenMode    mode,
                const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbActor) actor = NULL;
  const char *path = pb_cli_resolve_db_path (opt_db);

  switch (mode)
    {
    case OPEN_READ:
      store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
      break;
    case OPEN_WRITE:
    case OPEN_DECIDE:
      store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_NO_CREATE, &error);
      break;
    case OPEN_CREATE:
    default:
      store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_NONE, &error);
      break;
    }

  if (store == NULL)
    {
      pb_cli_print_error (error);
      return NULL;
    }

  /* On a team server, whom it authenticated unless --user says otherwise. */
  if (mode != OPEN_READ &&
      !(actor = pb_cli_new_actor (opt_user, opt_role, opt_organisation, store,
                                  mode == OPEN_DECIDE ? -1 : PB_ROLE_SALES, action, &error)))
    {
      pb_cli_print_error (error);
      return NULL;
    }

  pb_case_store_set_actor (store, actor);

  return g_steal_pointer (&store);
}

static PbCaseStore *
open_store (OpenMode mode)
{
  return open_store_for (mode, NULL);
}

static int
fail (GError *error)
{
  pb_cli_print_error (error);
  return 1;
}

/* Time-stamping the history ---------------------------------------------------- */

static char *opt_tsa;

static const GOptionEntry tsa_entries[] = {
  { "tsa", 0, 0, G_OPTION_ARG_STRING, &opt_tsa, N_("Then time-stamp the case’s history at this RFC 3161 time-stamp authority (default: $PROBITY_TSA)"), N_("URL") },
  { NULL }
};

static const char *
tsa_url (void)
{
  const char *url = opt_tsa != NULL ? opt_tsa : g_getenv ("PROBITY_TSA");

  return url != NULL && *url != '\0' ? url : NULL;
}

int
pb_cli_anchor_after (PbCaseStore *store,
                     const char  *case_id,
                     const char  *tsa_url,
                     const char  *what)
{
  g_autoptr(GError) error = NULL;
  guint seq;

  if (tsa_url == NULL)
    return 0;

  if (!(seq = pb_workflow_anchor_history (store, case_id, tsa_url, &error)))
    {
      /* Translators: what was done (e.g. "The submission"), the reason, then a case id */
      pb_cli_printerr (_("%s was recorded, but the history was not time-stamped: %s. "
                         "Time-stamp it later with: probity-cli case anchor %s --tsa URL"),
                       what, error->message, case_id);
      return 1;
    }

  /* Translators: a case id and an event number */
  fprintf (stderr, _("%s: history time-stamped up to event %u\n"), case_id, seq);
  return 0;
}

static gboolean
is_blank (const char *text)
{
  while (text != NULL && g_ascii_isspace (*text))
    text++;

  return text == NULL || *text == '\0';
}

gboolean
pb_cli_decide (PbCaseStore   *store,
               const char    *case_id,
               PbCaseStatus   decision,
               const char    *reason,
               const char    *conditions,
               const char    *override_rationale,
               GError       **error)
{
  g_autofree char *not_checked = NULL;
  guint screening = PB_SCREENING_UNCHECKED;

  /* A rejection stands on any screening. */
  if (decision != PB_CASE_STATUS_REJECTED)
    {
      if (!pb_case_check_screening (store, case_id, &screening, &not_checked, error))
        return FALSE;
      if (not_checked != NULL)
        pb_cli_printerr ("%s", not_checked);
    }

  if (pb_case_store_decide_on_screening (store, case_id, decision, reason, conditions, override_rationale,
                                         screening, error))
    return TRUE;

  /* The store's refusal of an approval against a do-not-proceed or hold
   * outcome is the GUI's too: here the rationale is an option, named. */
  if (decision == PB_CASE_STATUS_APPROVED && error != NULL && *error != NULL &&
      g_error_matches (*error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED) &&
      is_blank (override_rationale))
    {
      g_autoptr(PbEvaluation) evaluation = pb_case_store_evaluate (store, case_id, 0, NULL);

      if (evaluation != NULL && pb_outcome_needs_override (pb_evaluation_get_outcome (evaluation)))
        {
          char *message = (*error)->message;

          /* Translators: the store's refusal of an approval without an override rationale */
          (*error)->message = g_strdup_printf (_("%s; give the rationale with --override-rationale"), message);
          g_free (message);
        }
    }

  return FALSE;
}

static int
anchor_after (PbCaseStore *store,
              const char  *case_id,
              const char  *what)
{
  return pb_cli_anchor_after (store, case_id, tsa_url (), what);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* A decision's name, or NULL when there is none. */
static const char *
decision_to_string (PbCaseStatus decision)
{
  return pb_case_status_is_decision (decision) ? pb_case_status_to_string (decision) : NULL;
}

static void
add_case_info (JsonBuilder *builder,
               PbCaseInfo  *info)
{
  pb_json_add_string_member (builder, "id", pb_case_info_get_id (info));
  add_int (builder, "revision", pb_case_info_get_revision (info));
  pb_json_add_string_member (builder, "customer", pb_case_info_get_customer_name (info));
  pb_json_add_string_member (builder, "country", pb_case_info_get_country (info));
  pb_json_add_string_member (builder, "product", pb_case_info_get_product_name (info));
  pb_json_add_string_member (builder, "product_version", pb_case_info_get_product_version (info));
  pb_json_add_string_member (builder, "questionnaire", pb_case_info_get_questionnaire_id (info));
  pb_json_add_string_member (builder, "questionnaire_version", pb_case_info_get_questionnaire_version (info));
  pb_json_add_string_member (builder, "questionnaire_sha256", pb_case_info_get_questionnaire_sha256 (info));
  json_builder_set_member_name (builder, "questionnaire_shipped");
  json_builder_add_boolean_value (builder, pb_data_ships_questionnaire (pb_case_info_get_questionnaire_sha256 (info)));
  pb_json_add_string_member (builder, "status", pb_case_status_to_string (pb_case_info_get_status (info)));
  pb_json_add_string_member (builder, "decision", decision_to_string (pb_case_info_get_decision (info)));
  pb_json_add_string_member (builder, "outcome", pb_outcome_to_string (pb_case_info_get_outcome (info)));
  add_int (builder, "answers", pb_case_info_get_n_answers (info));
  pb_json_add_string_member (builder, "created", pb_case_info_get_created (info));
  pb_json_add_string_member (builder, "created_by", pb_case_info_get_created_by (info));
  pb_json_add_string_member (builder, "updated", pb_case_info_get_updated (info));
}

static void
add_person (JsonBuilder *builder,
            const char  *name,
            const char  *role,
            const char  *organisation,
            const char  *time)
{
  json_builder_begin_object (builder);
  pb_json_add_string_member (builder, "name", name);
  pb_json_add_string_member (builder, "role", role);
  pb_json_add_string_member (builder, "organisation", organisation);
  pb_json_add_string_member (builder, "time", time);
  json_builder_end_object (builder);
}

static void
add_decision (JsonBuilder *builder,
              PbDecision  *decision)
{
  json_builder_set_member_name (builder, "decision");
  if (decision == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  pb_json_add_string_member (builder, "decision", pb_case_status_to_string (pb_decision_get_decision (decision)));
  json_builder_set_member_name (builder, "pending_second_approval");
  json_builder_add_boolean_value (builder, pb_decision_is_pending (decision));
  pb_json_add_string_member (builder, "reason", pb_decision_get_reason (decision));
  pb_json_add_string_member (builder, "conditions", pb_decision_get_conditions (decision));
  pb_json_add_string_member (builder, "override_rationale", pb_decision_get_override_rationale (decision));
  pb_json_add_string_member (builder, "outcome", pb_decision_has_outcome (decision)
                                                 ? pb_outcome_to_string (pb_decision_get_outcome (decision)) : NULL);
  json_builder_set_member_name (builder, "submitter");
  if (pb_decision_get_submitter (decision) != NULL)
    add_person (builder, pb_decision_get_submitter (decision), pb_decision_get_submitter_role (decision),
                pb_decision_get_submitter_organisation (decision), pb_decision_get_submitted (decision));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "approvers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pb_decision_get_n_approvers (decision); i++)
    add_person (builder, pb_decision_get_approver_name (decision, i), pb_decision_get_approver_role (decision, i),
                pb_decision_get_approver_organisation (decision, i), pb_decision_get_approver_time (decision, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_person (const char *what,
              const char *name,
              const char *role,
              const char *organisation,
              const char *time)
{
  printf ("  %-15s %s", what, name);
  if (role != NULL || organisation != NULL)
    printf (" (%s%s%s)", role ? role : "", role && organisation ? ", " : "", organisation ? organisation : "");
  printf (", %s\n", time);
}

static void
print_decision (PbDecision *decision)
{
  gboolean rejected = pb_decision_get_decision (decision) == PB_CASE_STATUS_REJECTED;

  printf ("\n%s\n", _("Decision"));
  printf ("  %-15s %s%s\n", _("Decision:"), pb_case_status_get_label (pb_decision_get_decision (decision)),
          pb_decision_is_pending (decision) ? _(" — awaiting a second legal reviewer’s approval") : "");
  if (pb_decision_has_outcome (decision))
    printf ("  %-15s %s\n", _("Taken on:"), pb_outcome_get_label (pb_decision_get_outcome (decision)));
  if (pb_decision_is_override (decision))
    printf ("  %-15s %s\n", _("Override:"), pb_decision_get_override_rationale (decision));
  printf ("  %-15s %s\n", _("Reason:"), pb_decision_get_reason (decision));
  if (pb_decision_get_conditions (decision) != NULL)
    printf ("  %-15s %s\n", _("Conditions:"), pb_decision_get_conditions (decision));
  if (pb_decision_get_submitter (decision) != NULL)
    print_person (_("Submitted by"), pb_decision_get_submitter (decision), pb_decision_get_submitter_role (decision),
                  pb_decision_get_submitter_organisation (decision), pb_decision_get_submitted (decision));
  for (guint i = 0; i < pb_decision_get_n_approvers (decision); i++)
    print_person (rejected ? _("Rejected by") : i == 0 ? _("Approved by") : _("Second approval"),
                  pb_decision_get_approver_name (decision, i), pb_decision_get_approver_role (decision, i),
                  pb_decision_get_approver_organisation (decision, i), pb_decision_get_approver_time (decision, i));
}

/* case new ------------------------------------------------------------------ */

static char *opt_customer;
static char *opt_country;
static char *opt_entity_type;
static char *opt_product;
static char *opt_product_version;
static char *opt_family;
static char *opt_capabilities;
static char *opt_questionnaire;

static const GOptionEntry new_entries[] = {
  { "customer", 0, 0, G_OPTION_ARG_STRING, &opt_customer, N_("Customer name (reused when it exists)"), N_("NAME") },
  { "country", 0, 0, G_OPTION_ARG_STRING, &opt_country, N_("Customer country, ISO 3166 code"), N_("CC") },
  { "entity-type", 0, 0, G_OPTION_ARG_STRING, &opt_entity_type, N_("Customer entity type"), N_("TYPE") },
  { "product", 0, 0, G_OPTION_ARG_STRING, &opt_product, N_("Product name (reused when it exists)"), N_("NAME") },
  { "product-version", 0, 0, G_OPTION_ARG_STRING, &opt_product_version, N_("Product version or SKU"), N_("VERSION") },
  { "family", 0, 0, G_OPTION_ARG_STRING, &opt_family, N_("Product family"), N_("FAMILY") },
  { "capabilities", 0, 0, G_OPTION_ARG_STRING, &opt_capabilities,
    N_("Product capabilities, codes or names separated by commas"), N_("LIST") },
  { "questionnaire", 0, 0, G_OPTION_ARG_STRING, &opt_questionnaire, N_("Questionnaire id or file (default: surveillance-export)"), N_("ID") },
  { NULL }
};

static int
case_new (int    argc,
          char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCustomer) found_customer = NULL;
  g_autoptr(PbProduct) found_product = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;

  if (!parse (&argc, &argv, "", N_("Create a case for a customer and a product."), new_entries, FALSE, 0))
    return 1;

  if (opt_customer == NULL || opt_product == NULL)
    {
      pb_cli_printerr ("%s", _("--customer and --product are required"));
      return 1;
    }

  if (!(questionnaire = pb_data_load_questionnaire (opt_questionnaire ? opt_questionnaire : "surveillance-export", &error)))
    return fail (error);

  /* An entity type no record takes is refused before anything is saved. */
  {
    PbCaseFacts facts = { opt_country, opt_entity_type, NULL, NULL };

    if (!pb_case_facts_check (questionnaire, &facts, &error))
      return fail (error);
  }

  if (!(store = open_store (OPEN_CREATE)))
    return 1;

  /* A case the store refuses leaves no customer or product behind. */
  if (!pb_case_store_check_new_case (store, questionnaire, &error))
    return fail (error);

  /* The customer and product found by name, else recorded with the case,
   * in the same transaction: a case refused, or a connection lost on the
   * way, leaves neither behind. */
  found_customer = pb_case_store_find_customer (store, opt_customer, &error);
  if (error != NULL)
    return fail (error);
  if (found_customer == NULL && opt_country == NULL)
    {
      /* Translators: a customer name */
      pb_cli_printerr (_("“%s” is a new customer: --country is required"), opt_customer);
      return 1;
    }
  found_product = pb_case_store_find_product (store, opt_product, &error);
  if (error != NULL)
    return fail (error);

  {
    g_auto(GStrv) capabilities = pb_case_facts_split_list (opt_capabilities);
    PbNewCustomer new_customer = {
      .uid = found_customer != NULL ? pb_customer_get_uid (found_customer) : NULL,
      .name = opt_customer, .country = opt_country, .entity_type = opt_entity_type,
    };
    PbNewProduct new_product = {
      .uid = found_product != NULL ? pb_product_get_uid (found_product) : NULL,
      .name = opt_product, .version = opt_product_version, .family = opt_family,
      .capabilities = (const char * const *) capabilities,
    };

    if (!(case_id = pb_case_store_create_case_for (store, &new_customer, &new_product, questionnaire,
                                                   &customer, &product, &error)))
      return fail (error);
  }

  printf ("%s\n", case_id);

  /* What the customer's and product's records say is not asked again, as
   * in the new-case dialog. */
  if (!pb_workflow_carry_case_facts (store, case_id, questionnaire, customer, product, &error))
    return fail (error);

  return 0;
}

/* case list ----------------------------------------------------------------- */

static char *opt_status;
static char *opt_outcome;
static char *opt_decision;
static char *opt_search;

/* The case list's filters, shared by list and export. */
#define FILTER_ENTRIES \
  { "customer", 0, 0, G_OPTION_ARG_STRING, &opt_customer, N_("Only customers whose name or alias contains TEXT"), N_("TEXT") }, \
  { "product", 0, 0, G_OPTION_ARG_STRING, &opt_product, N_("Only products whose name contains TEXT"), N_("TEXT") }, \
  { "status", 0, 0, G_OPTION_ARG_STRING, &opt_status, N_("Only cases with this status"), N_("STATUS") }, \
  { "outcome", 0, 0, G_OPTION_ARG_STRING, &opt_outcome, N_("Only cases with this outcome"), N_("OUTCOME") }, \
  { "decision", 0, 0, G_OPTION_ARG_STRING, &opt_decision, N_("Only cases with this decision on record (signed ones too)"), N_("DECISION") }, \
  { "search", 0, 0, G_OPTION_ARG_STRING, &opt_search, \
    N_("Only cases that have every word of TEXT somewhere: in the id, customer, customer’s country, product, answers, " \
       "comments or evidence file names"), N_("TEXT") }

static const GOptionEntry list_entries[] = {
  FILTER_ENTRIES,
  { NULL }
};

/* The filter the options give, or FALSE after saying which is wrong.
 * @countries: set to the countries whose names the search's words may
 * name (as the window's search does), which @filter points to. */
static gboolean
filter_from_options (PbCaseFilter  *filter,
                     PbCountries  **countries)
{
  filter->customer = opt_customer;
  filter->product = opt_product;
  if (opt_status != NULL)
    {
      PbCaseStatus status;

      if (!pb_case_status_from_string (opt_status, &status))
        {
          pb_cli_printerr (_("unknown status “%s”"), opt_status);
          return FALSE;
        }
      filter->status = status;
    }
  if (opt_outcome != NULL)
    {
      PbOutcome outcome;

      if (!pb_outcome_from_string (opt_outcome, &outcome))
        {
          pb_cli_printerr (_("unknown outcome “%s”"), opt_outcome);
          return FALSE;
        }
      filter->outcome = outcome;
    }
  if (opt_decision != NULL)
    {
      PbCaseStatus decision;

      if (!pb_case_status_from_string (opt_decision, &decision) || !pb_case_status_is_decision (decision))
        {
          pb_cli_printerr (_("unknown decision “%s”: approved, approved-with-conditions or rejected"), opt_decision);
          return FALSE;
        }
      filter->decision = decision;
    }
  /* As in the window: spaces or punctuation alone are no search.
   * Without reference data, the search still finds all but names. */
  if (pb_case_store_search_has_words (opt_search))
    {
      filter->text = opt_search;
      filter->country_names = *countries = pb_countries_load_default (NULL);
    }

  return TRUE;
}

/* One case of the list, as it is read: in JSON, or as a line. */
static gboolean
print_case_cb (PbCaseInfo  *info,
               gpointer     user_data,
               GError     **error)
{
  guint *n_printed = user_data;

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      add_case_info (builder, info);
      json_builder_end_object (builder);
      text = pb_cli_json_text (builder);
      printf ("%s%s", *n_printed > 0 ? ",\n" : "[\n", text);
    }
  else
    {
      g_autofree char *customer = pb_cli_fit (pb_case_info_get_customer_name (info), 24);
      g_autofree char *product = pb_cli_fit (pb_case_info_get_product_name (info), 20);
      const char *decision = decision_to_string (pb_case_info_get_decision (info));

      printf ("%-16s %-3u %s %-2s %s %-24s %-24s %-22s %s\n",
              pb_case_info_get_id (info),
              pb_case_info_get_revision (info),
              customer,
              pb_case_info_get_country (info),
              product,
              pb_case_status_to_string (pb_case_info_get_status (info)),
              decision != NULL ? decision : "-",
              pb_outcome_to_string (pb_case_info_get_outcome (info)),
              pb_case_info_get_updated (info));
    }
  (*n_printed)++;

  return TRUE;
}

/* Printed as they are read, by one walk (a server's through a cursor): a
 * million cases in the memory of a few. */
static int
case_list (int    argc,
           char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  g_autoptr(PbCountries) search_countries = NULL;
  guint n_printed = 0;

  if (!parse (&argc, &argv, "", N_("List the stored cases, the most recently changed first."), list_entries, TRUE, 0))
    return 1;

  if (!filter_from_options (&filter, &search_countries))
    return 1;

  if (!(store = open_store (OPEN_READ)))
    return 1;

  if (!opt_json)
    {
      g_autofree char *id = pb_cli_pad (_("CASE"), 16);
      g_autofree char *revision = pb_cli_pad (_("REV"), 3);
      g_autofree char *customer = pb_cli_pad (_("CUSTOMER"), 24);
      g_autofree char *country = pb_cli_pad (_("CC"), 2);
      g_autofree char *product = pb_cli_pad (_("PRODUCT"), 20);
      g_autofree char *status = pb_cli_pad (_("STATUS"), 24);
      g_autofree char *decision = pb_cli_pad (_("DECISION"), 24);
      g_autofree char *outcome = pb_cli_pad (_("OUTCOME"), 22);

      printf ("%s %s %s %s %s %s %s %s %s\n", id, revision, customer, country, product, status, decision,
              outcome, _("UPDATED"));
    }

  if (!pb_case_store_foreach_case (store, &filter, print_case_cb, &n_printed, &error))
    {
      if (opt_json && n_printed > 0)
        printf ("\n]\n");
      return fail (error);
    }
  if (opt_json)
    printf (n_printed > 0 ? "\n]\n" : "[]\n");

  return 0;
}

/* case show ----------------------------------------------------------------- */

static int opt_revision;

static const GOptionEntry show_entries[] = {
  { "revision", 0, 0, G_OPTION_ARG_INT, &opt_revision, N_("Show this revision (default: the current one)"), N_("N") },
  { NULL }
};

static int
case_show (int    argc,
           char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GListModel) answers = NULL;
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbDecision) decision = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *head = NULL;
  g_autofree char *withdrawn_by = NULL;
  g_autofree char *withdrawn = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autofree char *contradiction = NULL;
  g_autoptr(PbHistoryEvent) sent_back = NULL;
  gboolean foreign_reference = FALSE;
  const char *case_id;
  guint revision, n_events = 0;

  if (!parse (&argc, &argv, N_("CASE"), N_("Show a case: its status, outcome, decision, answers and sign-offs."), show_entries, TRUE, 1))
    return 1;

  case_id = argv[1];
  revision = MAX (opt_revision, 0);

  if (!(store = open_store (OPEN_READ)))
    return 1;

  if (!(info = pb_case_store_get_case (store, case_id, &error)) ||
      !(questionnaire = pb_case_store_load_questionnaire (store, case_id, &error)) ||
      !(evaluation = pb_case_store_evaluate (store, case_id, revision, &error)) ||
      !(answers = pb_case_store_list_answers (store, case_id, revision, &error)) ||
      !(sign_offs = pb_case_store_list_sign_offs (store, case_id, revision, &error)) ||
      !(evidence = pb_case_store_list_evidence (store, case_id, revision, &error)) ||
      !(fingerprint = pb_case_store_get_answers_fingerprint (store, case_id, revision, &error)) ||
      !(head = pb_case_store_get_history_head (store, case_id, &n_events, &error)))
    return fail (error);

  decision = pb_case_store_get_decision (store, case_id, revision, &error);
  if (error != NULL ||
      !pb_case_store_read_questionnaire_withdrawal (store, pb_case_info_get_questionnaire_sha256 (info), &withdrawn_by,
                                                    &withdrawn, &reason, &error))
    return fail (error);
  reference = pb_case_store_load_reference (store, case_id, &error);
  if (error != NULL || !pb_case_store_reference_is_foreign (store, reference, &foreign_reference, &error))
    return fail (error);
  /* The outcome reads the screening's answers: say where its own lists
   * contradict it. */
  if (!(screening = pb_case_store_get_screening (store, case_id, revision, &error)) ||
      (!(contradiction = pb_case_screening_contradiction (store, case_id, screening, &error)) && error != NULL))
    return fail (error);

  if (revision == 0)
    revision = pb_case_info_get_revision (info);
  /* A draft a reviewer sent back: who, when and why, which the sales
   * person must read to know what to change. */
  if (!(sent_back = pb_case_summary_find_sent_back (store, case_id, revision, &error)) && error != NULL)
    return fail (error);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      PbCaseStatus status = pb_case_store_get_status (store, case_id, revision, NULL);

      json_builder_begin_object (builder);
      add_case_info (builder, info);
      pb_json_add_string_member (builder, "questionnaire_withdrawn_by", withdrawn_by);
      pb_json_add_string_member (builder, "questionnaire_withdrawn", withdrawn);
      pb_json_add_string_member (builder, "questionnaire_withdrawn_reason", reason);
      if (reference != NULL)
        {
          pb_json_add_string_member (builder, "reference_version", pb_countries_get_version (reference));
          pb_json_add_string_member (builder, "reference_sha256", pb_countries_get_sha256 (reference));
        }
      json_builder_set_member_name (builder, "reference_foreign");
      json_builder_add_boolean_value (builder, foreign_reference);
      add_int (builder, "shown_revision", revision);
      pb_json_add_string_member (builder, "revision_status", pb_case_status_to_string (status));
      pb_json_add_string_member (builder, "revision_outcome", pb_outcome_to_string (pb_evaluation_get_outcome (evaluation)));
      pb_json_add_string_member (builder, "screening_contradicted", contradiction);
      pb_json_add_string_member (builder, "answers_fingerprint", fingerprint);
      pb_json_add_string_member (builder, "history_head", head);
      add_int (builder, "events", n_events);
      add_decision (builder, decision);
      json_builder_set_member_name (builder, "sent_back");
      if (sent_back != NULL)
        {
          json_builder_begin_object (builder);
          pb_json_add_string_member (builder, "name", pb_history_event_get_user (sent_back));
          pb_json_add_string_member (builder, "role", pb_history_event_get_role (sent_back));
          pb_json_add_string_member (builder, "organisation", pb_history_event_get_organisation (sent_back));
          pb_json_add_string_member (builder, "time", pb_history_event_get_time (sent_back));
          pb_json_add_string_member (builder, "reason", pb_history_event_get_reason (sent_back));
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);

      json_builder_set_member_name (builder, "answer_list");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (answers); i++)
        {
          g_autoptr(PbAnswerRecord) record = g_list_model_get_item (answers, i);
          PbAnswer *answer = pb_answer_record_get_answer (record);

          json_builder_begin_object (builder);
          pb_json_add_string_member (builder, "question", pb_answer_record_get_question_id (record));
          json_builder_set_member_name (builder, "value");
          json_builder_add_value (builder, pb_answer_to_json_node (answer));
          pb_json_add_string_member (builder, "comment", pb_answer_record_get_comment (record));
          pb_json_add_string_member (builder, "evidence_note", pb_answer_record_get_evidence_note (record));
          pb_json_add_string_member (builder, "user", pb_answer_record_get_user (record));
          pb_json_add_string_member (builder, "updated", pb_answer_record_get_updated (record));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (evidence); i++)
        {
          g_autoptr(PbEvidence) file = g_list_model_get_item (evidence, i);

          json_builder_begin_object (builder);
          pb_json_add_string_member (builder, "question", pb_evidence_get_question_id (file));
          pb_json_add_string_member (builder, "file_name", pb_evidence_get_file_name (file));
          pb_json_add_string_member (builder, "sha256", pb_evidence_get_sha256 (file));
          add_int (builder, "size", pb_evidence_get_size (file));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "sign_offs");
      json_builder_begin_array (builder);
      for (guint i = 0; i < g_list_model_get_n_items (sign_offs); i++)
        {
          g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);

          json_builder_begin_object (builder);
          pb_json_add_string_member (builder, "role", pb_sign_off_get_role (sign_off));
          pb_json_add_string_member (builder, "name", pb_sign_off_get_name (sign_off));
          pb_json_add_string_member (builder, "organisation", pb_sign_off_get_organisation (sign_off));
          pb_json_add_string_member (builder, "decision", pb_case_status_to_string (pb_sign_off_get_decision (sign_off)));
          pb_json_add_string_member (builder, "reason", pb_sign_off_get_reason (sign_off));
          pb_json_add_string_member (builder, "conditions", pb_sign_off_get_conditions (sign_off));
          pb_json_add_string_member (builder, "time", pb_sign_off_get_time (sign_off));
          pb_json_add_string_member (builder, "report_sha256", pb_sign_off_get_report_sha256 (sign_off));
          pb_json_add_string_member (builder, "answers_fingerprint", pb_sign_off_get_answers_fingerprint (sign_off));
          pb_json_add_string_member (builder, "language", pb_sign_off_get_language (sign_off));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      pb_cli_print_json (builder);
      return 0;
    }

  printf ("%s %s, %s %u/%u\n", _("Case"), pb_case_info_get_id (info), _("revision"), revision,
          pb_case_info_get_revision (info));
  printf ("  %-15s %s (%s)\n", _("Customer:"), pb_case_info_get_customer_name (info), pb_case_info_get_country (info));
  printf ("  %-15s %s %s\n", _("Product:"), pb_case_info_get_product_name (info), pb_case_info_get_product_version (info));
  printf ("  %-15s %s %s (sha256 %s)\n", _("Questionnaire:"), pb_case_info_get_questionnaire_id (info),
          pb_case_info_get_questionnaire_version (info), pb_case_info_get_questionnaire_sha256 (info));
  if (!pb_data_ships_questionnaire (pb_case_info_get_questionnaire_sha256 (info)))
    printf ("  %-15s %s\n", "",
            _("Warning: not a questionnaire this Probity ships (its bytes are none of the installed ones): its rules, "
              "hard stops included, may not be the published ones."));
  if (withdrawn_by != NULL)
    {
      /* Translators: who withdrew the approval of a questionnaire, when, then why */
      g_autofree char *warning = g_strdup_printf (_("Warning: the approval of this questionnaire was withdrawn by "
                                                    "%s, %s: “%s”. No new case may use it; check this case’s "
                                                    "rating against the rules in force."),
                                                  withdrawn_by, withdrawn, reason != NULL ? reason : "");

      printf ("  %-15s %s\n", "", warning);
    }
  if (reference != NULL)
    printf ("  %-15s %s (sha256 %s)\n", _("Country data:"), pb_countries_get_version (reference),
            pb_countries_get_sha256 (reference));
  if (foreign_reference)
    printf ("  %-15s %s\n", "",
            _("Warning: country reference data this Probity neither ships nor uses, and that no administrator "
              "approved: its embargoes and country ratings, hard stops included, may not be the published ones."));
  printf ("  %-15s %s\n", _("Status:"),
          pb_case_status_get_label (pb_case_store_get_status (store, case_id, revision, NULL)));
  if (sent_back != NULL)
    {
      g_autofree char *who = pb_case_summary_describe_sent_back (sent_back);

      printf ("  %-15s %s\n", _("Sent back by:"), who);
      printf ("  %-15s %s\n", _("Changes asked:"), pb_history_event_get_reason (sent_back));
    }
  printf ("  %-15s %s\n", _("Outcome:"), pb_evaluation_get_outcome_label (evaluation));
  if (contradiction != NULL)
    {
      /* Translators: what is wrong with the screening the outcome reads */
      g_autofree char *warning = g_strdup_printf (_("Warning: %s"), contradiction);

      printf ("  %-15s %s\n", "", warning);
    }
  printf ("  %-15s %s\n", _("Fingerprint:"), fingerprint);
  printf ("  %-15s %s (%u %s)\n", _("History head:"), head, n_events, _("events"));

  printf ("\n%s (%u)\n", _("Answers"), g_list_model_get_n_items (answers));
  for (guint i = 0; i < g_list_model_get_n_items (answers); i++)
    {
      g_autoptr(PbAnswerRecord) record = g_list_model_get_item (answers, i);
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, pb_answer_record_get_question_id (record));
      g_autofree char *text = NULL;

      if (question != NULL)
        text = pb_question_format_answer (question, pb_answer_record_get_answer (record));
      else
        text = pb_answer_to_json (pb_answer_record_get_answer (record));

      printf ("  %-8s %s\n", pb_answer_record_get_question_id (record), text);
      if (*pb_answer_record_get_comment (record) != '\0')
        printf ("           %s %s\n", _("Comment:"), pb_answer_record_get_comment (record));
      if (*pb_answer_record_get_evidence_note (record) != '\0')
        printf ("           %s %s\n", _("Evidence:"), pb_answer_record_get_evidence_note (record));
    }

  for (guint i = 0; i < g_list_model_get_n_items (evidence); i++)
    {
      g_autoptr(PbEvidence) file = g_list_model_get_item (evidence, i);
      g_autofree char *size = NULL;

      if (i == 0)
        printf ("\n%s\n", _("Evidence files"));
      size = g_strdup_printf ("%" G_GUINT64_FORMAT, pb_evidence_get_size (file));
      printf ("  %-8s ", pb_evidence_get_question_id (file));
      /* Translators: a file name, its size in bytes, then its SHA-256 checksum */
      printf (_("%s (%s bytes, SHA-256 %s)"), pb_evidence_get_file_name (file), size,
              pb_evidence_get_sha256 (file));
      printf ("\n");
    }

  if (decision != NULL)
    print_decision (decision);

  for (guint i = 0; i < g_list_model_get_n_items (sign_offs); i++)
    {
      g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);

      if (i == 0)
        printf ("\n%s\n", _("Sign-offs"));
      printf ("  %s, %s: %s (%s)\n", pb_sign_off_get_name (sign_off), pb_sign_off_get_role (sign_off),
              pb_case_status_get_label (pb_sign_off_get_decision (sign_off)), pb_sign_off_get_time (sign_off));
      printf ("    %s %s\n", _("Report SHA-256:"), pb_sign_off_get_report_sha256 (sign_off));
      if (pb_sign_off_get_language (sign_off) != NULL)
        printf ("    %s %s (%s)\n", _("Report language:"), pb_i18n_get_language_name (pb_sign_off_get_language (sign_off)),
                pb_sign_off_get_language (sign_off));
    }

  return 0;
}

/* case answer / import-answers ---------------------------------------------------- */

static char    *opt_comment;
static char    *opt_evidence_note;
static char    *opt_reason;
static gboolean opt_clear;

static const GOptionEntry answer_entries[] = {
  { "comment", 0, 0, G_OPTION_ARG_STRING, &opt_comment, N_("A comment on the answer"), N_("TEXT") },
  { "evidence-note", 0, 0, G_OPTION_ARG_STRING, &opt_evidence_note, N_("Where the evidence for the answer is"), N_("TEXT") },
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason, N_("Why (required once the case is submitted)"), N_("TEXT") },
  { "clear", 0, 0, G_OPTION_ARG_NONE, &opt_clear, N_("Clear the answer (VALUE is then omitted)"), NULL },
  { NULL }
};

static int
case_answer (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswer) answer = NULL;
  g_autoptr(GError) error = NULL;
  PbQuestion *question;

  if (!parse (&argc, &argv, N_("CASE QUESTION VALUE"), N_("Answer one question of a case (saved at once)."),
              answer_entries, FALSE, -1))
    return 1;

  /* With --clear there is no VALUE. */
  if (argc != (opt_clear ? 3 : 4))
    {
      pb_cli_printerr ("%s", opt_clear ? _("expected CASE QUESTION with --clear")
                                       : _("expected CASE QUESTION VALUE"));
      return 1;
    }

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  if (!(questionnaire = pb_case_store_load_questionnaire (store, argv[1], &error)))
    return fail (error);

  if (!(question = pb_questionnaire_lookup_question (questionnaire, argv[2])))
    {
      /* Translators: a question id, a questionnaire id and version, a case id */
      pb_cli_printerr (_("There is no question %s in questionnaire %s %s (case “%s”)"), argv[2],
                       pb_questionnaire_get_id (questionnaire), pb_questionnaire_get_version (questionnaire), argv[1]);
      return 1;
    }

  if (!opt_clear && !(answer = pb_question_parse_answer (question, argv[3], &error)))
    return fail (error);

  if (!pb_case_store_set_answer (store, argv[1], argv[2], answer, opt_comment, opt_evidence_note,
                                 opt_reason, &error))
    return fail (error);

  return 0;
}

static int
case_import_answers (int    argc,
                     char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse (&argc, &argv, N_("CASE ANSWERS.json"), N_("Set the answers of a case from an answers file (the evaluate format)."),
              answer_entries, FALSE, 2))
    return 1;

  file = pb_cli_file_new (argv[2]);
  if (!(answers = pb_answer_set_new_from_file (file, &error)))
    return fail (error);

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  if (!(questionnaire = pb_case_store_load_questionnaire (store, argv[1], &error)))
    return fail (error);

  if (pb_answer_set_get_questionnaire_id (answers) != NULL &&
      g_strcmp0 (pb_answer_set_get_questionnaire_id (answers), pb_questionnaire_get_id (questionnaire)) != 0)
    {
      /* Translators: a file, its questionnaire id, a case id and its questionnaire id */
      g_autofree char *name = pb_cli_display_name (argv[2]);

      pb_cli_printerr (_("%s answers questionnaire “%s” but case “%s” uses “%s”"), name,
                       pb_answer_set_get_questionnaire_id (answers), argv[1], pb_questionnaire_get_id (questionnaire));
      return 1;
    }

  if (!pb_answer_set_validate (answers, questionnaire, &error))
    {
      g_prefix_error (&error, "%s: ", argv[2]);
      return fail (error);
    }

  if (!pb_case_store_set_answers (store, argv[1], answers, opt_reason, &error))
    return fail (error);

  return 0;
}

/* case attach ---------------------------------------------------------------- */

static int
case_attach (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse (&argc, &argv, N_("CASE QUESTION FILE"), N_("Attach an evidence file (at most 20 MB) to an answer."), NULL, FALSE, 3))
    return 1;

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  file = pb_cli_file_new (argv[3]);
  if (!(evidence = pb_case_store_add_evidence_file (store, argv[1], argv[2], file, &error)))
    return fail (error);

  printf ("%s\n", pb_evidence_get_sha256 (evidence));

  return 0;
}

/* case submit / decide / reopen ------------------------------------------------ */

static int
case_submit (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  PbRescreening rescreening = { 0 };
  gboolean ok;

  if (!parse (&argc, &argv, N_("CASE"), N_("Submit a case for review."), tsa_entries, FALSE, 1))
    return 1;

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  /* A screening against an edition since replaced is done again first:
   * the reviewer decides on the lists as they stand. */
  ok = pb_workflow_submit (store, argv[1], &rescreening, &error);
  if ((said = pb_rescreening_describe (&rescreening)) != NULL)
    pb_cli_printerr ("%s", said);
  if (!ok)
    return fail (error);

  /* Translators: a case id, then its status now ("Submitted for review") */
  printf (_("%s: submitted; status: %s\n"), argv[1],
          pb_case_status_get_label (pb_case_store_get_status (store, argv[1], 0, NULL)));

  return anchor_after (store, argv[1], _("The submission"));
}

static char *opt_decision;
static char *opt_conditions;
static char *opt_override;

static const GOptionEntry decide_entries[] = {
  { "decision", 0, 0, G_OPTION_ARG_STRING, &opt_decision, N_("approved, approved-with-conditions, rejected, or draft to send it back"), N_("DECISION") },
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason, N_("Why (required)"), N_("TEXT") },
  { "conditions", 0, 0, G_OPTION_ARG_STRING, &opt_conditions, N_("The conditions (required with approved-with-conditions)"), N_("TEXT") },
  { "override-rationale", 0, 0, G_OPTION_ARG_STRING, &opt_override, N_("Why an approval overrides a do-not-proceed outcome (required then; a second legal reviewer must approve it too)"), N_("TEXT") },
  { "tsa", 0, 0, G_OPTION_ARG_STRING, &opt_tsa, N_("Then time-stamp the case’s history at this RFC 3161 time-stamp authority (default: $PROBITY_TSA)"), N_("URL") },
  { NULL }
};

static int
case_decide (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseStatus decision;
  PbCaseStatus status;

  if (!parse (&argc, &argv, N_("CASE"), N_("Record the reviewer’s decision on a submitted case."), decide_entries, FALSE, 1))
    return 1;

  if (opt_decision == NULL || !pb_case_status_from_string (opt_decision, &decision) ||
      (!pb_case_status_is_decision (decision) && decision != PB_CASE_STATUS_DRAFT))
    {
      pb_cli_printerr ("%s", _("--decision must be approved, approved-with-conditions, rejected or draft"));
      return 1;
    }

  if (!(store = open_store_for (OPEN_DECIDE, decision == PB_CASE_STATUS_DRAFT ? _("Sending a case back")
                                                                              : _("Deciding a case"))))
    return 1;

  if (decision == PB_CASE_STATUS_DRAFT)
    {
      if (!pb_case_store_return_to_draft (store, argv[1], opt_reason, &error))
        return fail (error);
    }
  else if (!pb_cli_decide (store, argv[1], decision, opt_reason, opt_conditions, opt_override, &error))
    return fail (error);

  status = pb_case_store_get_status (store, argv[1], 0, NULL);
  if (decision == PB_CASE_STATUS_DRAFT)
    /* Translators: a case id, then its status now ("Draft") */
    printf (_("%s: sent back for changes; status: %s\n"), argv[1], pb_case_status_get_label (status));
  else
    /* Translators: a case id, then its status now ("Approved", "Awaiting second approval") */
    printf (_("%s: decision recorded; status: %s\n"), argv[1], pb_case_status_get_label (status));
  if (status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
    /* Translators: a case id */
    printf (_("%s: the override awaits a second legal reviewer’s approval\n"), argv[1]);

  return anchor_after (store, argv[1], decision == PB_CASE_STATUS_DRAFT ? _("Sending it back") : _("The decision"));
}

static const GOptionEntry reopen_entries[] = {
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason, N_("Why (required)"), N_("TEXT") },
  { NULL }
};

static int
case_reopen (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint revision;

  if (!parse (&argc, &argv, N_("CASE"), N_("Reopen a signed case as a new revision; the signed one stays as it was."),
              reopen_entries, FALSE, 1))
    return 1;

  if (!(store = open_store_for (OPEN_DECIDE, _("Reopening a case"))))
    return 1;

  if (!(revision = pb_case_store_reopen (store, argv[1], opt_reason, &error)))
    return fail (error);

  /* Translators: a case id and a revision number */
  printf (_("%s: revision %u\n"), argv[1], revision);

  return 0;
}

/* case history / verify -------------------------------------------------------- */

/* An old or new value of @event as people read it: a status under its
 * label, anything else (answers, revisions) as recorded. */
static const char *
history_value_label (PbHistoryEvent *event,
                     const char     *value)
{
  PbEventKind kind = pb_history_event_get_kind (event);
  PbCaseStatus status;

  if (value == NULL)
    return "∅";
  if ((kind == PB_EVENT_STATUS_CHANGED || kind == PB_EVENT_SIGNED) && pb_case_status_from_string (value, &status))
    return pb_case_status_get_label (status);

  return value;
}

/* The string @key of @event's data, or NULL. */
static char *
dup_event_data_string (PbHistoryEvent *event,
                       const char     *key)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data = pb_history_event_get_data (event);

  if (data == NULL || !json_parser_load_from_data (parser, data, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                               key, NULL));
}

/* An answer's comment and evidence note as the history left them, by
 * question, so that a change of only those says what changed: the value
 * stayed as it was. */
typedef struct
{
  char *comment;
  char *evidence_note;
} AnswerNotes;

static void
answer_notes_free (AnswerNotes *notes)
{
  g_free (notes->comment);
  g_free (notes->evidence_note);
  g_free (notes);
}

static char *
note_label (const char *note)
{
  if (note == NULL || *note == '\0')
    return g_strdup ("∅");

  /* Translators: a comment or evidence note quoted */
  return g_strdup_printf (_("“%s”"), note);
}

static void
print_note_change (const char *what,
                   const char *old_note,
                   const char *new_note)
{
  g_autofree char *old_label = NULL;
  g_autofree char *new_label = NULL;

  if (g_strcmp0 (old_note != NULL ? old_note : "", new_note != NULL ? new_note : "") == 0)
    return;

  old_label = note_label (old_note);
  new_label = note_label (new_note);
  /* Translators: "comment" or "evidence note", then the old and the new text, each quoted or ∅ */
  printf (_("; %s: %s → %s"), what, old_label, new_label);
}

/* Prints @event's change of an answer; @notes keeps what each question's
 * comment and evidence note became. */
static void
print_answer_change (PbHistoryEvent *event,
                     GHashTable     *notes)
{
  const char *question = pb_history_event_get_question_id (event);
  const char *old_value = pb_history_event_get_old_value (event);
  const char *new_value = pb_history_event_get_new_value (event);
  AnswerNotes *before = g_hash_table_lookup (notes, question);
  AnswerNotes *after = g_new0 (AnswerNotes, 1);

  if (pb_history_event_get_kind (event) != PB_EVENT_ANSWER_CLEARED)
    {
      after->comment = dup_event_data_string (event, "comment");
      after->evidence_note = dup_event_data_string (event, "evidence_note");
    }

  if (old_value != NULL && g_strcmp0 (old_value, new_value) == 0)
    {
      /* Translators: an answer's value, which a change of its comment or evidence note left as it was */
      printf (_(" %s (value unchanged)"), old_value);
      print_note_change (_("comment"), before ? before->comment : NULL, after->comment);
      print_note_change (_("evidence note"), before ? before->evidence_note : NULL, after->evidence_note);
    }
  else
    printf (" %s → %s", history_value_label (event, old_value), history_value_label (event, new_value));

  g_hash_table_replace (notes, g_strdup (question), after);
}

/* A hit decision adopted from another case says whose it was. */
static void
print_adopted (PbHistoryEvent *event)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data = pb_history_event_get_data (event);
  JsonObject *object;

  if (pb_history_event_get_kind (event) != PB_EVENT_HIT_DECIDED || data == NULL ||
      !json_parser_load_from_data (parser, data, -1, NULL) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;

  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "prior_case"))
    return;

  /* Translators: a case id, an event number, a person, then a time */
  printf (_("  (adopted from case %s, event %s: decided by %s at %s)"),
          json_object_get_string_member_with_default (object, "prior_case", "?"),
          json_object_get_string_member_with_default (object, "prior_event", "?"),
          json_object_get_string_member_with_default (object, "prior_by", "?"),
          json_object_get_string_member_with_default (object, "prior_at", "?"));
}

static int
case_history (int    argc,
              char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GListModel) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) answer_notes_free);
  guint n;

  if (!parse (&argc, &argv, N_("CASE"), N_("Print the history of a case, oldest first."), NULL, TRUE, 1))
    return 1;

  if (!(store = open_store (OPEN_READ)))
    return 1;

  if (!(events = pb_case_store_list_history (store, argv[1], &error)))
    return fail (error);

  n = g_list_model_get_n_items (events);

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(PbHistoryEvent) event = g_list_model_get_item (events, i);

          json_builder_begin_object (builder);
          add_int (builder, "seq", pb_history_event_get_seq (event));
          add_int (builder, "revision", pb_history_event_get_revision (event));
          pb_json_add_string_member (builder, "time", pb_history_event_get_time (event));
          pb_json_add_string_member (builder, "user", pb_history_event_get_user (event));
          pb_json_add_string_member (builder, "role", pb_history_event_get_role (event));
          pb_json_add_string_member (builder, "organisation", pb_history_event_get_organisation (event));
          pb_json_add_string_member (builder, "kind", pb_event_kind_to_string (pb_history_event_get_kind (event)));
          pb_json_add_string_member (builder, "question", pb_history_event_get_question_id (event));
          pb_json_add_string_member (builder, "old_value", pb_history_event_get_old_value (event));
          pb_json_add_string_member (builder, "new_value", pb_history_event_get_new_value (event));
          pb_json_add_string_member (builder, "reason", pb_history_event_get_reason (event));
          pb_json_add_string_member (builder, "data", pb_history_event_get_data (event));
          pb_json_add_string_member (builder, "prev_hash", pb_history_event_get_prev_hash (event));
          pb_json_add_string_member (builder, "hash", pb_history_event_get_hash (event));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      pb_cli_print_json (builder);
      return 0;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (events, i);
      const char *question = pb_history_event_get_question_id (event);
      const char *old_value = pb_history_event_get_old_value (event);
      const char *new_value = pb_history_event_get_new_value (event);
      const char *reason = pb_history_event_get_reason (event);
      PbEventKind kind_code = pb_history_event_get_kind (event);

      const char *role = pb_history_event_get_role (event);
      g_autofree char *who = role != NULL ? g_strdup_printf ("%s (%s)", pb_history_event_get_user (event), role)
                                          : g_strdup (pb_history_event_get_user (event));

      g_autofree char *kind = pb_cli_pad (pb_event_kind_get_label (pb_history_event_get_kind (event)), 16);

      /* For people: what happened, and statuses, in their language (--json
       * gives the codes). The role is the value --role takes. */
      printf ("%4u  r%u  %s  %-16s %s", pb_history_event_get_seq (event), pb_history_event_get_revision (event),
              pb_history_event_get_time (event), who, kind);
      if (question != NULL)
        printf (" %s", question);
      if (question != NULL && (kind_code == PB_EVENT_ANSWER_SET || kind_code == PB_EVENT_ANSWER_CHANGED ||
                               kind_code == PB_EVENT_ANSWER_CLEARED))
        print_answer_change (event, notes);
      else if (old_value != NULL || new_value != NULL)
        printf (" %s → %s", history_value_label (event, old_value), history_value_label (event, new_value));
      if (reason != NULL)
        printf ("  (%s %s)", _("reason:"), reason);
      print_adopted (event);
      printf ("\n      %s\n", pb_history_event_get_hash (event));
    }

  return 0;
}

static char *opt_tsa_ca;

static const GOptionEntry verify_entries[] = {
  { "tsa-ca", 0, 0, G_OPTION_ARG_FILENAME, &opt_tsa_ca, N_("Trust time-stamp authorities whose certificates chain up to these PEM certificates (default: the system’s)"), N_("FILE") },
  { NULL }
};

/* Says up to which event the history is anchored; FALSE when a time-stamp
 * does not hold. */
static gboolean
print_anchors (PbCaseStore *store,
               const char  *case_id,
               guint        n_events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_auto(PbAnchorReport) report = { 0 };
  g_autofree char *time = NULL;

  if (opt_tsa_ca != NULL && !(trust = pb_file_load_path_bounded (opt_tsa_ca, 4 * 1024 * 1024, &error)))
    {
      pb_cli_print_error (error);
      return FALSE;
    }

  if (!pb_workflow_verify_anchors (store, case_id, trust, &report, &error))
    {
      pb_cli_printerr (_("BROKEN: %s"), error->message);
      return FALSE;
    }

  if (report.anchored_seq == 0)
    {
      printf ("  ");
      /* Translators: a file or a server, as messages name them */
      printf (_("Not time-stamped: nothing shows that the history was not rewritten or cut off "
                "by someone with write access to %s"),
              pb_case_store_get_display_name (store));
      printf ("\n");
      return TRUE;
    }

  time = g_date_time_format_iso8601 (report.anchored_time);
  /* Translators: an event number, a total number of events, a time, then a time-stamp authority */
  printf ("  %s\n", _("Anchored:"));
  printf (_("    up to event %u of %u, time-stamped %s by %s\n"),
          report.anchored_seq, n_events, time, report.tsa_name ? report.tsa_name : "?");
  if (report.anchored_seq < n_events)
    /* Translators: a number of events */
    printf (_("    the %u events after it are not time-stamped\n"), n_events - report.anchored_seq);

  return TRUE;
}

static int
case_verify (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *not_checked = NULL;
  guint n_events = 0, broken = 0, n_screenings = 0;

  if (!parse (&argc, &argv, N_("CASE"), N_("Recompute the hash chain and the seals of a case, and check its time-stamps; exit 1 if anything is broken."),
              verify_entries, FALSE, 1))
    return 1;

  if (!(store = open_store (OPEN_READ)))
    return 1;

  /* The chain and seals, then whether the screenings decisions were taken
   * on are what their lists give (a screening is the lists' word). */
  if (!pb_case_store_verify_case (store, argv[1], &n_events, &broken, &error) ||
      !pb_case_verify_screenings (store, argv[1], &n_screenings, &not_checked, &broken, &error))
    {
      if (broken > 0)
        /* Translators: an event number */
        pb_cli_printerr (_("BROKEN at event %u: %s"), broken, error->message);
      else
        pb_cli_print_error (error);
      return 1;
    }

  head = pb_case_store_get_history_head (store, argv[1], NULL, NULL);
  fingerprint = pb_case_store_get_answers_fingerprint (store, argv[1], 0, NULL);
  /* Translators: a case id and a number of events */
  printf (_("%s: OK, %u events, the hash chain and every seal hold\n"), argv[1], n_events);
  printf ("  %s %s\n  %s %s\n", _("History head:"), head, _("Fingerprint:"), fingerprint);
  if (n_screenings > 0)
    /* Translators: a number of screenings; the decisions of the case were taken on them */
    printf (_("  Screenings checked against their own lists: %u, each records every hit they give\n"), n_screenings);
  if (not_checked != NULL)
    printf ("  %s\n", not_checked);

  return print_anchors (store, argv[1], n_events) ? 0 : 1;
}

static const GOptionEntry anchor_entries[] = {
  { "tsa", 0, 0, G_OPTION_ARG_STRING, &opt_tsa, N_("The RFC 3161 time-stamp authority (default: $PROBITY_TSA)"), N_("URL") },
  { NULL }
};

static int
case_anchor (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint seq;

  if (!parse (&argc, &argv, N_("CASE"), N_("Time-stamp the head of a case’s history, so that a later rewrite or cut is seen."),
              anchor_entries, FALSE, 1))
    return 1;

  if (tsa_url () == NULL)
    {
      pb_cli_printerr ("%s", _("--tsa URL is required (or $PROBITY_TSA)"));
      return 1;
    }

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  if (!(seq = pb_workflow_anchor_history (store, argv[1], tsa_url (), &error)))
    return fail (error);

  /* Translators: a case id and an event number */
  printf (_("%s: history time-stamped up to event %u\n"), argv[1], seq);
  return 0;
}

/* case summary ---------------------------------------------------------------- */

static int
case_summary (int    argc,
              char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCountries) countries = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contradiction = NULL;

  if (!parse (&argc, &argv, N_("CASE"), N_("Print a one-page summary of a case: who, what, where, the decision, "
                                           "the outcome and its flags."), NULL, FALSE, 1))
    return 1;

  if (!(store = open_store (OPEN_READ)))
    return 1;

  countries = pb_countries_load_default (NULL);
  if (!(text = pb_case_summary_to_text (store, argv[1], countries, &error)) ||
      !(screening = pb_case_store_get_screening (store, argv[1], 0, &error)) ||
      (!(contradiction = pb_case_screening_contradiction (store, argv[1], screening, &error)) && error != NULL))
    return fail (error);

  fputs (text, stdout);
  if (contradiction != NULL)
    {
      /* Translators: what is wrong with the screening the outcome reads */
      g_autofree char *warning = g_strdup_printf (_("Warning: %s"), contradiction);

      printf ("\n%s\n", warning);
    }

  return 0;
}

/* case questionnaire ------------------------------------------------------------ */

static char *opt_questionnaire_output;
static char *opt_sha256;
static gboolean opt_reference;

static const GOptionEntry questionnaire_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_questionnaire_output,
    N_("The file to write (replaced whole; default: standard output)"), N_("FILE") },
  { "sha256", 0, 0, G_OPTION_ARG_STRING, &opt_sha256,
    N_("Instead of a case’s, the questionnaire of these bytes the store keeps"), N_("SHA256") },
  { "reference", 0, 0, G_OPTION_ARG_NONE, &opt_reference,
    N_("Write the country reference data the case is pinned to instead (to approve it: “db approve --reference”)"),
    NULL },
  { NULL }
};

static int
case_questionnaire (int    argc,
                    char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrote = NULL;
  const char *output;
  GBytes *bytes;
  gsize size;
  const char *data;

  if (!parse (&argc, &argv, N_("CASE | --sha256 SHA256"),
              N_("Write the exact bytes of the questionnaire a case is pinned to (or of one the store keeps, by its "
                 "SHA-256), so that an administrator can read its rules and approve it on a team server "
                 "(“probity-cli db approve”)."),
              questionnaire_entries, FALSE, -1))
    return 1;
  if ((opt_sha256 == NULL) != (argc == 2) || (opt_reference && opt_sha256 != NULL))
    {
      pb_cli_printerr (_("give a CASE, or --sha256 SHA256"));
      return 2;
    }

  if (!(store = open_store (OPEN_READ)))
    return 1;
  output = opt_questionnaire_output != NULL ? opt_questionnaire_output : "-";

  if (opt_reference)
    {
      reference = pb_case_store_load_reference (store, argv[1], &error);
      if (reference == NULL && error == NULL)
        /* Translators: a case id */
        g_set_error (&error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                     _("Case “%s” pins no country reference data"), argv[1]);
      if (reference == NULL)
        return fail (error);
      bytes = pb_countries_get_bytes (reference);
      /* Translators: a version of the country reference data, its SHA-256, then a file */
      wrote = g_strdup_printf (_("Wrote the country reference data %s (sha256 %s) to %s."),
                               pb_countries_get_version (reference), pb_countries_get_sha256 (reference),
                               output);
    }
  else
    {
      if (opt_sha256 != NULL)
        {
          g_autofree char *sha256 = g_ascii_strdown (opt_sha256, -1);

          questionnaire = pb_case_store_load_questionnaire_by_sha256 (store, sha256, &error);
        }
      else
        questionnaire = pb_case_store_load_questionnaire (store, argv[1], &error);
      if (questionnaire == NULL)
        return fail (error);
      bytes = pb_questionnaire_get_bytes (questionnaire);
      /* Translators: a questionnaire id, its version, its SHA-256, then a file */
      wrote = g_strdup_printf (_("Wrote questionnaire “%s” %s (sha256 %s) to %s."),
                               pb_questionnaire_get_id (questionnaire), pb_questionnaire_get_version (questionnaire),
                               pb_questionnaire_get_sha256 (questionnaire), output);
    }

  /* The bytes the SHA-256 is of, as the store checked them. */
  data = g_bytes_get_data (bytes, &size);
  if (opt_questionnaire_output == NULL || strcmp (opt_questionnaire_output, "-") == 0)
    {
      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          pb_cli_printerr (_("could not write the questionnaire to the standard output"));
          return 1;
        }
      return 0;
    }

  {
    g_autoptr(GFile) file = pb_cli_file_new (opt_questionnaire_output);

    if (!g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
      return fail (error);
  }

  pb_cli_printerr ("%s", wrote);

  return 0;
}

/* case export / import --------------------------------------------------------- */

static char *opt_output;
static char *opt_format;
static gboolean opt_summary;

static const GOptionEntry export_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("The file to write: a case file must not exist; a spreadsheet replaces one (CSV: default standard output)"), N_("FILE") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Instead of one case, the case list as a spreadsheet: csv or ods (with a portfolio summary sheet)"), N_("FORMAT") },
  { "summary", 0, 0, G_OPTION_ARG_NONE, &opt_summary,
    N_("With --format csv: the portfolio summary (outcomes by country, product, status and decision) instead of the list"), NULL },
  FILTER_ENTRIES,
  { "tsa", 0, 0, G_OPTION_ARG_STRING, &opt_tsa, N_("For a case file: first time-stamp the case’s history at this RFC 3161 time-stamp authority (default: $PROBITY_TSA)"), N_("URL") },
  { NULL }
};

/* case export --format: the (filtered) case list as a spreadsheet,
 * written as the cases are read. */
static int
export_list (void)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCountries) countries = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  g_autoptr(PbCountries) search_countries = NULL;
  PbExportFormat format;
  PbExportParts parts;

  if (!pb_export_format_from_string (opt_format, &format))
    {
      pb_cli_printerr (_("unknown format “%s”: csv or ods"), opt_format);
      return 1;
    }
  if (format == PB_EXPORT_FORMAT_ODS && opt_output == NULL)
    {
      pb_cli_printerr ("%s", _("-o FILE is required for an ODS file"));
      return 1;
    }
  if (!filter_from_options (&filter, &search_countries))
    return 1;

  if (format == PB_EXPORT_FORMAT_ODS)
    parts = PB_EXPORT_CASES | PB_EXPORT_PORTFOLIO;
  else
    parts = opt_summary ? PB_EXPORT_PORTFOLIO : PB_EXPORT_CASES;

  if (!(store = open_store (OPEN_READ)))
    return 1;

  /* Country names if the reference data can be read; codes otherwise. */
  countries = search_countries != NULL ? g_object_ref (search_countries) : pb_countries_load_default (NULL);

  if (opt_output == NULL || strcmp (opt_output, "-") == 0)
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      /* Straight to the descriptor, after anything stdio holds. */
      fflush (stdout);
      if (pb_case_export_to_stream (store, &filter, countries, format, parts, out, NULL, &error) < 0)
        return fail (error);
      return 0;
    }

  /* Whole or not at all: a spreadsheet cut short by a full disk is not left. */
  {
    g_autoptr(GFile) file = pb_cli_file_new (opt_output);

    if (pb_case_export_to_file (store, &filter, countries, format, parts, file, NULL, &error) < 0)
      return fail (error);
  }

  return 0;
}

static int
case_export (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse (&argc, &argv, N_("CASE | --format csv|ods"),
              N_("Write a case with its revisions, history, evidence and signed reports to one file; "
                 "or, with --format, the case list (filtered as case list filters it) as a spreadsheet."),
              export_entries, FALSE, -1))
    return 1;

  if (opt_format != NULL)
    {
      if (argc > 1)
        {
          pb_cli_printerr (_("unexpected argument “%s”"), argv[1]);
          return 1;
        }
      return export_list ();
    }

  if (argc != 2)
    {
      if (argc > 2)
        pb_cli_printerr (_("unexpected argument “%s”"), argv[2]);
      else
        /* Translators: the expected arguments, e.g. CASE QUESTION VALUE */
        pb_cli_printerr (_("missing arguments: %s"), "CASE");
      return 1;
    }

  if (opt_output == NULL)
    {
      pb_cli_printerr ("%s", _("-o FILE is required"));
      return 1;
    }

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  /* Anchored first, so that the file carries the anchor. */
  if (tsa_url () != NULL && !pb_workflow_anchor_history (store, argv[1], tsa_url (), &error))
    {
      g_prefix_error (&error, "%s", _("Nothing was exported: "));
      return fail (error);
    }

  if (!pb_case_store_export_case (store, argv[1], opt_output, &error))
    return fail (error);

  return 0;
}

static char *opt_ca;

static const GOptionEntry import_entries[] = {
  { "ca", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca,
    N_("Onto a server: trust the CA certificates of this PEM file for the reports signed in the cases brought "
       "in (default: the system store)"), N_("CA.pem") },
  { NULL }
};

static int
case_import (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autofree char *trust_name = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *note = NULL;
  PbValidationOptions options = { 0 };
  gboolean changed = FALSE;

  if (!parse (&argc, &argv, N_("FILE"), N_("Import a case file, keeping its ids, history and hashes."), import_entries,
              FALSE, 1))
    return 1;

  if (!(store = open_store (OPEN_CREATE)))
    return 1;

  /* Onto a server, as db copy: a revision signed in the file only with a
   * report whose signature holds (review14d G3). */
  if (!pb_cli_load_trust (opt_ca, &trust, &trust_name, &error))
    return fail (error);
  options.trust_pem = trust;
  options.trust_name = trust_name;

  if (!pb_workflow_import_case (store, argv[1], &options, &case_id, &changed, &note, &error))
    return fail (error);
  if (note != NULL)
    pb_cli_printerr ("%s", note);

  if (changed)
    /* Translators: a case id */
    printf (_("%s: imported\n"), case_id);
  else
    /* Translators: a case id */
    printf (_("%s: already here with the same history; nothing changed\n"), case_id);

  return 0;
}

/* case migrate --------------------------------------------------------------- */

/* A case stays pinned to the questionnaire it was answered under. Migrating
 * carries its current answers into the questionnaire now installed, through
 * the mapping that file documents, as a new case for the same customer and
 * product (pinned to the new version and to the reference data in use);
 * the old case is left as it is. */
static int
case_migrate (int    argc,
              char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbQuestionnaire) from = NULL;
  g_autoptr(PbQuestionnaire) to = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;

  if (!parse (&argc, &argv, N_("CASE"),
              N_("Carry the answers of a case into the installed version of its questionnaire, as a new case; "
                 "the case itself stays as it is."),
              NULL, FALSE, 1))
    return 1;

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  if (!(from = pb_case_store_load_questionnaire (store, argv[1], &error)) ||
      !(to = pb_data_load_questionnaire (pb_questionnaire_get_id (from), &error)))
    return fail (error);

  if (g_strcmp0 (pb_questionnaire_get_sha256 (from), pb_questionnaire_get_sha256 (to)) == 0)
    {
      /* Translators: a case id, a questionnaire id and version */
      pb_cli_printerr (_("Case “%s” already uses the installed %s %s"), argv[1],
                       pb_questionnaire_get_id (to), pb_questionnaire_get_version (to));
      return 1;
    }

  if (!(new_id = pb_case_store_migrate_case (store, argv[1], to, &changes, &error)) ||
      !(evaluation = pb_case_store_evaluate (store, new_id, 0, &error)))
    return fail (error);

  printf ("%s\n", new_id);
  pb_cli_print_migration (stderr, from, to, changes, evaluation);

  return 0;
}

/* case party, screen, screening, hit ------------------------------------------ */

static char    *opt_party_role;
static char    *opt_party_name;
static char   **opt_party_ids;
static char    *opt_remove;
static double   opt_threshold = PB_NAME_MATCH_THRESHOLD;
static gboolean opt_hit_clear;
static gboolean opt_hit_confirm;

static const GOptionEntry party_entries[] = {
  { "party-role", 0, 0, G_OPTION_ARG_STRING, &opt_party_role, N_("end-user, consignee or intermediary"), N_("ROLE") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_party_name, N_("The party’s legal name"), N_("NAME") },
  { "country", 0, 0, G_OPTION_ARG_STRING, &opt_country, N_("The party’s country, ISO 3166 code"), N_("CC") },
  { "id", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_party_ids, N_("A registration, passport or other number (repeatable)"), N_("NUMBER") },
  { "remove", 0, 0, G_OPTION_ARG_STRING, &opt_remove, N_("Remove this party instead (P1, P2, …)"), N_("PARTY") },
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason, N_("Why the party is removed"), N_("TEXT") },
  { NULL }
};

static int
case_party (int    argc,
            char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *party_id = NULL;

  if (!parse (&argc, &argv, N_("CASE"), N_("Add a party to screen (end user, consignee, intermediary) "
                                             "or remove one."), party_entries, FALSE, 1))
    return 1;

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  if (opt_remove != NULL)
    return pb_case_store_remove_party (store, argv[1], opt_remove, opt_reason, &error) ? 0 : fail (error);

  if (!(party_id = pb_case_store_add_party (store, argv[1], opt_party_role, opt_party_name, opt_country,
                                            (const char * const *) opt_party_ids, &error)))
    return fail (error);

  printf ("%s\n", party_id);

  return 0;
}

static void
add_hit_json (JsonBuilder *builder,
              PbCaseHit   *hit)
{
  json_builder_begin_object (builder);
  pb_json_add_string_member (builder, "id", hit->id);
  pb_json_add_string_member (builder, "party", hit->party_id);
  pb_json_add_string_member (builder, "query", hit->query);
  pb_json_add_string_member (builder, "list", hit->list_id);
  pb_json_add_string_member (builder, "source", hit->source);
  pb_json_add_string_member (builder, "question", hit->question_id);
  pb_json_add_string_member (builder, "listed_name", hit->listed_name);
  pb_json_add_string_member (builder, "reference", hit->entry_ref);
  pb_json_add_string_member (builder, "entry_sha256", hit->entry_sha256);
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, hit->score);
  pb_json_add_string_member (builder, "explanation", hit->explanation);
  pb_json_add_string_member (builder, "status", pb_hit_status_to_string (hit->status));
  json_builder_set_member_name (builder, "carried");
  json_builder_add_boolean_value (builder, hit->carried);
  pb_json_add_string_member (builder, "decided_by", hit->decided_by);
  pb_json_add_string_member (builder, "decided_role", hit->decided_role);
  pb_json_add_string_member (builder, "decided_at", hit->decided_at);
  pb_json_add_string_member (builder, "reason", hit->reason);
  pb_json_add_string_member (builder, "adopted_case", hit->adopted_case);
  if (hit->adopted_case != NULL)
    {
      json_builder_set_member_name (builder, "adopted_event");
      json_builder_add_int_value (builder, hit->adopted_event);
    }
  json_builder_set_member_name (builder, "prior");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hit->priors->len; i++)
    {
      PbPriorDecision *prior = g_ptr_array_index (hit->priors, i);

      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "case", prior->case_id);
      json_builder_set_member_name (builder, "event");
      json_builder_add_int_value (builder, prior->event);
      pb_json_add_string_member (builder, "decision", pb_hit_status_to_string (prior->status));
      pb_json_add_string_member (builder, "decided_by", prior->decided_by);
      pb_json_add_string_member (builder, "decided_role", prior->decided_role);
      pb_json_add_string_member (builder, "decided_at", prior->decided_at);
      pb_json_add_string_member (builder, "reason", prior->reason);
      pb_json_add_string_member (builder, "party", prior->party_name);
      pb_json_add_string_member (builder, "edition_sha256", prior->edition_sha256);
      pb_json_add_string_member (builder, "edition_published", prior->edition_published);
      json_builder_set_member_name (builder, "entry_changed");
      json_builder_add_boolean_value (builder, prior->entry_changed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static const char *
binding_state_code (PbBindingState state)
{
  switch (state)
    {
    case PB_BINDING_SCREENED:
      return "screened";
    case PB_BINDING_NO_LIST:
      return "no-list";
    case PB_BINDING_NOT_SCREENED:
    default:
      return "not-screened";
    }
}

static void
print_screening_json (PbCaseScreening *screening,
                      GArray          *binding,
                      const char      *contradiction)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  PbScreeningRun *run = pb_case_screening_get_latest (screening);
  GPtrArray *parties = pb_case_screening_get_parties (screening);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "binding");
  json_builder_begin_array (builder);
  for (guint i = 0; i < binding->len; i++)
    {
      PbBindingList *list = &g_array_index (binding, PbBindingList, i);

      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "question", list->question_id);
      pb_json_add_string_member (builder, "state", binding_state_code (list->state));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "parties");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parties->len; i++)
    {
      PbCaseParty *party = g_ptr_array_index (parties, i);

      json_builder_begin_object (builder);
      pb_json_add_string_member (builder, "id", party->id);
      pb_json_add_string_member (builder, "role", party->role);
      pb_json_add_string_member (builder, "name", party->name);
      pb_json_add_string_member (builder, "country", party->country);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "stale");
  json_builder_add_boolean_value (builder, pb_case_screening_is_stale (screening));
  json_builder_set_member_name (builder, "screening");
  if (run == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_int (builder, "event", run->event);
      pb_json_add_string_member (builder, "time", run->time);
      pb_json_add_string_member (builder, "user", run->user);
      json_builder_set_member_name (builder, "editions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < run->editions->len; i++)
        {
          PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);

          json_builder_begin_object (builder);
          pb_json_add_string_member (builder, "list", edition->list_id);
          pb_json_add_string_member (builder, "publisher", edition->publisher);
          pb_json_add_string_member (builder, "published", edition->published);
          pb_json_add_string_member (builder, "file_sha256", edition->file_sha256);
          add_int (builder, "entries", edition->n_entries);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "hits");
      json_builder_begin_array (builder);
      for (guint i = 0; i < run->hits->len; i++)
        add_hit_json (builder, g_ptr_array_index (run->hits, i));
      json_builder_end_array (builder);
      pb_json_add_string_member (builder, "contradicted", contradiction);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  pb_cli_print_json (builder);
}

/* The lists that bind the deal, and whether the screening answered each. */
static void
print_binding (GArray *binding)
{
  if (binding->len == 0)
    return;

  printf ("%s\n", _("Lists that bind this deal:"));
  for (guint i = 0; i < binding->len; i++)
    {
      PbBindingList *list = &g_array_index (binding, PbBindingList, i);

      printf ("  %-8s %s\n", list->question_id, pb_binding_state_get_label (list->state));
    }
}

static void
print_screening (PbCaseScreening *screening,
                 GArray          *binding,
                 const char      *case_id,
                 const char      *contradiction)
{
  PbScreeningRun *run = pb_case_screening_get_latest (screening);
  GPtrArray *parties = pb_case_screening_get_parties (screening);

  printf ("%s\n", _("Parties:"));
  for (guint i = 0; i < parties->len; i++)
    {
      PbCaseParty *party = g_ptr_array_index (parties, i);

      printf ("  %-9s %-13s %s%s%s%s\n", party->id, party->role, party->name,
              party->country ? " (" : "", party->country ? party->country : "", party->country ? ")" : "");
    }

  if (run == NULL)
    {
      printf ("%s\n", _("Not screened yet."));
      print_binding (binding);
      return;
    }

  /* Translators: an event number, a time, then a person */
  printf (_("Screened in event %u, %s, by %s, against:\n"), run->event, run->time, run->user);
  for (guint i = 0; i < run->editions->len; i++)
    {
      PbScreenedEdition *edition = g_ptr_array_index (run->editions, i);

      /* Translators: list id, publisher, publication date, number of entries, SHA-256 */
      printf (_("  %-14s %s, published %s, %u entries, SHA-256 %s\n"), edition->list_id, edition->publisher,
              edition->published ? edition->published : _("(no date)"), edition->n_entries, edition->file_sha256);
    }
  if (pb_case_screening_is_stale (screening))
    printf ("%s\n", _("A party was added after this screening: screen the case again."));
  print_binding (binding);

  /* Before its hits: what the run records is not what its lists give. */
  if (contradiction != NULL)
    printf ("%s\n", contradiction);
  if (run->hits->len == 0)
    printf ("%s\n", _("No hits."));
  for (guint i = 0; i < run->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (run->hits, i);

      /* Translators: hit id, party id, the name screened, score, listed name, list, reference */
      printf (_("%s  %s “%s” ~ %.2f “%s” on %s%s%s%s [%s]\n"), hit->id, hit->party_id, hit->query, hit->score,
              hit->listed_name, hit->list_id, hit->source ? " (" : "", hit->source ? hit->source : "",
              hit->source ? ")" : "", hit->entry_ref ? hit->entry_ref : "");
      if (hit->explanation != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (hit->explanation, "\n", -1);

          for (guint l = 0; lines[l] != NULL; l++)
            if (*lines[l] != '\0')
              printf ("      %s\n", lines[l]);
        }
      if (hit->status == PB_HIT_OPEN)
        printf ("      %s\n", _("Open: a reviewer must clear or confirm it."));
      else
        /* Translators: Cleared/Confirmed match, who, when, then the reason */
        printf (_("      %s by %s at %s%s: %s\n"), pb_hit_status_get_label (hit->status), hit->decided_by,
                hit->decided_at, hit->carried ? _(" (on an earlier screening of the same entry)") : "", hit->reason);
      if (hit->adopted_case != NULL)
        /* Translators: a case id, then an event number */
        printf (_("      (the decision of case %s, event %u, adopted)\n"), hit->adopted_case, hit->adopted_event);
      for (guint p = 0; p < hit->priors->len; p++)
        {
          PbPriorDecision *prior = g_ptr_array_index (hit->priors, p);

          /* Translators: a case id, an event number, cleared/confirmed, who, when, the list edition's date, then
           * the reason */
          printf (_("      Decided before in case %s (event %u): %s by %s at %s, on the edition of %s: %s\n"),
                  prior->case_id, prior->event, pb_hit_status_get_label (prior->status), prior->decided_by,
                  prior->decided_at, prior->edition_published ? prior->edition_published : "?", prior->reason);
          if (prior->entry_changed)
            printf ("        %s\n", _("The listed entry changed since: that decision cannot be adopted; decide again."));
          else if (hit->status == PB_HIT_OPEN)
            /* Translators: a case id, a hit id, then the other case's id */
            printf (_("        Adopt it: probity-cli case hit %s %s --adopt %s\n"), case_id, hit->id, prior->case_id);
        }
    }
}

/* The screening of @revision of a case, with the lists that bind its deal. */
static int
show_screening (PbCaseStore     *store,
                const char      *case_id,
                guint            revision,
                PbCaseScreening *screening)
{
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GArray) binding = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contradiction = NULL;

  if (!(answers = pb_case_store_get_answers (store, case_id, revision, &error)))
    return fail (error);

  if (!(contradiction = pb_case_screening_contradiction (store, case_id, screening, &error)) && error != NULL)
    return fail (error);

  binding = pb_case_screening_get_binding_lists (screening, answers);
  if (opt_json)
    print_screening_json (screening, binding, contradiction);
  else
    print_screening (screening, binding, case_id, contradiction);

  return 0;
}

static const GOptionEntry screen_case_entries[] = {
  { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &opt_threshold, N_("The lowest score reported (default: 0.85)"), N_("SCORE") },
  { NULL }
};

static int
case_screen (int    argc,
             char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse (&argc, &argv, N_("CASE"), N_("Screen every party of the case against the current list editions "
                                             "and record it in the case’s history."), screen_case_entries, TRUE, 1))
    return 1;

  if (!pb_screening_threshold_is_valid (opt_threshold))
    {
      /* Translators: two scores such as 0.50 and 0.85 */
      pb_cli_printerr (_("--threshold must be between %.2f and %.2f: a higher one misses spellings of listed names"),
                       PB_SCREENING_MIN_THRESHOLD, PB_NAME_MATCH_THRESHOLD);
      return 1;
    }

  if (!(store = open_store (OPEN_WRITE)))
    return 1;

  if (!(index = pb_screening_index_new (store, NULL, &error)))
    return fail (error);

  if (pb_screening_index_get_editions (index)->len == 0)
    {
      pb_cli_printerr ("%s", _("no restricted-party list is imported: import one with “probity-cli lists import FILE”"));
      return 1;
    }

  if (pb_case_screen (store, argv[1], index, opt_threshold, &error) == 0 ||
      !(screening = pb_case_store_get_screening (store, argv[1], 0, &error)))
    return fail (error);

  return show_screening (store, argv[1], 0, screening);
}

static int
case_screening (int    argc,
                char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse (&argc, &argv, N_("CASE"), N_("Show the parties, the latest screening and its hits."), show_entries, TRUE, 1))
    return 1;

  if (!(store = open_store (OPEN_READ)))
    return 1;

  if (!(screening = pb_case_store_get_screening (store, argv[1], opt_revision, &error)))
    return fail (error);

  return show_screening (store, argv[1], opt_revision, screening);
}

static char *opt_adopt;

static const GOptionEntry hit_entries[] = {
  { "clear", 0, 0, G_OPTION_ARG_NONE, &opt_hit_clear, N_("A false positive: not the listed party"), NULL },
  { "confirm", 0, 0, G_OPTION_ARG_NONE, &opt_hit_confirm, N_("A true match: the party is the listed one"), NULL },
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason, N_("Why (required, unless a decision is adopted)"), N_("TEXT") },
  { "adopt", 0, 0, G_OPTION_ARG_STRING, &opt_adopt,
    N_("Adopt the decision of another case that the screening offers for this hit (shown by “case screening”)"),
    N_("CASE") },
  { NULL }
};

static const GOptionEntry decide_hit_entries[] = {
  { "reason", 0, 0, G_OPTION_ARG_STRING, &opt_reason, N_("Why (required, unless a decision is adopted)"), N_("TEXT") },
  { "adopt", 0, 0, G_OPTION_ARG_STRING, &opt_adopt,
    N_("Adopt the same decision of another case that the screening offers for this hit (shown by “case screening”)"),
    N_("CASE") },
  { NULL }
};

/* With --adopt: the decision the screening offered from that case is the
 * one asked for. */
static gboolean
check_adopted (PbCaseStore *store,
               const char  *case_id,
               const char  *hit_id,
               PbHitStatus  wanted,
               GError     **error)
{
  g_autoptr(PbCaseScreening) screening = pb_case_store_get_screening (store, case_id, 0, error);
  PbCaseHit *hit = screening != NULL ? pb_case_screening_lookup_hit (screening, hit_id) : NULL;

  if (screening == NULL)
    return FALSE;

  for (guint i = 0; hit != NULL && i < hit->priors->len; i++)
    {
      PbPriorDecision *prior = g_ptr_array_index (hit->priors, i);

      if (g_strcmp0 (prior->case_id, opt_adopt) == 0 && prior->status != wanted)
        {
          if (prior->status == PB_HIT_CONFIRMED)
            /* Translators: a case id, then a hit id */
            g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                         _("Case %s confirmed the listed entry of hit %s as a match: adopt its decision with "
                           "“case hit --adopt”, or decide with a reason of your own"), prior->case_id, hit_id);
          else
            /* Translators: a case id, then a hit id */
            g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                         _("Case %s cleared the listed entry of hit %s as a false positive: adopt its decision with "
                           "“case hit --adopt”, or decide with a reason of your own"), prior->case_id, hit_id);
          return FALSE;
        }
    }

  return TRUE;
}

/* Records a reviewer's decision on a hit: @decision, or with --adopt the
 * one a prior decision gives (-1: whichever it is). */
static int
decide_hit (char **argv,
            int    decision)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (opt_adopt != NULL && opt_reason != NULL)
    {
      pb_cli_printerr ("%s", _("--adopt takes over the other case’s reason: give --reason or --adopt, not both"));
      return 1;
    }

  if (!(store = open_store_for (OPEN_DECIDE, _("Deciding a screening hit"))))
    return 1;

  if (opt_adopt != NULL)
    {
      if ((decision >= 0 && !check_adopted (store, argv[1], argv[2], decision, &error)) ||
          !pb_case_store_adopt_prior_decision (store, argv[1], argv[2], opt_adopt, &error))
        return fail (error);
    }
  else if (!pb_case_store_decide_hit (store, argv[1], argv[2], decision, opt_reason, &error))
    return fail (error);

  return 0;
}

static int
case_hit (int    argc,
          char **argv)
{
  if (!parse (&argc, &argv, N_("CASE HIT"), N_("Clear or confirm a hit of the latest screening, with a reason "
                                               "(“case clear-hit” and “case confirm-hit” say the same)."),
              hit_entries, FALSE, 2))
    return 1;

  if ((opt_hit_clear && opt_hit_confirm) || (opt_adopt == NULL && opt_hit_clear == opt_hit_confirm))
    {
      pb_cli_printerr ("%s", _("give one of --clear or --confirm"));
      return 1;
    }

  return decide_hit (argv, opt_hit_clear ? PB_HIT_CLEARED : opt_hit_confirm ? PB_HIT_CONFIRMED : -1);
}

static int
case_clear_hit (int    argc,
                char **argv)
{
  if (!parse (&argc, &argv, N_("CASE HIT"), N_("Clear a hit of the latest screening: not the listed party. "
                                               "A reason is required."),
              decide_hit_entries, FALSE, 2))
    return 1;

  return decide_hit (argv, PB_HIT_CLEARED);
}

static int
case_confirm_hit (int    argc,
                  char **argv)
{
  if (!parse (&argc, &argv, N_("CASE HIT"), N_("Confirm a hit of the latest screening: the party is the listed "
                                               "one. A reason is required."),
              decide_hit_entries, FALSE, 2))
    return 1;

  return decide_hit (argv, PB_HIT_CONFIRMED);
}

static const PbCliCommand case_commands[] = {
  { "new",            "",                   N_("Create a case"), case_new },
  { "list",           "",                   N_("List cases"), case_list },
  { "show",           "CASE",               N_("Show a case"), case_show },
  { "summary",        "CASE",               N_("Print a one-page summary of a case"), case_summary },
  { "answer",         "CASE QUESTION VALUE", N_("Answer a question"), case_answer },
  { "import-answers", "CASE ANSWERS.json",  N_("Set answers from an answers file"), case_import_answers },
  { "attach",         "CASE QUESTION FILE", N_("Attach an evidence file"), case_attach },
  { "submit",         "CASE",               N_("Submit for review"), case_submit },
  { "decide",         "CASE",               N_("Record the decision"), case_decide },
  { "party",          "CASE",               N_("Add or remove a party to screen"), case_party },
  { "screen",         "CASE",               N_("Screen the parties against the lists"), case_screen },
  { "screening",      "CASE",               N_("Show the parties, screening and hits"), case_screening },
  { "clear-hit",      "CASE HIT",           N_("Clear a screening hit, with a reason"), case_clear_hit },
  { "confirm-hit",    "CASE HIT",           N_("Confirm a screening hit, with a reason"), case_confirm_hit },
  { "hit",            "CASE HIT",           N_("Clear or confirm a screening hit (--clear, --confirm)"), case_hit },
  { "history",        "CASE",               N_("Print the history"), case_history },
  { "verify",         "CASE",               N_("Verify the hash chain, the seals and the time-stamps"), case_verify },
  { "anchor",         "CASE --tsa URL",     N_("Time-stamp the history"), case_anchor },
  { "reopen",         "CASE",               N_("Reopen a signed case"), case_reopen },
  { "migrate",        "CASE",               N_("Carry a case into the installed questionnaire"), case_migrate },
  { "questionnaire",  "CASE -o FILE",       N_("Write the exact questionnaire a case is pinned to"), case_questionnaire },
  { "export",         "CASE -o FILE",       N_("Export a case file"), case_export },
  { "export",         "--format csv|ods",   N_("Export the case list and a portfolio summary"), case_export },
  { "import",         "FILE",               N_("Import a case file"), case_import },
};

static void
print_case_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: probity-cli case COMMAND [OPTION…]"));
  for (guint i = 0; i < G_N_ELEMENTS (case_commands); i++)
    fprintf (stream, "  %-15s %-20s %s\n", case_commands[i].name, case_commands[i].args, _(case_commands[i].summary));
  fprintf (stream, "\n%s\n", _("Every command takes --db FILE; those that change a case also --user NAME, "
                                "--role sales|reviewer|auditor and --organisation NAME."));
}

int
pb_cli_case (int    argc,
             char **argv)
{
  return pb_cli_run_command (argc, argv, "case", case_commands, G_N_ELEMENTS (case_commands), print_case_usage);
}
