-- Baseline of GET /posts?limit=10&search=topicNNN: the page query with the substring search
-- (ilike on title or content, '%' and '_' never occur in the terms), answered from the trigram
-- GIN indexes of V2. The matching ids come first, in a materialized CTE: that is the plan PostgreSQL
-- chooses for a rare term's custom plan, and this shape keeps it in the generic plan that a
-- prepared statement settles on (the plain query's generic plan walks the list index past every
-- post that does not match). Each topic matches 100 of 100 000 posts (bench/seed.sql). What each
-- row shows as in list-posts.sql.
\set topic random(0, :topics - 1)
\set viewer random(1, :users)
with matching as materialized (
  select id from posts
  where title ilike '%topic' || lpad(:topic::text, 3, '0') || '%'
     or content ilike '%topic' || lpad(:topic::text, 3, '0') || '%')
select p.id, p.title, p.content, p.published, p.created_at, p.updated_at, p.owner_id, u.email, u.name, p.votes,
       v.user_id is not null as voted
from matching m join posts p on p.id = m.id join users u on u.id = p.owner_id
left join votes v on v.post_id = p.id and v.user_id = :viewer
where p.published or p.owner_id = :viewer
order by p.created_at desc, p.id desc
limit 10;
