/* pb-countries.h: the country reference data (questionnaires/countries.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data a rating reads about a destination: Freedom House ratings, arms
 * embargoes and export bans with the authority that imposed them, and
 * regions of documented persecution. Every fact names its source, edition or
 * date and a confidence grade. questionnaires/REFERENCE-DATA.md describes the
 * file; /work/team/refdata-interface.md (and REFERENCE-DATA.md) the contract.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Owned by their PbCountries and immutable. */
typedef struct _PbCountry     PbCountry;
typedef struct _PbRegion      PbRegion;
typedef struct _PbCountryFact PbCountryFact;

/* The legal orders an exporter is subject to, as flags: an exporter
 * established in the EU with US-origin content above de minimis is
 * EU | US. UN measures bind every exporter through their state's law. */
typedef enum
{
  PB_JURISDICTION_NONE = 0,
  PB_JURISDICTION_EU   = 1 << 0,
  PB_JURISDICTION_UK   = 1 << 1,
  PB_JURISDICTION_US   = 1 << 2,
} PbJurisdiction;

/* Where the data in use was loaded from. */
typedef enum
{
  PB_COUNTRIES_ORIGIN_FILE,     /* pb_countries_new_from_*() */
  PB_COUNTRIES_ORIGIN_SHIPPED,  /* questionnaires/countries.json of the installation */
  PB_COUNTRIES_ORIGIN_USER,     /* the user's imported copy, see pb_countries_get_user_path() */
  PB_COUNTRIES_ORIGIN_ENV,      /* $PROBITY_COUNTRIES */
} PbCountriesOrigin;

#define PB_TYPE_COUNTRIES (pb_countries_get_type ())

G_DECLARE_FINAL_TYPE (PbCountries, pb_countries, PB, COUNTRIES, GObject)

/* The largest reference file we read. */
#define PB_COUNTRIES_MAX_FILE_SIZE (8 * 1024 * 1024)

/* Strict loading: malformed JSON, a missing or mistyped field, an unknown
 * status, kind, authority or confidence, a fact whose source is not
 * declared, a code that is not two capital letters or a duplicate code is
 * an error whose message starts with the file and names the entry and field. */
PbCountries        *pb_countries_new_from_file         (GFile         *file,
                                                        GError       **error);
/* @display_name is used in error messages. */
PbCountries        *pb_countries_new_from_bytes        (GBytes        *bytes,
                                                        const char    *display_name,
                                                        GError       **error);

/* The data the application uses, loaded once per process: $PROBITY_COUNTRIES
 * if set; else the user's copy written by `probity-cli data import` unless
 * the shipped file was generated later (a newer release); else the shipped
 * file. A user copy that exists but does not load is an error naming it,
 * never silently skipped. Returns a new reference. */
PbCountries        *pb_countries_load_default          (GError       **error);
/* Forgets the data pb_countries_load_default() cached, so that the next call
 * reads the files again (after an import, in tests). */
void                pb_countries_reset_default         (void);
/* The installation's file: questionnaires/countries.json under pb_data_get_dir(). */
PbCountries        *pb_countries_load_shipped          (GError       **error);
/* TRUE when @sha256 is that of the shipped data or of the data in use. */
gboolean            pb_countries_is_known              (const char    *sha256);
/* $XDG_DATA_HOME/probity/countries.json: where an import goes. */
char               *pb_countries_get_user_path         (void);

const char         *pb_countries_get_version           (PbCountries   *self);
/* YYYY-MM-DD: when the file was written (by hand or by an import). */
const char         *pb_countries_get_generated         (PbCountries   *self);
/* YYYY-MM-DD: when the measures and findings were last reviewed. */
const char         *pb_countries_get_reviewed          (PbCountries   *self);
/* YYYY-MM-DD: the date by which they must be reviewed again. */
const char         *pb_countries_get_review_due        (PbCountries   *self);
/* The newest edition of an index present in the data, e.g. "FIW 2025"
 * for @index "fiw" and "FOTN 2024" for "fotn"; NULL when none. */
const char         *pb_countries_get_edition           (PbCountries   *self,
                                                        const char    *index);
