-- Bulk seed for bench/run.sh (psql -v users=N -v posts=N -v hash=BCRYPT).
-- Users user1..userN@bench.example (named "User N") share the password "bench-password" (one valid
-- bcrypt hash at the configured cost). Posts are published, one a minute back in
-- time, spread over the users; "topicNNN" (000-999) in every title makes searches
-- that match 1/1000 of the posts.
insert into users (email, password_hash, created_at, name)
select format('user%s@bench.example', n), :'hash', now() - interval '1 year', format('User %s', n)
from generate_series(1, :users) n;

insert into posts (title, content, published, created_at, updated_at, owner_id)
select format('Post %s about topic%s', n, lpad((n % 1000)::text, 3, '0')),
       format('Notes number %s. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod '
              'tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud '
              'exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat (%s).', n, md5(n::text)),
       true, t.at, t.at, 1 + n % :users
from generate_series(1, :posts) n
cross join lateral (select now() - (:posts - n) * interval '1 minute' as at) t;

-- Two votes per post on average, from users other than its owner, with each post's count beside it.
insert into votes (post_id, user_id, created_at)
select distinct p, 1 + (p * 7 + k * 131) % :users, now()
from generate_series(1, :posts) p cross join generate_series(1, 2) k
where 1 + (p * 7 + k * 131) % :users <> 1 + p % :users;
update posts set votes = v.n from (select post_id, count(*) n from votes group by post_id) v where posts.id = v.post_id;

vacuum analyze users;
vacuum analyze posts;
vacuum analyze votes;
