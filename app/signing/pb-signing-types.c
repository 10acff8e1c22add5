/* pb-signing-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-signing-types.h"

G_DEFINE_QUARK (pb-signing-error-quark, pb_signing_error)