/* Lowercase hex SHA-256 of the exact bytes loaded: store it with a case. */
const char         *pb_countries_get_sha256            (PbCountries   *self);
/* The exact bytes loaded. */
GBytes             *pb_countries_get_bytes             (PbCountries   *self);
const char         *pb_countries_get_display_name      (PbCountries   *self);
PbCountriesOrigin   pb_countries_get_origin            (PbCountries   *self);
/* Whether @today (NULL: the current local date) is after the review date. */
gboolean            pb_countries_is_overdue            (PbCountries   *self,
                                                        GDate         *today);
/* A translated sentence for the user when the data is overdue for review,
 * naming the version and the review date; NULL while it is current. */
char               *pb_countries_dup_review_warning    (PbCountries   *self,
                                                        GDate         *today);

/* Countries sorted by code. */
guint               pb_countries_get_n_countries       (PbCountries   *self);
PbCountry          *pb_countries_get_country           (PbCountries   *self,
                                                        guint          index);
/* @code: ISO 3166-1 alpha-2, case-insensitive. NULL when unknown. */
PbCountry          *pb_countries_lookup                (PbCountries   *self,
                                                        const char    *code);
/* The codes of the countries a search for @text means: those whose name
 * (pb_country_get_name ()) holds it, case ignored, and the one whose code
 * it is. Below three characters a name matches only from its start ("in"
 * is in forty names). Free with g_strfreev (). */
char              **pb_countries_match_name            (PbCountries   *self,
                                                        const char    *text);
/* @region_id: a region code such as "xuar", as used by the questionnaire. */
PbRegion           *pb_countries_lookup_region         (PbCountries   *self,
                                                        const char    *region_id);
/* The full title of a source id used by facts, or NULL. */
const char         *pb_countries_get_source_title      (PbCountries   *self,
                                                        const char    *source_id);
/* Its address, or NULL. */
const char         *pb_countries_get_source_url        (PbCountries   *self,
                                                        const char    *source_id);

/* Whether @code (upper case) is an officially assigned ISO 3166-1 alpha-2
 * code; reserved ones such as UK and EL are not. */
gboolean            pb_country_code_is_assigned        (const char    *code);
/* "GB" for "UK", "GR" for "EL": the assigned code a reserved alias stands
 * for, or NULL. */
const char         *pb_country_code_get_alias_of       (const char    *code);

const char         *pb_country_get_code                (PbCountry     *country);
/* The ISO 3166-1 short name, in the language of the interface or of the
 * thread's scope (pb-i18n.h), as the iso-codes package translates it. */
const char         *pb_country_get_name                (PbCountry     *country);

/* Freedom House ratings. The rating fact (kind "fiw" or "fotn") carries the
 * status, score, edition, source and confidence; NULL when the data records
 * none, which means "not recorded", never "free". */
PbCountryFact      *pb_country_get_fiw                 (PbCountry     *country);
PbCountryFact      *pb_country_get_fotn                (PbCountry     *country);
/* Shortcuts: "free", "partly-free", "not-free" or "not-rated" (Freedom
 * House does not rate it), NULL when not recorded; the score 0..100, or -1. */
const char         *pb_country_get_fiw_status          (PbCountry     *country);
int                 pb_country_get_fiw_score           (PbCountry     *country);
const char         *pb_country_get_fotn_status         (PbCountry     *country);
int                 pb_country_get_fotn_score          (PbCountry     *country);

/* Measures: facts of kind "arms-embargo", "monitoring-ban",
 * "repression-ban" or "dual-use-ban" (see refdata-interface.md). */
guint               pb_country_get_n_measures          (PbCountry     *country);
PbCountryFact      *pb_country_get_measure             (PbCountry     *country,
                                                        guint          index);
/* Whether a measure of @kind is recorded, whoever imposed it and whether or
 * not it binds. Also accepts the S2.03 codes of questionnaire 1.0.0:
 * "political-embargo" (an arms embargo of political form), "binding-embargo"
 * (a binding EU or UN arms embargo) and "monitoring-ban" (an EU one). */
gboolean            pb_country_has_measure             (PbCountry     *country,
                                                        const char    *kind);
