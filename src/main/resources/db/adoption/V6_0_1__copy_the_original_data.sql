-- The last step of adopting the original FastAPI service's database: its rows, set aside by
-- step 0.1, copied into the schema that V1 to V6 created, then the original's tables dropped.
-- Written against V6's schema and run right after V6, so later migrations meet these rows as
-- they meet any Postwire database's. The start checked beforehand, reading only, that every
-- row fits (FastapiSchemaAdoption); the constraints below would refuse one that does not.

-- Emails are stored trimmed and lower-cased (users_email_normalised), so the original's
-- case-sensitive keys become that form, and every reference to them is joined through it.
-- passlib writes bcrypt hashes with the $2b$ prefix, which Elytron's bcrypt does not read;
-- $2a$ is the same algorithm (2b only fixed the handling of passwords over 255 bytes, which
-- bcrypt truncates to 72 anyway), so the hash is kept with the prefix Postwire reads.
INSERT INTO users (email, password_hash, name, age)
SELECT lower(btrim(email)), regexp_replace(password, '^\$2b\$', '$2a$'), name, age
FROM fastapi_original.users
ORDER BY email;

-- Every post keeps its id, text, creation time and owner; NULL in the original's published
-- counted as published. The vote count is computed once here, as Postwire keeps it.
INSERT INTO posts (id, title, content, published, created_at, updated_at, owner_id, votes)
SELECT original.id, original.title, original.content, coalesce(original.published, TRUE),
       original.created_at, original.created_at, owner.id, coalesce(counted.votes, 0)
FROM fastapi_original.posts original
JOIN users owner ON owner.email = lower(btrim(original.owner_id))
LEFT JOIN (SELECT post_id, count(*) AS votes FROM fastapi_original.votes GROUP BY post_id) counted
       ON counted.post_id = original.id;

INSERT INTO votes (post_id, user_id)
SELECT original.post_id, voter.id
FROM fastapi_original.votes original
JOIN users voter ON voter.email = lower(btrim(original.user_id));

-- New posts continue after the original's: past its highest id and past where its sequence
-- had got to (ids of posts deleted at the end are not handed out again either).
SELECT setval(pg_get_serial_sequence('posts', 'id'),
              greatest((SELECT coalesce(max(id), 0) FROM posts),
                       coalesce(pg_sequence_last_value(pg_get_serial_sequence('fastapi_original.posts', 'id')::regclass), 0))
                  + 1,
              FALSE);

-- No CASCADE: an object of the original's deployment that depends on these tables (a view,
-- say) stops the conversion, and is kept with everything else, instead of vanishing.
DROP TABLE fastapi_original.votes;
DROP TABLE fastapi_original.posts;
DROP TABLE fastapi_original.users;
DROP SCHEMA fastapi_original;

-- The planner's statistics for the rows just loaded, before the first request needs them.
ANALYZE users;
ANALYZE posts;
ANALYZE votes;
