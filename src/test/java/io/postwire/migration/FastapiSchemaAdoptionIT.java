package io.postwire.migration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.postwire.support.RunningJar;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.restassured.http.ContentType;

/**
 * The packaged jar started on a database of the original FastAPI service, built with its DDL and
 * passlib's kind of hashes ($2b$): refused without the setting, converted with it (every row and
 * login checked), and refused with rows it cannot take; each refusal or failure changes nothing.
 * A Postwire database meanwhile migrates as it always did.
 */
class FastapiSchemaAdoptionIT {

    private static final int PORT = RunningJar.portAfterTestPort(7);
    private static final String DATABASE = "postwire_adopt_it";
    private static final String JDBC_URL = System.getenv()
            .getOrDefault("POSTWIRE_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/postwire_test")
            .replaceFirst("/[^/?]+(\\?|$)", "/" + DATABASE + "$1");
    private static final Map<String, String> ON_THE_ORIGINAL = Map.of("quarkus.datasource.jdbc.url", JDBC_URL);
    private static final Map<String, String> ADOPTING = Map.of("quarkus.datasource.jdbc.url", JDBC_URL,
            FastapiSchemaAdoption.SETTING, "true");

    /** The original's tables, exactly as its SQLAlchemy models create them. */
    private static final String ORIGINAL_DDL = """
            CREATE TABLE users (email VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, password VARCHAR NOT NULL,
                                age INTEGER NOT NULL);
            CREATE TABLE posts (id SERIAL PRIMARY KEY, title VARCHAR NOT NULL, content VARCHAR NOT NULL,
                                published BOOLEAN DEFAULT TRUE, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                                owner_id VARCHAR NOT NULL REFERENCES users(email) ON DELETE CASCADE);
            CREATE TABLE votes (user_id VARCHAR REFERENCES users(email) ON DELETE CASCADE,
                                post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE, PRIMARY KEY (user_id, post_id));
            """;

    record OriginalUser(String email, String name, String password, int age) {
    }

    record OriginalPost(int id, String title, String content, Boolean published, OffsetDateTime createdAt, String owner) {
    }

    record OriginalVote(String user, int post) {
    }

    private static final OriginalUser ADA = new OriginalUser("Ada@Example.COM", "Ada Lovelace", "ada", 36);
    private static final OriginalUser BOB = new OriginalUser("bob@example.com", "Bob", "correct horse battery staple", 0);
    private static final OriginalUser CAROL = new OriginalUser("carol@example.com", "Çarol", "pässwörd", 150);
    private static final List<OriginalUser> USERS = List.of(ADA, BOB, CAROL);
    private static final List<OriginalPost> POSTS = List.of(
            new OriginalPost(3, "published unset", "NULL counts as published", null,
                    OffsetDateTime.parse("2024-01-02T03:04:05.123456Z"), ADA.email()),
            new OriginalPost(7, "a draft", "not published", false, OffsetDateTime.parse("2024-02-03T04:05:06Z"),
                    BOB.email()),
            new OriginalPost(8, "published", "ünïcode ✓", true, OffsetDateTime.parse("2024-03-04T05:06:07.5Z"),
                    CAROL.email()),
            new OriginalPost(12, "t".repeat(255), "c".repeat(100_000), true,
                    OffsetDateTime.parse("2024-04-05T06:07:08Z"), BOB.email()));
    private static final List<OriginalVote> VOTES = List.of(new OriginalVote(ADA.email(), 3),
            new OriginalVote(BOB.email(), 3), new OriginalVote(CAROL.email(), 3), new OriginalVote(ADA.email(), 8),
            new OriginalVote(BOB.email(), 12));
    /** Where the original's id sequence had got to: posts 13 to 20 were deleted. */
    private static final int LAST_ID_HANDED_OUT = 20;

