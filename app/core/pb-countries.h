/* pb-countries.h: the country reference data (questionnaires/countries.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Owned by their PbCountries and immutable. */
typedef struct _PbCountry     PbCountry;
typedef struct _PbRegion      PbRegion;
typedef struct _PbCountryFact PbCountryFact;

#define PB_TYPE_COUNTRIES (pb_countries_get_type ())

G_DECLARE_FINAL_TYPE (PbCountries, pb_countries, PB, COUNTRIES, GObject)

/* Strict loading: a malformed file, a missing field, a code that is not two
 * capital letters or a duplicate code is an error naming the file. */
PbCountries        *pb_countries_new_from_file         (GFile         *file,
                                                        GError       **error);
/* @display_name is used in error messages. */
PbCountries        *pb_countries_new_from_bytes        (GBytes        *bytes,
                                                        const char    *display_name,
                                                        GError       **error);
/* The shipped file, questionnaires/countries.json under pb_data_get_dir(),
 * loaded once per process. Returns a new reference. */
PbCountries        *pb_countries_load_default          (GError       **error);

const char         *pb_countries_get_version           (PbCountries   *self);
/* YYYY-MM-DD: when the facts were last reviewed. */
const char         *pb_countries_get_reviewed          (PbCountries   *self);
const char         *pb_countries_get_display_name      (PbCountries   *self);
/* Countries sorted by code. */
guint               pb_countries_get_n_countries       (PbCountries   *self);
PbCountry          *pb_countries_get_country           (PbCountries   *self,
                                                        guint          index);
/* @code: ISO 3166-1 alpha-2, case-insensitive. NULL when unknown. */
PbCountry          *pb_countries_lookup                (PbCountries   *self,
                                                        const char    *code);
/* @region_id: a region code such as "xuar", as used by the questionnaire. */
PbRegion           *pb_countries_lookup_region         (PbCountries   *self,
                                                        const char    *region_id);
/* The full title of a source id used by facts, or NULL. */
const char         *pb_countries_get_source_title      (PbCountries   *self,
                                                        const char    *source_id);

const char         *pb_country_get_code                (PbCountry     *country);
/* The ISO 3166-1 English short name. */
const char         *pb_country_get_name                (PbCountry     *country);
/* Freedom House status as the questionnaire codes it ("free",
 * "partly-free", "not-free"), or NULL when the data records none. */
const char         *pb_country_get_fiw_status          (PbCountry     *country);
/* 0..100, or -1 when the data records none. */
int                 pb_country_get_fiw_score           (PbCountry     *country);
const char         *pb_country_get_fotn_status         (PbCountry     *country);
int                 pb_country_get_fotn_score          (PbCountry     *country);
/* @kind: "political-embargo", "binding-embargo" or "monitoring-ban", the
 * codes of question S2.03. */
gboolean            pb_country_has_measure             (PbCountry     *country,
                                                        const char    *kind);
/* Every recorded fact (index ratings and measures) with its source. */
guint               pb_country_get_n_facts             (PbCountry     *country);
PbCountryFact      *pb_country_get_fact                (PbCountry     *country,
                                                        guint          index);
guint               pb_country_get_n_regions           (PbCountry     *country);
PbRegion           *pb_country_get_region              (PbCountry     *country,
                                                        guint          index);

const char         *pb_region_get_id                   (PbRegion      *region);
const char         *pb_region_get_name                 (PbRegion      *region);
PbCountry          *pb_region_get_country              (PbRegion      *region);
/* "persecution" or "conflict". */
const char         *pb_region_get_concern              (PbRegion      *region);
guint               pb_region_get_n_facts              (PbRegion      *region);
PbCountryFact      *pb_region_get_fact                 (PbRegion      *region,
                                                        guint          index);

/* "fiw", "fotn", a measure kind, or a finding such as "un-finding". */
const char         *pb_country_fact_get_kind           (PbCountryFact *fact);
const char         *pb_country_fact_get_title          (PbCountryFact *fact);
/* YYYY, YYYY-MM or YYYY-MM-DD, or NULL when the data gives none. */
const char         *pb_country_fact_get_date           (PbCountryFact *fact);
const char         *pb_country_fact_get_reference      (PbCountryFact *fact);
/* A source id, see pb_countries_get_source_title(). */
const char         *pb_country_fact_get_source         (PbCountryFact *fact);
/* "V" verified, "P" partly verified, "K" to re-check (REFERENCE-DATA.md). */
const char         *pb_country_fact_get_confidence     (PbCountryFact *fact);

G_END_DECLS
