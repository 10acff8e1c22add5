/* pb-cli.h: the commands of probity-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "pb-evaluation.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

/* Each command gets argv with argv[0] set to "probity-cli COMMAND" and
 * returns the process exit status. Errors go to stderr as
 * "probity-cli: message". */
typedef int (*PbCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char        *name;
  const char        *args;      /* shown in a group's usage, or NULL */
  const char        *summary;   /* untranslated; translated on output */
  PbCliCommandFunc   func;
} PbCliCommand;

/* pb-cli-evaluate.c */
int  pb_cli_questionnaires (int argc, char **argv);
int  pb_cli_check          (int argc, char **argv);
int  pb_cli_evaluate       (int argc, char **argv);
/* pb-cli-migrate.c */
int  pb_cli_migrate        (int argc, char **argv);
void pb_cli_print_migration (FILE *out, PbQuestionnaire *from, PbQuestionnaire *to,
                             GPtrArray *changes, PbEvaluation *evaluation);
/* pb-cli-data.c */
int  pb_cli_data           (int argc, char **argv);
/* pb-cli-case.c */
int  pb_cli_case           (int argc, char **argv);
/* pb-cli-db.c */
int  pb_cli_db             (int argc, char **argv);
/* pb-cli-lists.c */
int  pb_cli_lists          (int argc, char **argv);
int  pb_cli_screen         (int argc, char **argv);
/* pb-cli-report.c */
int  pb_cli_report         (int argc, char **argv);
/* pb-cli-extend.c: report extend */
int  pb_cli_report_extend  (int argc, char **argv);
/* pb-cli-verify.c */
int  pb_cli_verify         (int argc, char **argv);

/* Shared helpers, pb-cli-common.c */
/* Runs the command argv[1] of @commands, the commands of @group ("case"),
 * with argv[0] "probity-cli GROUP NAME". -h and --help print @usage on
 * stdout; no command, or one @commands lacks, prints it on stderr and
 * returns 2. */
int  pb_cli_run_command    (int                  argc,
                            char               **argv,
                            const char          *group,
                            const PbCliCommand  *commands,
                            guint                n_commands,
                            void               (*usage) (FILE *stream));
void pb_cli_print_error    (const GError *error);
/* @text and spaces up to @width terminal columns (a wide character counts
 * two), for the columns of a table whose headings and names are not ASCII:
 * printf's %-20s counts bytes. A text as wide or wider comes back whole. */
char *pb_cli_pad           (const char   *text,
                            guint         width);
/* @text in exactly @width terminal columns: padded as pb_cli_pad () does,
 * or cut to fit with an ellipsis, so that the columns after it stay in
 * line. */
char *pb_cli_fit           (const char   *text,
                            guint         width);
void pb_cli_printerr       (const char   *format,
                            ...) G_GNUC_PRINTF (1, 2);
/* g_option_context_parse(), printing the error; FALSE on error. */
gboolean pb_cli_parse_options (GOptionContext  *context,
                               int             *argc,
                               char          ***argv);
/* Asks for a secret on the terminal without echo; NULL when stdin is not
 * a terminal. The caller wipes it. */
char       *pb_cli_ask_secret (const char  *prompt);
/* An ISO 8601 time (UTC unless it says otherwise) or a bare date. */
GDateTime  *pb_cli_parse_time (const char  *text,
                               GError     **error);
/* What @builder built, as indented JSON. */
char       *pb_cli_json_text  (JsonBuilder *builder);
/* The same and a newline, on stdout. */
void        pb_cli_print_json (JsonBuilder *builder);
/* The database chosen by --db, else $PROBITY_DB, else the default. */
const char *pb_cli_resolve_db_path (const char *db_option);
/* @path for one line of output: UTF-8 as g_filename_display_name() makes
 * it, with control characters written as escapes ("\n", "\x1b"), so that a
 * file name cannot add a line ("x.pdf: the report is valid.") of its own. */
char       *pb_cli_display_name    (const char *path);
/* The file a command-line argument names: always a path, so that a file
 * called "a:b.json" is that file, not a URI with the scheme "a". */
GFile      *pb_cli_file_new        (const char *path);

#ifdef PB_CLI_HAVE_CASE
#include "pb-actor.h"
#include "pb-case-store.h"

/* Who acts: --user, else on a team server (@store, or NULL) whom it
 * authenticated ($PROBITY_USER is ignored there, saying so), else
 * $PROBITY_USER, else the user's real name; --role, else $PROBITY_ROLE, else
 * @default_role, or an error naming @action when @default_role is -1;
 * --organisation, else $PROBITY_ORGANISATION. */
PbActor *pb_cli_new_actor (const char  *user,
                           const char  *role,
                           const char  *organisation,
                           PbCaseStore *store,
                           int          default_role,
                           const char  *action,
                           GError     **error);

#include "pb-case-store.h"

/* After @what (e.g. "The submission") was recorded on @case_id: anchors
 * its history at @tsa_url (NULL: does nothing; pb-cli-case.c). The action
 * stands either way; a failure says so and how to anchor later, and
 * returns 1 for the exit status. */
int      pb_cli_anchor_after (PbCaseStore *store,
                              const char  *case_id,
                              const char  *tsa_url,
                              const char  *what);
/* Records @decision on @case_id; an approval only after the screening it
 * stands on is checked against its own lists (pb_case_check_screening(),
 * refused when they contradict it; said on stderr when it could not be
 * checked), and only on that screening (pb_case_store_decide_on_screening():
 * refused when another was recorded since the check). */
gboolean pb_cli_decide          (PbCaseStore   *store,
                                 const char    *case_id,
                                 PbCaseStatus   decision,
                                 const char    *reason,
                                 const char    *conditions,
                                 const char    *override_rationale,
                                 GError       **error);
/* The trust --ca gives a copy or an import onto a server: the CA
 * certificates of the PEM file @ca, named for people in *@trust_name
 * (both NULL without @ca: the system's; pb-cli-verify.c). */
gboolean pb_cli_load_trust      (const char    *ca,
                                 GBytes       **trust,
                                 char         **trust_name,
                                 GError       **error);
#endif

G_END_DECLS
