-- The same fingerprint as fingerprint-original.sql, read from the converted Postwire tables:
-- equal lines mean nothing was lost or altered.
SELECT 'users ' || count(*) || ' ' || md5(string_agg(email || '|' || name || '|' || age || '|' || password_hash, ',' ORDER BY email)) FROM users;
SELECT 'posts ' || count(*) || ' ' || md5(string_agg(p.id || '|' || title || '|' || content || '|' || published || '|' || p.created_at || '|' || u.email || '|' || p.votes, ',' ORDER BY p.id)) FROM posts p JOIN users u ON u.id = p.owner_id;
SELECT 'votes ' || count(*) || ' ' || md5(string_agg(v.post_id || '|' || u.email, ',' ORDER BY v.post_id, u.email)) FROM votes v JOIN users u ON u.id = v.user_id;
