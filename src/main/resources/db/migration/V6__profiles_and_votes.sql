-- Profiles: a display name (optional for an account registered on Postwire's own path, required
-- by the original service's) and an age that only its owner sees.
ALTER TABLE users ADD COLUMN name VARCHAR(100);
ALTER TABLE users ADD COLUMN age SMALLINT CONSTRAINT users_age_range CHECK (age BETWEEN 0 AND 150);

-- Votes: one row per user and post, and the count kept beside the post, so that no read of a
-- post or a page counts rows. The vote and the count change in one transaction.
ALTER TABLE posts ADD COLUMN votes INTEGER NOT NULL DEFAULT 0 CONSTRAINT posts_votes_not_negative CHECK (votes >= 0);
CREATE TABLE votes (
    post_id    BIGINT      NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, user_id)
);
-- A user's votes, and the foreign key's check when a user goes.
CREATE INDEX votes_user_id_idx ON votes (user_id);
