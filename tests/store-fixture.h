/* store-fixture.h: what the store tests share: a private folder, a store in
 * it, the test questionnaire, cases made in a few calls, the probity-cli and
 * sqlite3 programs run as child processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"

G_BEGIN_DECLS

/* With PROBITY_TEST_DB=pg (a second meson entry runs the program inside
 * tests/pg-cluster.sh run) the store is on a PostgreSQL server instead of
 * a file: a database of its own per test (store_server_new_database()). */
typedef struct
{
  char            *dir;            /* a private folder, removed with all it holds */
  char            *path;           /* dir/cases.db, or alice's connection */
  PbCaseStore     *store;          /* open on path */
  PbQuestionnaire *questionnaire;  /* tests/data/storage/store-test.xml, or shipped */
  char            *server;         /* on a server: "host=… port=… " */
  char            *database;       /* and this test's database */
  GHashTable      *people;         /* on a server: login → their store */
  char            *cluster_dir;    /* STORE_FIXTURE_OWN_CLUSTER: its folder */
} StoreFixture;

/* For g_test_add(): @data NULL (or STORE_FIXTURE_SHIPPED) makes the
 * store; the three others leave f->store NULL (and no file at f->path). */
void             store_fixture_set_up      (StoreFixture    *f,
                                            gconstpointer    data);
void             store_fixture_tear_down   (StoreFixture    *f,
                                            gconstpointer    data);
/* The store made, with the questionnaire the application ships
 * (questionnaires/surveillance-export.xml) as f->questionnaire instead of
 * the test one: for a test of what people see of it. */
#define STORE_FIXTURE_SHIPPED     ((gconstpointer) "shipped")
#define STORE_FIXTURE_NO_STORE    ((gconstpointer) "no-store")
/* A database of its own on the cluster whatever PROBITY_TEST_DB says (a
 * test of what only a server does); outside a cluster none, and
 * store_fixture_needs_server() skips the test. */
#define STORE_FIXTURE_SERVER      ((gconstpointer) "server")
/* The same, on a cluster that is the program's alone (pg-cluster.sh run's
 * folder, PROBITY_TEST_PG_DIR): store_fixture_cluster() may restart it. */
#define STORE_FIXTURE_OWN_CLUSTER ((gconstpointer) "own-cluster")

/* Whether the store is on a server (PROBITY_TEST_DB=pg, or one of the two
 * above inside a cluster). */
gboolean         store_fixture_on_server   (StoreFixture    *f);
/* TRUE on a file; on a server skips the test, saying it needs a file
 * because of @what ("WAL", "case files"…). */
gboolean         store_fixture_needs_file  (StoreFixture    *f,
                                            const char      *what);
/* TRUE on a server; outside a cluster skips the test, saying so. */
gboolean         store_fixture_needs_server (StoreFixture   *f);
/* Runs `pg-cluster.sh @command` ("restart", "stop") on the cluster of
 * STORE_FIXTURE_OWN_CLUSTER; fails the test if it fails. */
void             store_fixture_cluster     (StoreFixture    *f,
                                            const char      *command);
/* A store for @name acting in @role: f->store acting as them on a file
 * (a new reference), their own connection on a server. */
PbCaseStore     *store_fixture_open_as     (StoreFixture    *f,
                                            const char      *name,
                                            PbRole           role);

/* @name's store, acting as them from now on: f->store with them as its
 * actor (a legal reviewer, pb_test_act_as()) on a file, their own
 * connection (kept until tear-down) on a server, logged in as @name in
 * lower case. The fixture owns it. */
PbCaseStore     *store_fixture_act_as      (StoreFixture    *f,
                                            const char      *name);

/* dir/@name; free with g_free(). */
char            *store_fixture_build_path  (StoreFixture    *f,
                                            const char      *name);

/* A draft case in @store for the customer @customer (made or reused; GB)
 * and the product EyeCam 4.2, under f->questionnaire. */
char            *store_fixture_new_case    (StoreFixture    *f,
                                            PbCaseStore     *store,
                                            const char      *customer);
