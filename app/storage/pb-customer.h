/* pb-customer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A customer, reusable across cases. Identified by a stable uid that survives export and import.
 * Immutable: the store fills it in; its properties are read-only. */
#define PB_TYPE_CUSTOMER (pb_customer_get_type ())

G_DECLARE_FINAL_TYPE (PbCustomer, pb_customer, PB, CUSTOMER, GObject)

const char         *pb_customer_get_uid         (PbCustomer *self);
const char         *pb_customer_get_name        (PbCustomer *self);
const char * const *pb_customer_get_aliases     (PbCustomer *self);
const char         *pb_customer_get_country     (PbCustomer *self);
const char         *pb_customer_get_entity_type (PbCustomer *self);
const char         *pb_customer_get_notes       (PbCustomer *self);
const char         *pb_customer_get_created     (PbCustomer *self);

G_END_DECLS
