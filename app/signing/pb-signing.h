/* pb-signing.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-signing-types.h"
#include "pb-signer.h"
#include "pb-pdf-signer.h"
#include "pb-pdf-ltv.h"
#include "pb-pdf-validation.h"
#include "pb-timestamp.h"
