/* pb-report-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-report-types.h"

G_DEFINE_QUARK (pb-report-error-quark, pb_report_error)
