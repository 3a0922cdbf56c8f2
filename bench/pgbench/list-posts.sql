-- Baseline of GET /posts?limit=10&offset=N (pgbench -D offset=N): the page query alone, what the
-- response shows of the posts the viewer may see, newest first, owners and the viewer's votes
-- joined, each post's votes count beside it (no count of votes rows). No count of the posts:
-- whether and how far to count is the service's choice (X-Total-Count), not PostgreSQL's limit.
\set viewer random(1, :users)
select p.id, p.title, p.content, p.published, p.created_at, p.updated_at, p.owner_id, u.email, u.name, p.votes,
       v.user_id is not null as voted
from posts p join users u on u.id = p.owner_id
left join votes v on v.post_id = p.id and v.user_id = :viewer
where p.published or p.owner_id = :viewer
order by p.created_at desc, p.id desc
offset :offset limit 10;
