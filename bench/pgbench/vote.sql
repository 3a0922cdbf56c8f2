-- Baseline of PUT /posts/{id}/vote: what a minimal implementation needs in one statement: the vote
-- recorded once per user and post, when the voter may see the post, and the post's count raised
-- only when the vote is new (so that the count stays the number of votes).
\set post random(1, :posts)
\set voter random(1, :users)
with visible as (
  select id from posts where id = :post and (published or owner_id = :voter)
), new_vote as (
  insert into votes (post_id, user_id) select id, :voter from visible
  on conflict (post_id, user_id) do nothing
  returning post_id
)
update posts set votes = votes + 1, version = version + 1 where id in (select post_id from new_vote);
