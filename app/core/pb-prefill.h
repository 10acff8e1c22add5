/* pb-prefill.h: questions filled in from the country reference data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer.h"
#include "pb-countries.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

PbAnswer *pb_prefill_reference_answer (PbQuestion     *question,
                                       PbCountries    *countries,
                                       const PbAnswer *country_answer);
/* The references (act and article) of the measures recorded for the
 * country that stand for choice @code of a measures question. */
GPtrArray *pb_prefill_measure_references (PbQuestion     *question,
                                          PbCountries    *countries,
                                          const PbAnswer *country_answer,
                                          const char     *code);
PbAnswer *pb_prefill_effective_answer (PbQuestion     *question,
                                       const PbAnswer *reference,
                                       const PbAnswer *answer,
                                       gboolean       *overridden);

G_END_DECLS