    @BeforeEach
    void theOriginalsDatabase() throws IOException, InterruptedException, SQLException {
        ProcessBuilder builder = new ProcessBuilder("scripts/local-postgres.sh").inheritIO();
        builder.environment().put("POSTWIRE_RECREATE", "1");
        builder.environment().put("POSTWIRE_DATABASES", DATABASE);
        assertEquals(0, builder.start().waitFor(), "scripts/local-postgres.sh could not recreate " + DATABASE);
        execute(ORIGINAL_DDL);
        for (OriginalUser user : USERS) {
            update("INSERT INTO users (email, name, password, age) VALUES (?, ?, ?, ?)", user.email(), user.name(),
                    passlibHash(user.password()), user.age());
        }
        for (OriginalPost post : POSTS) {
            update("INSERT INTO posts (id, title, content, published, created_at, owner_id) VALUES (?, ?, ?, ?, ?, ?)",
                    post.id(), post.title(), post.content(), post.published(), post.createdAt(), post.owner());
        }
        for (OriginalVote vote : VOTES) {
            update("INSERT INTO votes (user_id, post_id) VALUES (?, ?)", vote.user(), vote.post());
        }
        execute("SELECT setval('posts_id_seq', " + LAST_ID_HANDED_OUT + ")");
    }

    @Test
    void withoutTheSettingTheStartIsRefusedNamingItAndNothingChanges() throws Exception {
        String before = snapshot();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RunningJar.start(PORT, ON_THE_ORIGINAL).close());

