/* pb-file-checks.h: what the last check of every page of a database file
 * found, remembered outside the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long a sound check stands for a file nothing has written since. */
#define PB_FILE_CHECK_MAX_AGE (7 * G_TIME_SPAN_DAY)

typedef enum
{
  PB_FILE_CHECK_UNKNOWN,   /* not checked in this state, or too long ago */
  PB_FILE_CHECK_SOUND,
  PB_FILE_CHECK_DAMAGED,
} PbFileCheck;

/* A database file as it is now: its device and inode, size, times of its
 * last change, and the bytes of its WAL's frames. Whatever writes it,
 * through SQLite or not, changes one of them. */
typedef struct
{
  char *key;     /* device:inode */
  char *state;
} PbFileState;

gboolean     pb_file_state_read      (const char        *path,
                                      PbFileState       *state);
gboolean     pb_file_state_equal     (const PbFileState *a,
                                      const PbFileState *b);
void         pb_file_state_clear     (PbFileState       *state);

/* What the last check found of the file in @state, if it was in that
 * state then; SOUND only for PB_FILE_CHECK_MAX_AGE. *@finding: the damage
 * found (SQLite's first finding). */
PbFileCheck  pb_file_checks_lookup   (const PbFileState *state,
                                      char             **finding);
/* Remembers what a check of the file in @state found: @finding, or NULL
 * for sound. A failure to write is left unsaid: the next start checks. */
void         pb_file_checks_remember (const PbFileState *state,
                                      const char        *finding);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbFileState, pb_file_state_clear)

G_END_DECLS
