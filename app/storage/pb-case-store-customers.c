/* pb-case-store-customers.c: the customers and products cases are made for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-store-private.h"
#include "pb-db-statements.h"

/* Each of the @n_fields @fields (NULL: empty) holds at most
 * PB_FIELD_MAX_SIZE bytes, as on a team server; @what names them. */
static gboolean
check_fields_size (const char         *what,
                   const char * const *fields,
                   gsize               n_fields,
                   GError            **error)
{
  for (gsize i = 0; i < n_fields; i++)
    if (!_pb_case_store_check_size (fields[i], PB_FIELD_MAX_SIZE, what, error))
      return FALSE;

  return TRUE;
}

/* Public API: customers and products ------------------------------------------- */

/* Whether a new customer's fields may be stored (before any write). */
static gboolean
check_new_customer (const char   *name,
                    const char   *aliases_text,
                    const char   *country,
                    const char   *entity_type,
                    const char   *notes,
                    GError      **error)
{
  if (_pb_case_store_is_blank (name))
    {
      g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                           _("A customer needs a name"));
      return FALSE;
    }

  return check_fields_size (_("A customer’s name, aliases, country, type or notes"),
                            (const char *[]) { name, aliases_text, country, entity_type, notes }, 5, error);
}

char *
_pb_case_store_insert_customer (PbCaseStore        *self,
                                const char         *name,
                                const char * const *aliases,
                                const char         *country,
                                const char         *entity_type,
                                const char         *notes,
                                GError            **error)
{
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *now = _pb_case_store_now_iso8601 ();
  g_autofree char *aliases_text = _pb_case_store_strv_join_lines (aliases);

  if (!check_new_customer (name, aliases_text, country, entity_type, notes, error))
    return NULL;

  /* The uid the row is stored under: a server picks one of its own for
   * a sales person or reviewer (schema-v16.sql, key_minted ()). */
  return pb_db_run_returning_text (self->db,
                                   PB_SQL ("INSERT INTO customers (uid, name, aliases, country, entity_type,"
                                           "                       notes, created)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING uid"),
                                   error, 7, uid, name, aliases_text, country ? country : "",
                                   entity_type ? entity_type : "", notes ? notes : "", now);
}

static PbCustomer *
add_customer_once (PbCaseStore        *self,
                   const char         *name,
                   const char * const *aliases,
                   const char         *country,
                   const char         *entity_type,
                   const char         *notes,
                   GError            **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autofree char *stored_uid = NULL;
  g_autofree char *aliases_text = _pb_case_store_strv_join_lines (aliases);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_new_customer (name, aliases_text, country, entity_type, notes, error))
    return NULL;

  if (!_pb_case_store_check_actor (self, FALSE, NULL, error) ||
      !_pb_case_store_check_creator (self, error) ||
      !_pb_case_store_begin (self, error))
    return NULL;

  if (!(stored_uid = _pb_case_store_insert_customer (self, name, aliases, country, entity_type, notes, error)) ||
      !_pb_case_store_commit (self, error))
    {
      _pb_case_store_rollback (self);
      return NULL;
    }

  return pb_case_store_get_customer (self, stored_uid, error);
}

PbCustomer *
pb_case_store_add_customer (PbCaseStore        *self,
                            const char         *name,
                            const char * const *aliases,
                            const char         *country,
                            const char         *entity_type,
                            const char         *notes,
                            GError            **error)
{
  return _PB_CASE_STORE_RETRYING (self, NULL, error,
    add_customer_once (self, name, aliases, country, entity_type, notes, error));
}

PbCustomer *
pb_case_store_find_customer (PbCaseStore  *self,
                             const char   *name,
                             GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return _pb_case_store_query_row (self,
                                   PB_SQL ("SELECT " CUSTOMER_COLUMNS " FROM customers"
                                           " WHERE pb_casefold (name) = pb_casefold (?1) ORDER BY created LIMIT 1"),
                                   name, (RowFunc)_pb_case_store_customer_from_row, error);
}

PbCustomer *
pb_case_store_get_customer (PbCaseStore  *self,
                            const char   *uid,
                            GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GError) local_error = NULL;
  PbCustomer *customer;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  customer = _pb_case_store_query_row (self, PB_SQL ("SELECT " CUSTOMER_COLUMNS " FROM customers WHERE uid = ?1"),
                                       uid, (RowFunc)_pb_case_store_customer_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (customer == NULL)
    /* Translators: a customer id, then a file name */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                 _("There is no customer “%s” in %s"), uid, self->path);

  return customer;
}

