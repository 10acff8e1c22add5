/* pb-report-template.h: branding, boilerplate and section order of a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-types.h"

G_BEGIN_DECLS

/* The parts of a report, in the default order. */
typedef enum
{
  PB_REPORT_PART_COVER,
  PB_REPORT_PART_SUMMARY,
  PB_REPORT_PART_HEAT_MAP,
  PB_REPORT_PART_FLAGS,
  PB_REPORT_PART_SCREENING,
  PB_REPORT_PART_ANSWERS,
  PB_REPORT_PART_UNANSWERED,
  PB_REPORT_PART_SIGN_OFF,
  PB_REPORT_PART_INTEGRITY,
  PB_REPORT_N_PARTS,
} PbReportPart;

typedef enum
{
  PB_REPORT_TEXT_TITLE,
  PB_REPORT_TEXT_INTRO,
  PB_REPORT_TEXT_METHOD,
  PB_REPORT_TEXT_DISCLAIMER,
  PB_REPORT_N_TEXTS,
} PbReportText;

typedef struct
{
  double red, green, blue;    /* 0..1 */
} PbReportColor;

#define PB_TYPE_REPORT_TEMPLATE (pb_report_template_get_type ())

G_DECLARE_FINAL_TYPE (PbReportTemplate, pb_report_template, PB, REPORT_TEMPLATE, GObject)

/* The built-in template: no organisation, the default texts (translated
 * from C), colours and order. */
PbReportTemplate   *pb_report_template_new              (void);
/* What a template file may weigh: its texts, in every language. */
#define PB_REPORT_TEMPLATE_MAX_SIZE (1024 * 1024)
/* A logo's PNG file, and its width and height in pixels: libharu holds
 * the whole image unpacked while it writes the report. */
#define PB_REPORT_LOGO_MAX_SIZE     (8 * 1024 * 1024)
#define PB_REPORT_LOGO_MAX_SIDE     4096

/* A GKeyFile template (templates/FORMAT.md) of at most
 * PB_REPORT_TEMPLATE_MAX_SIZE bytes, read with pb_file_load_bounded().
 * Errors name the file and the group and key at fault. Paths in it are
 * relative to its folder. */
PbReportTemplate   *pb_report_template_new_from_file    (GFile             *file,
                                                         GError           **error);
/* templates/default.report.ini of the data folder (pb_data_get_dir()). */
PbReportTemplate   *pb_report_template_new_default      (GError           **error);

const char         *pb_report_template_get_name         (PbReportTemplate  *self);
/* NULL when the template names none. */
const char         *pb_report_template_get_organisation (PbReportTemplate  *self);
/* An absolute path to a PNG, or NULL. */
const char         *pb_report_template_get_logo         (PbReportTemplate  *self);
/* Translated; a template's own text (in the current locale if it has one)
 * replaces the default. */
const char         *pb_report_template_get_text         (PbReportTemplate  *self,
                                                         PbReportText       text);
void                pb_report_template_get_accent       (PbReportTemplate  *self,
                                                         PbReportColor     *color);
void                pb_report_template_get_outcome_color (PbReportTemplate *self,
                                                         PbOutcome          outcome,
                                                         PbReportColor     *color);
void                pb_report_template_get_level_color  (PbReportTemplate  *self,
                                                         PbSeverity         level,
                                                         PbReportColor     *color);
/* The parts to render, in order. The sign-off and integrity parts are
 * always present. */
const PbReportPart *pb_report_template_get_parts        (PbReportTemplate  *self,
                                                         guint             *n_parts);
/* "cover", "summary", "heat-map", "flags", "screening", "answers",
 * "unanswered", "sign-off", "integrity" */
const char         *pb_report_part_to_string            (PbReportPart       part);
gboolean            pb_report_part_from_string          (const char        *str,
                                                         PbReportPart      *part);
/* TrueType fonts: regular and bold for Latin, Greek and Cyrillic, and one
 * for CJK (a .ttc face index in *index). */
const char         *pb_report_template_get_font         (PbReportTemplate  *self,
                                                         const char        *which,
                                                         guint             *index);

G_END_DECLS
