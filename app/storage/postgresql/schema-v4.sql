-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Probity's PostgreSQL schema, version 4 (after schema-v3.sql, in the same
-- transaction of `probity-cli db init`): searching the words of the cases
-- as a file's FTS5 index does (SCHEMA.md, "The case list and its search").
--
-- A search finds the cases whose answers, comments, evidence notes and
-- evidence file names, over all their revisions, hold every word typed, in
-- any order and any of them; the last word, from three bytes on, also as
-- the beginning of a longer word. Words as SQLite's unicode61 tokenizer
-- with remove_diacritics 2 reads them: runs of letters and digits, case
-- and accents ignored, each field cut at 8,000 characters, an answer's
-- JSON escapes (\n) read as breaks between words. The GIN indexes serve
-- each word; nothing the client sends is query syntax.

SET LOCAL search_path = probity, pg_catalog;
SET LOCAL ROLE probity_owner;

-- Text as words: lower case, accents taken off (NFD, then the combining
-- marks dropped), and anything but letters and digits a space.
CREATE FUNCTION search_words (t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT pg_catalog.regexp_replace (
           pg_catalog.regexp_replace (pg_catalog.normalize (pg_catalog.lower (t), 'NFD'), '[\u0300-\u036f]+', '', 'g'),
           '[^[:alnum:]]+', ' ', 'g')
$$;

-- What an answer and an evidence file give the search: the fields of
-- search_source in a file.
CREATE FUNCTION answer_search (value text, comment text, evidence_note text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.to_tsvector ('pg_catalog.simple'::pg_catalog.regconfig, probity.search_words (
           pg_catalog.substr (pg_catalog.regexp_replace (value, '\\(u[0-9a-fA-F]{4}|.)', ' ', 'g'), 1, 8000)
           || ' ' || pg_catalog.substr (coalesce (comment, ''), 1, 8000)
           || ' ' || pg_catalog.substr (coalesce (evidence_note, ''), 1, 8000)))
$$;

CREATE FUNCTION file_search (file_name text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT pg_catalog.to_tsvector ('pg_catalog.simple'::pg_catalog.regconfig,
                                 probity.search_words (pg_catalog.substr (file_name, 1, 8000)))
$$;

CREATE INDEX answers_search ON answers USING gin (answer_search (value, comment, evidence_note));
CREATE INDEX evidence_search ON evidence USING gin (file_search (file_name));

-- One word typed as a query: its words in a row (a phrase, as FTS5 reads
-- "end-user"), the last of them also as a beginning when @prefix.
CREATE FUNCTION search_query (word text, prefix boolean) RETURNS tsquery
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT pg_catalog.to_tsquery ('pg_catalog.simple'::pg_catalog.regconfig,
           '''' || pg_catalog.btrim (probity.search_words (word)) || ''''
           || CASE WHEN prefix THEN ':*' ELSE '' END)
$$;

-- The cases that hold every one of @words (one a line; the client sends at
-- most 16 of 64 characters), the last from three bytes on also begun. It
-- reads as its caller, so row-level security keeps to the cases they see.
CREATE FUNCTION search_cases (words text) RETURNS SETOF text
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  WITH typed AS (
    SELECT word, n, n = max (n) OVER () AS last
      FROM pg_catalog.unnest (pg_catalog.string_to_array (words, E'\n')) WITH ORDINALITY AS u (word, n)
     WHERE probity.search_words (word) !~ '^ *$'),
  w AS (
    SELECT n, probity.search_query (word, last AND pg_catalog.octet_length (word) >= 3) AS q FROM typed)
  SELECT m.case_id
    FROM w, LATERAL (SELECT a.case_id FROM probity.answers a
                      WHERE probity.answer_search (a.value, a.comment, a.evidence_note) @@ w.q
                     UNION
                     SELECT e.case_id FROM probity.evidence e
                      WHERE probity.file_search (e.file_name) @@ w.q) m
   GROUP BY m.case_id
  HAVING count (*) = (SELECT count (*) FROM w) AND count (*) > 0
$$;

GRANT EXECUTE ON FUNCTION search_words (text), answer_search (text, text, text), file_search (text),
                          search_query (text, boolean), search_cases (text)
  TO probity_sales, probity_reviewer, probity_auditor, probity_admin;
REVOKE EXECUTE ON FUNCTION search_words (text), answer_search (text, text, text), file_search (text),
                           search_query (text, boolean), search_cases (text) FROM PUBLIC;

RESET ROLE;
