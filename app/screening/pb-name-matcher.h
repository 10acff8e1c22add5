/* pb-name-matcher.h: scoring one name against another, with the reasons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A token of a match form with what the matcher needs precomputed. */
typedef struct
{
  const char *text;       /* ASCII, without the weak mark */
  const char *skeleton;   /* pb_name_skeleton() */
  guint8      length;
  guint8      weak : 1;
} PbToken;

typedef enum
{
  PB_TOKEN_MATCH_EXACT,      /* the same token */
  PB_TOKEN_MATCH_PHONETIC,   /* the same skeleton: a romanisation variant */
  PB_TOKEN_MATCH_FUZZY,      /* Jaro-Winkler: a typo, a spelling */
  PB_TOKEN_MATCH_INITIAL,    /* "J" for "John" */
  PB_TOKEN_MATCH_ACRONYM,    /* "IRGC" for "Islamic Revolutionary Guard Corps" */
  PB_TOKEN_MATCH_ABBREVIATION, /* "Tech" for "Technology" beside other words that agree */
} PbTokenMatchKind;

/* Which tokens of the query matched which of the listed name. Spans of
 * more than one token are written together ("jin ping" for "jinping"). */
typedef struct
{
  guint8            query_first;
  guint8            query_length;
  guint8            listed_first;
  guint8            listed_length;
  PbTokenMatchKind  kind;
  double            similarity;
} PbTokenMatch;

/* The score of one name pair and how it was reached. */
typedef struct
{
  double        score;              /* 0..1 */
  double        query_coverage;     /* weighted share of the query's tokens found */
  double        listed_coverage;    /* weighted share of the listed name's tokens found */
  guint         n_matches;
  PbTokenMatch  matches[16];
} PbNameScore;

/* Names keep at most this many tokens for matching. */
#define PB_NAME_MAX_TOKENS 16

/* The default threshold of a hit, tuned on tests/data/screening/name-pairs.tsv. */
#define PB_NAME_MATCH_THRESHOLD 0.85

/* Remembers token comparisons for one query: screening a name against many
 * listed names compares the same tokens again and again. The listed
 * tokens' text must be interned (the same text, the same pointer). */
typedef struct _PbNameCache PbNameCache;

PbNameCache *pb_name_cache_new  (void);
void         pb_name_cache_free (PbNameCache *cache);

/* Scores @listed against @query (token-set matching: word order and
 * missing middle names cost little; each token pair is compared exactly,
 * by phonetic skeleton and by Jaro-Winkler; spans of up to three tokens
 * are compared joined, so "Xi Jin Ping" meets "Xi Jinping"). */
double  pb_name_score               (const PbToken *query,
                                     guint          n_query,
                                     const PbToken *listed,
                                     guint          n_listed,
                                     PbNameCache   *cache,
                                     PbNameScore   *explanation);

/* Jaro-Winkler similarity of two byte strings, prefix scale 0.1 over at
 * most four characters. */
double  pb_jaro_winkler             (const char    *a,
                                     gsize          a_length,
                                     const char    *b,
                                     gsize          b_length);

/* The same over code points. */
double  pb_jaro_winkler_ucs4        (const gunichar *a,
                                     gsize           a_length,
                                     const gunichar *b,
                                     gsize           b_length);

/* The baseline the matcher is measured against: Jaro-Winkler of the two
 * whole names, case folded, white space collapsed (the approach of OFAC's
 * Sanctions List Search). */
double  pb_name_baseline_score      (const char    *query,
                                     const char    *listed);
/* The form the baseline compares: case folded, runs of white space as one
 * space, as code points; for callers that prepare a list once. */
gunichar *pb_name_baseline_form     (const char    *name,
                                     glong         *length);

/* Splits a match form (pb_name_normalize()) into @tokens, whose strings
 * point into @storage, which must outlive them. Returns the number of
 * tokens (at most PB_NAME_MAX_TOKENS). */
guint   pb_name_tokenize            (const char    *match_form,
                                     GStringChunk  *storage,
                                     PbToken       *tokens);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbNameCache, pb_name_cache_free)

G_END_DECLS
