-- Search is a case-insensitive substring of title or content (ILIKE '%text%'), which
-- no B-tree can serve: without these, every search and its count read the whole table.
-- Trigram GIN indexes find the candidate rows for ILIKE patterns of 3+ characters.
-- pg_trgm ships with PostgreSQL and is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX posts_title_trgm_idx ON posts USING gin (title gin_trgm_ops);
CREATE INDEX posts_content_trgm_idx ON posts USING gin (content gin_trgm_ops);
