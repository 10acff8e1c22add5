/* pg-fixture.h: a database of its own for a test on the throwaway
 * PostgreSQL cluster (tests/pg-cluster.sh run), with the schema and people
 * db init and db add-user make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The cluster's connection string (PROBITY_TEST_DB, else PROBITY_TEST_PG),
 * or NULL when the test runs without one. */
const char  *pg_fixture_server            (void);
/* A new database on @server from a template made once per process: the
 * schema, and sam and sue (sales, team east), rita (reviewer) and ada
 * (auditor). Drop it with pg_fixture_drop_database(). */
char        *pg_fixture_create_database   (const char *server);
void         pg_fixture_drop_database     (const char *server,
                                           const char *database);
/* What @user opens @database with. */
char        *pg_fixture_location          (const char *server,
                                           const char *database,
                                           const char *user);
/* Runs @sql as the cluster's superuser on @dbname. */
void         pg_fixture_superuser_exec    (const char *server,
                                           const char *dbname,
                                           const char *sql);

G_END_DECLS