/* The first measure of @kind (NULL: any) that binds an exporter subject to
 * @jurisdictions (see pb_country_fact_binds()), or NULL. */
PbCountryFact      *pb_country_find_binding_measure    (PbCountry     *country,
                                                        const char    *kind,
                                                        PbJurisdiction jurisdictions);

/* Every recorded fact: the ratings first, then the measures. */
guint               pb_country_get_n_facts             (PbCountry     *country);
PbCountryFact      *pb_country_get_fact                (PbCountry     *country,
                                                        guint          index);
guint               pb_country_get_n_regions           (PbCountry     *country);
PbRegion           *pb_country_get_region              (PbCountry     *country,
                                                        guint          index);

const char         *pb_region_get_id                   (PbRegion      *region);
const char         *pb_region_get_name                 (PbRegion      *region);
PbCountry          *pb_region_get_country              (PbRegion      *region);
/* "persecution", "conflict" or "occupation". */
const char         *pb_region_get_concern              (PbRegion      *region);
/* The region's own Freedom House rating (Tibet, Hong Kong are rated apart), or NULL. */
PbCountryFact      *pb_region_get_fiw                  (PbRegion      *region);
/* The findings: kinds "un-finding", "state-finding", "legislation", "sanctions". */
guint               pb_region_get_n_facts              (PbRegion      *region);
PbCountryFact      *pb_region_get_fact                 (PbRegion      *region,
                                                        guint          index);

/* "fiw", "fotn", a measure kind or a finding kind. */
const char         *pb_country_fact_get_kind           (PbCountryFact *fact);
const char         *pb_country_fact_get_title          (PbCountryFact *fact);
/* YYYY, YYYY-MM or YYYY-MM-DD, or NULL when the data gives none. */
const char         *pb_country_fact_get_date           (PbCountryFact *fact);
/* The legal act and article, or the index edition; may be NULL. */
const char         *pb_country_fact_get_reference      (PbCountryFact *fact);
/* A source id, see pb_countries_get_source_title(). */
const char         *pb_country_fact_get_source         (PbCountryFact *fact);
/* "V" verified, "P" partly verified, "K" to re-check (REFERENCE-DATA.md). */
const char         *pb_country_fact_get_confidence     (PbCountryFact *fact);
/* A free-text remark (who is targeted, exemptions, caveats), or NULL. */
const char         *pb_country_fact_get_note           (PbCountryFact *fact);
/* Ratings: the status and score (-1 when none) and the edition, e.g. "FIW 2025". */
const char         *pb_country_fact_get_status         (PbCountryFact *fact);
int                 pb_country_fact_get_score          (PbCountryFact *fact);
const char         *pb_country_fact_get_edition        (PbCountryFact *fact);
/* Measures: "eu", "un", "uk" or "us". */
const char         *pb_country_fact_get_authority      (PbCountryFact *fact);
/* Measures: "binding" (a legal act) or "political" (a declaration). */
const char         *pb_country_fact_get_form           (PbCountryFact *fact);
/* Measures: "country" (the whole destination) or "partial" (only
 * non-state actors, listed persons or some items: read the note). */
const char         *pb_country_fact_get_scope          (PbCountryFact *fact);
/* Whether a measure binds an exporter subject to @jurisdictions: a binding
 * UN measure binds every exporter; a binding EU, UK or US measure binds one
 * subject to that jurisdiction; a political measure binds no one (it still
 * weighs in licensing). FALSE for ratings and findings. */
gboolean            pb_country_fact_binds              (PbCountryFact *fact,
                                                        PbJurisdiction jurisdictions);

/* "eu", "uk", "us" → the flag; PB_JURISDICTION_NONE for anything else. */
PbJurisdiction      pb_jurisdiction_from_string        (const char    *code);
/* The legal order a country's establishment or territory brings in: an EU
 * Member State the EU's, "GB" the UK's, "US" the US's (an ISO 3166-1
 * alpha-2 code); PB_JURISDICTION_NONE for any other country. */
PbJurisdiction      pb_jurisdiction_of_country         (const char    *iso);

G_END_DECLS
