-- What POST /posts runs in its transaction: the owner by id, then the insert.
\set owner random(1, :users)
begin;
select u1_0.id, u1_0.created_at, u1_0.email, u1_0.password_hash from users u1_0 where u1_0.id = :owner;
insert into posts (content, created_at, owner_id, published, title, updated_at)
values ('Written by pgbench to measure POST /posts.', now(), :owner, true, 'Benchmark post', now())
returning id;
commit;
