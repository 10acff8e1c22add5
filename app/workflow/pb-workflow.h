/* pb-workflow.h: what the GUI and the CLI both do with a case, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-copying.h"
#include "pb-case-creation.h"
#include "pb-case-rescreening.h"
#include "pb-history-anchoring.h"
#include "pb-report-signing.h"
#include "pb-report-verification.h"
