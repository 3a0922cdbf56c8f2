-- Baseline of GET /posts/{id}: what a minimal implementation needs, one statement by primary
-- key returning only what the response shows (the post, its owner's id and email), when the
-- viewer may see it (published, or the viewer's own draft).
\set id random(1, :posts)
\set viewer random(1, :users)
select p.id, p.title, p.content, p.published, p.created_at, p.updated_at, p.owner_id, u.email
from posts p join users u on u.id = p.owner_id
where p.id = :id and (p.published or p.owner_id = :viewer);
