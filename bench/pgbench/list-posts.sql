-- What GET /posts?limit=10&offset=... runs: the page, then its total counted up to
-- Post.COUNT_LIMIT (Post.pageVisible; 100 000 posts always fill the page, so it counts).
\set offset 10 * random(0, :pages - 1)
\set viewer random(1, :users)
select p1_0.id, p1_0.content, p1_0.created_at, p1_0.owner_id, o1_0.id, o1_0.created_at, o1_0.email,
       o1_0.password_hash, p1_0.published, p1_0.title, p1_0.updated_at
from posts p1_0 join users o1_0 on o1_0.id = p1_0.owner_id
where (p1_0.published = true or o1_0.id = :viewer)
order by p1_0.created_at desc, p1_0.id desc
offset :offset rows fetch first 10 rows only;
select count(*) from (
  select p1_0.id from posts p1_0 where (p1_0.published = true or p1_0.owner_id = :viewer)
  order by p1_0.created_at desc, p1_0.id desc fetch first 10000 rows only) visible;
