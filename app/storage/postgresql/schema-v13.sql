-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 13 (after schema-v12.sql, in the same
-- transaction of `probity-cli db init`).
--
-- - The answers fingerprint ordered question ids and file names by the
--   database's collation here and bytewise in a file: a case copied
--   between a file and a server whose database collates otherwise
--   (en_US.UTF-8, an ICU locale) failed `case verify`, and a decision
--   taken on it was refused. It orders them bytewise (COLLATE "C") here
--   too, as SCHEMA.md says.
--
-- tests/test-pg-team.sh copies a case through a Swedish database;
-- tests/test-pg-init.sh upgrades one holding a case sealed under 12.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- The answers fingerprint, bytewise ---------------------------------------------

-- As schema-v12.sql's, every text ORDER BY in "C": Probity orders a
-- fingerprint's rows bytewise in a file (SQLite's BINARY) and, from this
-- version, on a server. Seals recorded before keep the order of the
-- database's collation; Probity still accepts that order on this server
-- when it verifies one (pb_case_store_answers_fingerprint_holds()).
CREATE OR REPLACE FUNCTION answers_fingerprint (p_case text, p_revision bigint) RETURNS text
  LANGUAGE sql STABLE SET search_path = probity, pg_catalog, pg_temp
AS $$
  SELECT encode (sha256 (
    hash_field ('probity-answers-1') || hash_field (p_case) || hash_field (p_revision::text)
    || hash_field ((SELECT c.questionnaire_sha256 FROM cases c WHERE c.id = p_case))
    || coalesce ((SELECT string_agg (hash_field ('answer') || hash_field (a.question_id) || hash_field (a.value)
                                     || hash_field (a.comment) || hash_field (a.evidence_note), ''::bytea
                                     ORDER BY a.question_id COLLATE "C")
                    FROM answers a WHERE a.case_id = p_case AND a.revision = p_revision), ''::bytea)
    || coalesce ((SELECT string_agg (hash_field ('evidence') || hash_field (v.question_id) || hash_field (v.sha256)
                                     || hash_field (v.file_name) || hash_field (v.size::text), ''::bytea
                                     ORDER BY v.question_id COLLATE "C", v.sha256 COLLATE "C",
                                              v.file_name COLLATE "C")
                    FROM evidence v WHERE v.case_id = p_case AND v.revision = p_revision), ''::bytea)), 'hex')
$$;

RESET ROLE;
