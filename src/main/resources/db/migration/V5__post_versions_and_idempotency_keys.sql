-- Every change of a post bumps its version (JPA @Version): the post's strong ETag, so that
-- If-Match can refuse a write based on a stale read (lost update).
ALTER TABLE posts ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Idempotency-Key of POST /posts, per user: the first request claims the key (response_status
-- null while it runs), and its 201 response is kept until expires_at for the retries.
CREATE TABLE idempotency_keys (
    user_id            BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    idempotency_key    VARCHAR(255) NOT NULL,
    request_hash       CHAR(64)     NOT NULL,
    claimed_at         TIMESTAMPTZ  NOT NULL,
    expires_at         TIMESTAMPTZ  NOT NULL,
    response_status    SMALLINT,
    response_location  VARCHAR(255),
    response_body      TEXT,
    PRIMARY KEY (user_id, idempotency_key)
);
-- The purge deletes expired keys without reading the others.
CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