/* Sets a free-text, choice or number answer given as JSON ("\"yes\"", "12"). */
void             store_fixture_answer      (PbCaseStore     *store,
                                            const char      *case_id,
                                            const char      *question_id,
                                            const char      *json,
                                            const char      *comment,
                                            const char      *reason);
/* A case with every kind of row: answers with comments, evidence, a
 * signed revision with a stored report, reopened and changed. Events:
 * 1 created, 2-4 answers, 5 evidence, 6 submitted, 7 rejected, 8 signed,
 * 9 reopened, 10 answer. */
char            *store_fixture_full_case   (StoreFixture    *f,
                                            PbCaseStore     *store);

/* A time-stamp token on @head (a hex SHA-256) as a server reads one
 * (schema-v15.sql): DER, its message imprint those 32 bytes; signed by
 * nobody, which only `case verify` sees. */
GBytes          *store_fixture_token       (const char      *head);
/* On a server, the edition the tests' screenings name (list eu-fsf,
 * SHA-256 00…01, publisher EU, no date, no entry), stored as an import
 * does: a screening made there names editions it holds. Nothing on a file. */
void             store_fixture_hold_edition (StoreFixture   *f);

/* Removes @path and everything below it. */
void             store_remove_tree         (const char      *path);
char            *store_file_sha256         (const char      *path);

/* Runs @argv (a NULL-terminated list; the first is looked up in PATH),
 * waits for it and returns its exit status; @out and @err (may be NULL)
 * get what it printed. */
int              store_run                 (const char * const *argv,
                                            char           **out,
                                            char           **err);
/* Runs `sqlite3 PATH SQL` and returns what it printed; fails the test if
 * the shell fails. */
char            *store_sqlite3             (const char      *path,
                                            const char      *sql);
/* Runs @statements on the SQLite file @path, past the store; fails the
 * test, naming them, if SQLite refuses them. */
void             store_sqlite_exec         (const char      *path,
                                            const char      *statements);
/* The first column of the first row of @query on the SQLite file @path,
 * opened read-only. */
gint64           store_sqlite_int          (const char      *path,
                                            const char      *query);
/* The probity-cli of this build. */
char            *store_cli_path            (void);
/* Runs probity-cli ARGS… --db @db (NULL: no --db) as @user acting in
 * @role (PROBITY_USER and PROBITY_ROLE; NULL: neither set) and returns its
 * exit status; @out and @err get what it printed (what they held is freed
 * first). */
int              store_cli                 (const char      *db,
                                            const char      *user,
                                            const char      *role,
                                            char           **out,
                                            char           **err,
                                            const char      *first,
                                            ...) G_GNUC_NULL_TERMINATED;

/* The throwaway cluster of tests/pg-cluster.sh run ("host=… port=… ",
 * from PROBITY_TEST_PG), or NULL outside one. */
const char      *store_server_cluster      (void);
/* A new database on @server, copied from a template made once per process
 * by `probity-cli db init`, where these log in as themselves: "alice"
 * (sales, team "east"), the reviewers "bob", "carol" and
 * "dan", the auditor "ada", "sam" and "sue" (sales, team "east"), the
 * reviewers "rita" and "rex", and test-approvals' people under their full
 * names. Drop it with store_server_drop_database(). */
char            *store_server_new_database (const char      *server);
void             store_server_drop_database (const char     *server,
                                             const char     *database);
/* Runs `probity-cli db init` on @database as the cluster's superuser, as
 * an administrator upgrading it does; fails the test if it fails. */
void             store_server_db_init      (const char      *server,
                                            const char      *database);
/* What @user opens @database with. */
char            *store_server_location     (const char      *server,
                                            const char      *database,
                                            const char      *user);
/* Runs @sql as the cluster's superuser on @dbname; fails the test if the
 * server refuses it. */
void             store_server_exec         (const char      *server,
                                            const char      *dbname,
                                            const char      *sql);
/* The same, returning the first value of the first row (NULL without). */
char            *store_server_query        (const char      *server,
                                            const char      *dbname,
                                            const char      *sql);

G_END_DECLS
