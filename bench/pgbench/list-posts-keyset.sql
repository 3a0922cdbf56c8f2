-- Baseline of GET /posts?limit=10&cursor=... (pgbench -D after_at=TIMESTAMP -D after_id=ID, the
-- last post of the page before): the page after a (created_at, id) position, which the list
-- index (posts_created_at_id_idx) seeks to directly, so a deep page costs what the first does;
-- what each row shows as in list-posts.sql.
\set viewer random(1, :users)
select p.id, p.title, p.content, p.published, p.created_at, p.updated_at, p.owner_id, u.email, u.name, p.votes,
       v.user_id is not null as voted
from posts p join users u on u.id = p.owner_id
left join votes v on v.post_id = p.id and v.user_id = :viewer
where (p.created_at, p.id) < (:after_at::timestamptz, :after_id::bigint)
  and (p.published or p.owner_id = :viewer)
order by p.created_at desc, p.id desc
limit 10;
