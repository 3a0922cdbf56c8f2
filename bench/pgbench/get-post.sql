-- Baseline of GET /posts/{id}: what a minimal implementation needs, one statement by primary
-- key returning only what the response shows (the post with its votes count, its owner's id,
-- email and name, and whether the viewer voted: a primary-key probe of votes), when the viewer
-- may see it (published, or the viewer's own draft).
\set id random(1, :posts)
\set viewer random(1, :users)
select p.id, p.title, p.content, p.published, p.created_at, p.updated_at, p.owner_id, u.email, u.name, p.votes,
       v.user_id is not null as voted
from posts p join users u on u.id = p.owner_id
left join votes v on v.post_id = p.id and v.user_id = :viewer
where p.id = :id and (p.published or p.owner_id = :viewer);