GListModel *
pb_case_store_list_customers (PbCaseStore  *self,
                              GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT " CUSTOMER_COLUMNS " FROM customers ORDER BY lower (name), uid"), error)))
    return NULL;

  return _pb_case_store_collect (self, stmt, PB_TYPE_CUSTOMER, (RowFunc)_pb_case_store_customer_from_row, error);
}

/* Whether a new product's fields may be stored (before any write). */
static gboolean
check_new_product (const char   *name,
                   const char   *version,
                   const char   *family,
                   const char   *capabilities_text,
                   GError      **error)
{
  if (_pb_case_store_is_blank (name))
    {
      g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                           _("A product needs a name"));
      return FALSE;
    }

  return check_fields_size (_("A product’s name, version, family or capabilities"),
                            (const char *[]) { name, version, family, capabilities_text }, 4, error);
}

char *
_pb_case_store_insert_product (PbCaseStore        *self,
                               const char         *name,
                               const char         *version,
                               const char         *family,
                               const char * const *capabilities,
                               GError            **error)
{
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *now = _pb_case_store_now_iso8601 ();
  g_autofree char *capabilities_text = _pb_case_store_strv_join_lines (capabilities);

  if (!check_new_product (name, version, family, capabilities_text, error))
    return NULL;

  /* As a customer's. */
  return pb_db_run_returning_text (self->db,
                                   PB_SQL ("INSERT INTO products (uid, name, version, family, capabilities, created)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING uid"),
                                   error, 6, uid, name, version ? version : "", family ? family : "",
                                   capabilities_text, now);
}

static PbProduct *
add_product_once (PbCaseStore        *self,
                  const char         *name,
                  const char         *version,
                  const char         *family,
                  const char * const *capabilities,
                  GError            **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autofree char *stored_uid = NULL;
  g_autofree char *capabilities_text = _pb_case_store_strv_join_lines (capabilities);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_new_product (name, version, family, capabilities_text, error))
    return NULL;

  if (!_pb_case_store_check_actor (self, FALSE, NULL, error) ||
      !_pb_case_store_check_creator (self, error) ||
      !_pb_case_store_begin (self, error))
    return NULL;

  if (!(stored_uid = _pb_case_store_insert_product (self, name, version, family, capabilities, error)) ||
      !_pb_case_store_commit (self, error))
    {
      _pb_case_store_rollback (self);
      return NULL;
    }

  return pb_case_store_get_product (self, stored_uid, error);
}

PbProduct *
pb_case_store_add_product (PbCaseStore        *self,
                           const char         *name,
                           const char         *version,
                           const char         *family,
                           const char * const *capabilities,
                           GError            **error)
{
  return _PB_CASE_STORE_RETRYING (self, NULL, error,
    add_product_once (self, name, version, family, capabilities, error));
}

PbProduct *
pb_case_store_find_product (PbCaseStore  *self,
                            const char   *name,
                            GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return _pb_case_store_query_row (self,
                                   PB_SQL ("SELECT " PRODUCT_COLUMNS " FROM products"
                                           " WHERE pb_casefold (name) = pb_casefold (?1) ORDER BY created LIMIT 1"),
                                   name, (RowFunc)_pb_case_store_product_from_row, error);
}

PbProduct *
pb_case_store_get_product (PbCaseStore  *self,
                           const char   *uid,
                           GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GError) local_error = NULL;
  PbProduct *product;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  product = _pb_case_store_query_row (self, PB_SQL ("SELECT " PRODUCT_COLUMNS " FROM products WHERE uid = ?1"),
                                      uid, (RowFunc)_pb_case_store_product_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (product == NULL)
    /* Translators: a product id, then a file name */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                 _("There is no product “%s” in %s"), uid, self->path);

  return product;
}

GListModel *
pb_case_store_list_products (PbCaseStore  *self,
                             GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT " PRODUCT_COLUMNS " FROM products ORDER BY lower (name), uid"), error)))
    return NULL;

  return _pb_case_store_collect (self, stmt, PB_TYPE_PRODUCT, (RowFunc)_pb_case_store_product_from_row, error);
}
