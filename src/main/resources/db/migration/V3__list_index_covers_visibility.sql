-- The list order's index also carries what the visibility test reads (published, owner_id),
-- so that counting the first 1 001 visible posts for X-Total-Count is an index-only scan
-- instead of a heap fetch per post. Same name and order as V1's index, which it replaces.
-- A plain (locking) CREATE INDEX: on a large existing table, build it CONCURRENTLY by hand first.
DROP INDEX posts_created_at_id_idx;
CREATE INDEX posts_created_at_id_idx ON posts (created_at DESC, id DESC) INCLUDE (published, owner_id);
