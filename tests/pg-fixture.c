/* pg-fixture.c: a database of its own for a test on the throwaway cluster
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>

#include "pg-fixture.h"
#include "store-fixture.h"

static const struct { const char *name; const char *role; } people[] = {
  { "sam", "sales" },
  { "sue", "sales" },
  { "rita", "reviewer" },
  { "ada", "auditor" },
};

const char *
pg_fixture_server (void)
{
  const char *server = g_getenv ("PROBITY_TEST_DB");

  if (server == NULL || *server == '\0')
    server = g_getenv ("PROBITY_TEST_PG");

  return server != NULL && *server != '\0' ? server : NULL;
}

void
pg_fixture_superuser_exec (const char *server,
                           const char *dbname,
                           const char *sql)
{
  g_autofree char *conninfo = g_strdup_printf ("%s dbname=%s user=postgres", server, dbname);
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

static void
run_cli (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (store_run (argv, &out, &err) != 0)
    g_error ("%s failed: %s%s", argv[1], out, err);
}

static const char *
template_database (const char *server)
{
  static char *template;
  g_autofree char *cli = NULL;
  g_autofree char *conninfo = NULL;

  if (template != NULL)
    return template;

  cli = store_cli_path ();
  pg_fixture_superuser_exec (server, "postgres", "CREATE DATABASE probity_live_template");
  conninfo = g_strdup_printf ("%s dbname=probity_live_template user=postgres", server);
  run_cli ((const char *[]) { cli, "db", "init", conninfo, NULL });
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    run_cli ((const char *[]) { cli, "db", "add-user", conninfo, people[i].name,
                                "--role", people[i].role, "--team", "east", NULL });

  return template = g_strdup ("probity_live_template");
}

char *
pg_fixture_create_database (const char *server)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *sql = NULL;
  char *database = g_strdelimit (g_strconcat ("t_", uuid, NULL), "-", '_');

  sql = g_strdup_printf ("CREATE DATABASE %s TEMPLATE %s", database, template_database (server));
  pg_fixture_superuser_exec (server, "postgres", sql);

  return database;
}

void
pg_fixture_drop_database (const char *server,
                          const char *database)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", database);

  pg_fixture_superuser_exec (server, "postgres", sql);
}

char *
pg_fixture_location (const char *server,
                     const char *database,
                     const char *user)
{
  return g_strdup_printf ("%s dbname=%s user=%s", server, database, user);
}
