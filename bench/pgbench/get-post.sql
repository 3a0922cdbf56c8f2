-- What GET /posts/{id} runs (Hibernate's SQL for Post.findVisible), by a random viewer.
\set id random(1, :posts)
\set viewer random(1, :users)
select p1_0.id, p1_0.content, p1_0.created_at, p1_0.owner_id, o1_0.id, o1_0.created_at, o1_0.email,
       o1_0.password_hash, p1_0.published, p1_0.title, p1_0.updated_at
from posts p1_0 join users o1_0 on o1_0.id = p1_0.owner_id
where p1_0.id = :id and (p1_0.published = true or o1_0.id = :viewer)
fetch first 1 rows only;
