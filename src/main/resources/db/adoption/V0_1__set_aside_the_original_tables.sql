-- The first step of adopting the original FastAPI service's database (only ever run on one:
-- io.postwire.migration.FastapiSchemaAdoption). Its tables move to a schema of their own, with
-- their keys, indexes and the posts' id sequence, so that Postwire's own migrations (V1 onwards)
-- then create their tables under the same names exactly as on an empty database; the copy step
-- after the last of them that this conversion knows (V6) fills them and drops these.
--
-- Every step of the conversion runs in one transaction (Flyway's group mode): a failure
-- anywhere rolls this move back too, and the original's tables stay where and as they were.
-- A large database takes longer than the statement timeout each connection sets.
SET LOCAL statement_timeout = 0;

CREATE SCHEMA fastapi_original;
ALTER TABLE votes SET SCHEMA fastapi_original;
ALTER TABLE posts SET SCHEMA fastapi_original;
ALTER TABLE users SET SCHEMA fastapi_original;
