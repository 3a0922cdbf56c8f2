-- The rows of the original FastAPI service that the conversion must carry over, as one line per
-- table: its count and an MD5 of every row in the form Postwire stores it (emails trimmed and
-- lower-cased, $2b$ hashes as $2a$, NULL published as true, each post with its vote count).
SELECT 'users ' || count(*) || ' ' || md5(string_agg(lower(btrim(email)) || '|' || name || '|' || age || '|' || regexp_replace(password, '^\$2b\$', '$2a$'), ',' ORDER BY lower(btrim(email)))) FROM users;
SELECT 'posts ' || count(*) || ' ' || md5(string_agg(p.id || '|' || title || '|' || content || '|' || coalesce(published, true) || '|' || created_at || '|' || lower(btrim(owner_id)) || '|' || coalesce(v.n, 0), ',' ORDER BY p.id)) FROM posts p LEFT JOIN (SELECT post_id, count(*) AS n FROM votes GROUP BY post_id) v ON v.post_id = p.id;
SELECT 'votes ' || count(*) || ' ' || md5(string_agg(post_id || '|' || lower(btrim(user_id)), ',' ORDER BY post_id, lower(btrim(user_id)))) FROM votes;
