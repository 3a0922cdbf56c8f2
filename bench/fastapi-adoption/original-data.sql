-- The original FastAPI service's tables (its DDL) with 10 000 users, 100 000 posts and 200 000 votes.
-- psql -v hash=<a bcrypt hash> supplies every password hash.
CREATE TABLE users (email VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, password VARCHAR NOT NULL, age INTEGER NOT NULL);
CREATE TABLE posts (id SERIAL PRIMARY KEY, title VARCHAR NOT NULL, content VARCHAR NOT NULL, published BOOLEAN DEFAULT TRUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), owner_id VARCHAR NOT NULL REFERENCES users(email) ON DELETE CASCADE);
CREATE TABLE votes (user_id VARCHAR REFERENCES users(email) ON DELETE CASCADE, post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE, PRIMARY KEY (user_id, post_id));
-- mixed-case emails, one bcrypt ($2b$, cost 4) hash for all: the conversion never hashes
INSERT INTO users SELECT 'User' || i || '@Example.com', 'User ' || i, :'hash', i % 100 FROM generate_series(1, 10000) i;
INSERT INTO posts (title, content, published, created_at, owner_id)
SELECT 'Post ' || i, repeat('content of post ' || i || ' ', 20),
       CASE i % 10 WHEN 0 THEN NULL WHEN 1 THEN FALSE ELSE TRUE END,
       timestamptz '2025-01-01' + i * interval '1 minute', 'User' || (1 + i % 10000) || '@Example.com'
FROM generate_series(1, 100000) i;
-- two votes per post, from two different users
INSERT INTO votes SELECT 'User' || (1 + (p + k * 5000) % 10000) || '@Example.com', p
FROM generate_series(1, 100000) p, generate_series(0, 1) k;
