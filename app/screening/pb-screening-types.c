/* pb-screening-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-screening-types.h"

G_DEFINE_QUARK (pb-screening-error-quark, pb_screening_error)
