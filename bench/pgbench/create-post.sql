-- Baseline of POST /posts: the insert alone, returning what the response adds to the request (the
-- owner's id and email come from the verified token, so a minimal implementation reads nothing).
\set owner random(1, :users)
insert into posts (title, content, published, created_at, updated_at, owner_id)
values ('Benchmark post', 'Written by pgbench to measure POST /posts.', true, now(), now(), :owner)
returning id, created_at, updated_at;
