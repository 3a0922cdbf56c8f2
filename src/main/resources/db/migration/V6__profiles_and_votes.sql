-- Profiles: a display name (optional when registering through POST /users, so nullable)
-- and an age, shown only to its owner; both came with the original service's accounts.
ALTER TABLE users ADD COLUMN name VARCHAR(100);
ALTER TABLE users ADD COLUMN age SMALLINT CONSTRAINT users_age_range CHECK (age BETWEEN 0 AND 150);

-- Votes: one row per user and post (the primary key makes a second vote impossible), and
-- their count kept beside the post, changed in the same transaction as the rows, so that
-- reading a post or a page never counts rows.
ALTER TABLE posts ADD COLUMN votes INTEGER NOT NULL DEFAULT 0 CONSTRAINT posts_votes_not_negative CHECK (votes >= 0);

CREATE TABLE votes (
    post_id    BIGINT      NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, user_id)
);
-- The primary key serves a post's votes; this one a user's (their "voted" flags, and the
-- cascade when an account is deleted).
CREATE INDEX votes_user_id_idx ON votes (user_id);
