/* pb-list-entry.h: one entry of a restricted-party list, as published
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  PB_LIST_ENTRY_KIND_UNKNOWN,
  PB_LIST_ENTRY_KIND_PERSON,
  PB_LIST_ENTRY_KIND_ENTITY,
  PB_LIST_ENTRY_KIND_VESSEL,
  PB_LIST_ENTRY_KIND_AIRCRAFT,
} PbListEntryKind;

typedef enum
{
  PB_LIST_NAME_PRIMARY,
  PB_LIST_NAME_ALIAS,
  PB_LIST_NAME_WEAK_ALIAS,   /* "low quality" a.k.a. (UN, EU, UK) */
  PB_LIST_NAME_FORMER,       /* f.k.a. */
} PbListNameKind;

/* A name as the list gives it: @text in its original script. @match is the
 * form the screening layer compares (pb_name_normalize()); the store keeps
 * it beside the name but it is not part of the entry's published content. */
typedef struct
{
  char           *text;
  PbListNameKind  kind;
  char           *lang;     /* language or script as published, or NULL */
  char           *match;
} PbListName;

typedef struct
{
  char *type;      /* as published: "Passport", "IMO number", ... */
  char *number;
  char *country;   /* ISO 3166 alpha-2 when the list gives or implies one */
} PbListIdentifier;

/* An entry of a list edition. Every string is as published (trimmed),
 * except countries, which are ISO 3166 alpha-2 codes when the list's text
 * could be mapped to one. Arrays hold char * unless noted. */
typedef struct
{
  char            *source_id;     /* the publisher's reference */
  char            *source_list;   /* within an aggregate: "SDN", "Entity List (EL)", ... */
  PbListEntryKind  kind;
  GPtrArray       *names;         /* PbListName */
  GPtrArray       *programmes;    /* programme or regime */
  GPtrArray       *countries;
  GPtrArray       *addresses;     /* one line each */
  GPtrArray       *identifiers;   /* PbListIdentifier */
  GPtrArray       *birth_dates;
  char            *legal_basis;   /* regulation, resolution, Federal Register notice */
  char            *listed_on;     /* as published */
  char            *remarks;

  /*< private >*/
  gatomicrefcount  ref_count;
} PbListEntry;

#define PB_TYPE_LIST_ENTRY (pb_list_entry_get_type ())

GType            pb_list_entry_get_type        (void) G_GNUC_CONST;
PbListEntry     *pb_list_entry_new             (void);
PbListEntry     *pb_list_entry_ref             (PbListEntry      *self);
void             pb_list_entry_unref           (PbListEntry      *self);

/* Each adds a copy of @text, stripped; blank text and repeats are ignored.
 * Returns the added name, or NULL. */
PbListName      *pb_list_entry_add_name        (PbListEntry      *self,
                                                const char       *text,
                                                PbListNameKind    kind,
                                                const char       *lang);
/* Makes @text the primary name, first of the names; another primary name
 * becomes an alias. */
void             pb_list_entry_set_primary_name (PbListEntry     *self,
                                                const char       *text);
void             pb_list_entry_add_programme   (PbListEntry      *self,
                                                const char       *text);
void             pb_list_entry_add_country     (PbListEntry      *self,
                                                const char       *text);
void             pb_list_entry_add_address     (PbListEntry      *self,
                                                const char       *text);
void             pb_list_entry_add_birth_date  (PbListEntry      *self,
                                                const char       *text);
void             pb_list_entry_add_identifier  (PbListEntry      *self,
                                                const char       *type,
                                                const char       *number,
                                                const char       *country);
/* Appends to the remarks, one paragraph each. */
void             pb_list_entry_add_remark      (PbListEntry      *self,
                                                const char       *text);

/* The primary name, else the first one; NULL when the entry has none. */
const char      *pb_list_entry_get_name        (PbListEntry      *self);

/* The entry as compact JSON with its members in a fixed order: the same
 * entry always gives the same bytes, whose SHA-256 identifies it. */
char            *pb_list_entry_to_json         (PbListEntry      *self);
PbListEntry     *pb_list_entry_new_from_json   (const char       *json,
                                                GError          **error);

/* "person", "entity", "vessel", "aircraft", "unknown" */
const char      *pb_list_entry_kind_to_string  (PbListEntryKind   kind);
PbListEntryKind  pb_list_entry_kind_from_string (const char      *str);
/* "primary", "alias", "weak-alias", "former" */
const char      *pb_list_name_kind_to_string   (PbListNameKind    kind);
PbListNameKind   pb_list_name_kind_from_string (const char       *str);
/* For people, translated: "person", "alias"; the strings above are codes. */
const char      *pb_list_entry_kind_get_label  (PbListEntryKind   kind);
const char      *pb_list_name_kind_get_label   (PbListNameKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbListEntry, pb_list_entry_unref)

G_END_DECLS
