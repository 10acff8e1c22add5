/* pb-i18n.h: the program's languages, the language of one report, dates
 * and numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interface speaks the user's language through gettext as usual. A
 * report is written in a language chosen for it, whatever the interface
 * language: the thread that fills and renders it sets that language
 * (pb_language_scope_enter()), and every translated string of the core,
 * storage and report layers is looked up through pb_dgettext(), which then
 * reads the catalogue of that language (pb-catalog.c) instead of asking
 * gettext, whose language is the process's. Files of those layers include
 * this header instead of <glib/gi18n-lib.h>: its _() and C_() go through
 * pb_dgettext(); plurals use pb_dngettext().
 */

#pragma once

#include <glib/gi18n-lib.h>
#include <string.h>

G_BEGIN_DECLS

/* The text domain in which the iso-codes package translates country names. */
#define PB_ISO_3166_DOMAIN "iso_3166-1"

/* setlocale(), and the program's text domain bound to its catalogues: the
 * build tree's po/ when the program runs from the build tree (`make run`,
 * the tests), else LOCALEDIR. Programs call it first thing in main(). */
void                 pb_i18n_init                     (void);
const char          *pb_i18n_get_localedir            (void);

/* The languages a report can be written in: "en" and each language whose
 * catalogue is complete (po/LINGUAS less po/PENDING) and installed, as
 * language codes ("fr"). */
const char * const  *pb_i18n_get_languages            (void);
gboolean             pb_i18n_is_language              (const char  *language);
/* A language's name in that language ("Français"), for choosers. */
const char          *pb_i18n_get_language_name        (const char  *language);
/* The first of the user's languages (g_get_language_names()) that is one
 * of pb_i18n_get_languages(); "en" when none is. */
const char          *pb_i18n_get_interface_language   (void);

/* Binds a questionnaire's own text domain to the locale/ folder of the
 * questionnaires folder (pb_data_get_dir()/questionnaires/locale) when it
 * has one, so that a questionnaire shipped with its catalogues is read in
 * the user's language (questionnaires/FORMAT.md, "Translations"). The
 * program's own domain is never rebound. */
void                 pb_i18n_bind_questionnaire_domain (const char *domain);
/* A text domain name Probity accepts from a file: 1 to 64 letters, digits,
 * ".", "_" or "-", not starting with "." (it becomes part of a path). */
gboolean             pb_i18n_is_valid_domain          (const char  *domain);

/* The language this thread writes in: NULL (the interface's, through
 * gettext) unless a scope set one. */
const char          *pb_i18n_get_thread_language      (void);

typedef struct
{
  const char *previous;
  gboolean    active;
} PbLanguageScope;

/* Makes the calling thread write in @language (one of
 * pb_i18n_get_languages(); NULL: the interface's) until the scope ends:
 *   g_auto(PbLanguageScope) scope = pb_language_scope_enter ("fr"); */
PbLanguageScope      pb_language_scope_enter          (const char      *language);
void                 pb_language_scope_leave          (PbLanguageScope *scope);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbLanguageScope, pb_language_scope_leave)

/* g_dgettext(), g_dngettext() and g_dpgettext() in the thread's language. */
const char          *pb_dgettext                      (const char  *domain,
                                                       const char  *msgid) G_GNUC_FORMAT (2);
const char          *pb_dngettext                     (const char  *domain,
                                                       const char  *msgid,
                                                       const char  *msgid_plural,
                                                       gulong       n) G_GNUC_FORMAT (3);
const char          *pb_dpgettext                     (const char  *domain,
                                                       const char  *msgctxtid,
                                                       gsize        msgidoffset) G_GNUC_FORMAT (2);

/* A date ("14/03/2026"), a date and time ("14/03/2026 09:05") and a number
 * with @decimals decimals ("1,5") as the thread's language writes them.
 * The forms are translations (C_("date format", …)), not the C library's
 * locale: a report looks the same whatever locales a machine has, and
 * machine formats (storage, JSON) never depend on the language. */
char                *pb_i18n_format_date              (GDateTime   *datetime);
char                *pb_i18n_format_date_time         (GDateTime   *datetime);
/* A moment as the store keeps it (ISO 8601; without a zone, UTC) in the
 * local time zone, as pb_i18n_format_date_time() writes it; @iso8601
 * itself when it is no such moment, "" for NULL. */
char                *pb_i18n_format_timestamp         (const char  *iso8601);
char                *pb_i18n_format_decimal           (double       value,
                                                       guint        decimals);

#undef _
#undef C_
#define _(String) pb_dgettext (GETTEXT_PACKAGE, String)
#define C_(Context, String) pb_dpgettext (GETTEXT_PACKAGE, Context "\004" String, strlen (Context) + 1)

G_END_DECLS