        assertAll(() -> assertTrue(refused.getMessage().startsWith("The jar exited with 1"), refused.getMessage()),
                () -> assertTrue(refused.getMessage().contains(FastapiSchemaAdoption.SETTING + "=true"),
                        refused.getMessage()),
                () -> assertTrue(refused.getMessage().contains(FastapiSchemaAdoption.SETTING_ENV + "=true"),
                        refused.getMessage()),
                () -> assertEquals(before, snapshot()),
                () -> assertEquals(List.of(), historyTables()));
    }

    @Test
    void withTheSettingEveryRowAndLoginComesAlong() throws Exception {
        List<String> hashes = column("SELECT password FROM users ORDER BY email");

        try (RunningJar jar = RunningJar.start(PORT, ADOPTING)) {
            assertEquals(List.of("ada@example.com Ada Lovelace 36", "bob@example.com Bob 0", "carol@example.com Çarol 150"),
                    column("SELECT concat_ws(' ', email, name, age) FROM users ORDER BY email"));
            assertEquals(hashes.stream().map(hash -> hash.replaceFirst("^\\$2b\\$", "\\$2a\\$")).toList(),
                    column("SELECT password_hash FROM users ORDER BY email"));
            for (OriginalPost post : POSTS) {
                assertEquals(List.of(String.join(" | ", String.valueOf(post.id()), post.title(), post.content(),
                        String.valueOf(post.published() == null || post.published()), "true", "true",
                        post.owner().toLowerCase(), String.valueOf(votesFor(post)))),
                        column("SELECT concat_ws(' | ', p.id, p.title, p.content, p.published::text, "
                                + "(p.created_at = ?)::text, (p.updated_at = p.created_at)::text, u.email, p.votes) FROM posts p JOIN users u ON u.id = p.owner_id "
                                + "WHERE p.id = ?", post.createdAt(), post.id()));
            }
            assertEquals(VOTES.stream().map(vote -> vote.post() + " " + vote.user().toLowerCase()).sorted().toList(),
                    column("SELECT v.post_id || ' ' || u.email FROM votes v JOIN users u ON u.id = v.user_id ORDER BY 1"));
            assertEquals(List.of("0", "0.1", "1", "2", "3", "4", "5", "6", "6.0.1"),
                    column("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank").subList(0, 9));
            assertEquals(List.of(), column("SELECT nspname FROM pg_namespace WHERE nspname = 'fastapi_original'"));

            String token = null;
            for (OriginalUser user : USERS) {
                token = given().port(jar.port()).formParam("username", user.email()).formParam("password", user.password())
                        .post("/login").then().statusCode(200).extract().path("access_token");
            }
            int newId = given().port(jar.port()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("title", "after the switch", "content", "new")).post("/posts")
                    .then().statusCode(201).body("owner.email", equalTo(CAROL.email()))
                    .extract().path("id");
            assertTrue(newId > LAST_ID_HANDED_OUT, "new post id " + newId);
            given().port(jar.port()).auth().oauth2(token).get("/posts/{id}", 3)
                    .then().statusCode(200).body("title", equalTo("published unset")).body("published", equalTo(true));
        }
    }

    @Test
    void accountsThatCollideOnceLowerCasedAndRowsTooLargeStopTheConversionUnchanged() throws Exception {
        update("INSERT INTO users (email, name, password, age) VALUES (?, ?, ?, ?)", "ADA@example.com", "Other Ada",
                passlibHash("other"), 151);
        update("INSERT INTO posts (id, title, content, owner_id) VALUES (?, ?, ?, ?)", 13, "t".repeat(256), "long title",
                BOB.email());
        String before = snapshot();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RunningJar.start(PORT, ADOPTING).close());

        assertAll(() -> assertTrue(refused.getMessage().contains(
                "accounts 'ADA@example.com', 'Ada@Example.COM' are one account once lower-cased"), refused.getMessage()),
                () -> assertTrue(refused.getMessage().contains("account 'ADA@example.com': age 151 outside 0 to 150"),
                        refused.getMessage()),
                () -> assertTrue(refused.getMessage().contains("post 13: title over 255 characters"), refused.getMessage()),
                () -> assertEquals(before, snapshot()),
                () -> assertEquals(List.of(), historyTables()));
    }

    @Test
    void aFailureHalfWayLeavesTheOriginalAsItWas() throws Exception {
        // an object of the original's deployment that the conversion may not drop with its tables
        execute("CREATE VIEW post_titles AS SELECT id, title FROM posts");
        String before = snapshot();

        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> RunningJar.start(PORT, ADOPTING).close());

        assertTrue(failed.getMessage().contains("cannot drop table fastapi_original.posts"), failed.getMessage());
        assertEquals(before, snapshot());
        // Flyway records its baseline before the conversion's transaction: that row is all that remains.
        assertEquals(List.of("0 BASELINE"), column("SELECT version || ' ' || type FROM flyway_schema_history"));
    }

    @Test
    void aPostwireDatabaseMigratesAsBeforeWithoutTheConversionsSteps() throws Exception {
        execute("DROP TABLE votes, posts, users");
        Flyway.configure().dataSource(JDBC_URL, "postwire", "postwire").locations("classpath:db/migration")
                .target("5").load().migrate();

        // the setting on, as a deployment may leave it: it concerns the original's tables only
        RunningJar.start(PORT, ADOPTING).close();

        assertEquals(List.of("1 SQL", "2 SQL", "3 SQL", "4 SQL", "5 SQL", "6 SQL"),
                column("SELECT version || ' ' || type FROM flyway_schema_history ORDER BY installed_rank").subList(0, 6));
        assertEquals(List.of(), column("SELECT version FROM flyway_schema_history WHERE type <> 'SQL' OR NOT success"));
    }

    private static int votesFor(OriginalPost post) {
        return (int) VOTES.stream().filter(vote -> vote.post() == post.id()).count();
    }

    /** As passlib writes them: bcrypt with the $2b$ prefix (the cost kept low to stay quick). */
    private static String passlibHash(String password) {
        return BcryptUtil.bcryptHash(password, 4).replaceFirst("^\\$2a\\$", "\\$2b\\$");
    }

    private static List<String> historyTables() throws SQLException {
        return column("SELECT relname FROM pg_class WHERE relname LIKE 'flyway_schema_history%'");
    }

    /**
     * Every relation but Flyway's history (checked apart), every column, constraint and row of the
     * original's tables, and their id sequence's position, as text.
     */
    private static String snapshot() throws SQLException {
        List<String> parts = new ArrayList<>();
        parts.addAll(column("SELECT n.nspname || '.' || c.relname || ' ' || c.relkind::text FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND n.nspname NOT LIKE 'pg_toast%' AND c.relname NOT LIKE 'flyway_schema_history%' ORDER BY 1"));
        parts.addAll(column("SELECT concat_ws(' ', table_schema, table_name, column_name, data_type, is_nullable, "
                + "column_default) FROM information_schema.columns WHERE table_schema = 'public' "
                + "AND table_name IN ('users', 'posts', 'votes') ORDER BY table_name, ordinal_position"));
        parts.addAll(column("SELECT conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid::regclass::text IN ('users', 'posts', 'votes') ORDER BY 1"));
        for (String table : List.of("users", "posts", "votes")) {
            parts.addAll(column("SELECT t::text FROM " + table + " t ORDER BY 1"));
        }
        parts.addAll(column("SELECT last_value || ' ' || is_called FROM posts_id_seq"));
        return String.join("\n", parts);
    }

    private static List<String> column(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.executeUpdate();
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC_URL, "postwire", "postwire");
    }
}
