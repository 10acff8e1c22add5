/* store-fixture.h: what the store tests share: a private folder, a store in
 * it, the test questionnaire, cases made in a few calls, the probity-cli and
 * sqlite3 programs run as child processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"

G_BEGIN_DECLS

typedef struct
{
  char            *dir;            /* a private folder, removed with all it holds */
  char            *path;           /* dir/cases.db */
  PbCaseStore     *store;          /* open on path */
  PbQuestionnaire *questionnaire;  /* tests/data/storage/store-test.xml */
} StoreFixture;

/* For g_test_add(): @data NULL makes the store; a non-NULL @data leaves
 * f->store NULL (and no file at f->path). */
void             store_fixture_set_up      (StoreFixture    *f,
                                            gconstpointer    data);
void             store_fixture_tear_down   (StoreFixture    *f,
                                            gconstpointer    data);
#define STORE_FIXTURE_NO_STORE ((gconstpointer) "no-store")

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
/* The probity-cli of this build. */
char            *store_cli_path            (void);

G_END_DECLS
