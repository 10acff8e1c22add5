/* pb-citation.h: legal citations as each language writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @citation (a <ref> of a questionnaire, or of the reference data) as the
 * thread's language writes it (pb-i18n.h). Only the words of a citation of
 * an EU act or of the UN Guiding Principles are translated, into the form
 * the official language versions of the Official Journal use ("Regulation
 * (EU) 2021/821, Art. 5(2)" is "Règlement (UE) 2021/821, art. 5, par. 2" in
 * French); the designations (numbers, years, article, paragraph and point
 * numbers, list entries) are kept exactly. Anything else is an identifier or
 * a title as published (15 CFR 748.3, A/HRC/41/35, a report's title) and is
 * returned as it is. The stored and exported citation is always the
 * original; this is for people to read. */
char *pb_citation_format (const char *citation);

/* pb_citation_format() of each of @citations, NULL-terminated. */
char **pb_citation_format_all (const char * const *citations);

G_END_DECLS
