/* pb-product.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A product, reusable across cases.
 * Immutable: the store fills it in; its properties are read-only. */
#define PB_TYPE_PRODUCT (pb_product_get_type ())

G_DECLARE_FINAL_TYPE (PbProduct, pb_product, PB, PRODUCT, GObject)

const char         *pb_product_get_uid          (PbProduct *self);
const char         *pb_product_get_name         (PbProduct *self);
const char         *pb_product_get_version      (PbProduct *self);
const char         *pb_product_get_family       (PbProduct *self);
const char * const *pb_product_get_capabilities (PbProduct *self);
const char         *pb_product_get_created      (PbProduct *self);

G_END_DECLS
