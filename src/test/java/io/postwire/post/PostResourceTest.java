package io.postwire.post;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.postwire.support.Problems.assertProblem;
import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.TestDatabase;
import io.postwire.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

@QuarkusTest
class PostResourceTest {

    @Inject
    TestDatabase database;

    @Inject
    SessionFactory sessionFactory;

    // --- authentication -----------------------------------------------------

    static Stream<Arguments> everyWrite() {
        return Stream.of(
                Arguments.of("POST", "/posts"),
                Arguments.of("PUT", "/posts/1"),
                Arguments.of("DELETE", "/posts/1"),
                Arguments.of("PUT", "/posts/1/vote"),
                Arguments.of("DELETE", "/posts/1/vote"));
    }

    static Stream<Arguments> everyEndpoint() {
        return Stream.concat(Stream.of(Arguments.of("GET", "/posts"), Arguments.of("GET", "/posts/1")), everyWrite());
    }

    @ParameterizedTest
    @MethodSource("everyWrite")
    void everyWriteNeedsABearerToken(String method, String path) {
        assertBearerChallenge(given().contentType(ContentType.JSON).body(validPost()).request(method, path).then());
    }

    @ParameterizedTest
    @MethodSource("everyEndpoint")
    void everyEndpointRejectsABadToken(String method, String path) {
        long userId = Accounts.register().id();
        for (String token : List.of("garbage", "a.b.c", Tokens.expired(userId), Tokens.signedByAnotherKey(userId),
                Tokens.unsigned(userId), Tokens.fromAnotherIssuer(userId), Tokens.withSubject("not-a-number"))) {
            assertBearerChallenge(given().auth().oauth2(token).contentType(ContentType.JSON).body(validPost())
                    .request(method, path).then());
        }
    }

    @ParameterizedTest
    @MethodSource("everyEndpoint")
    void tokenWithoutTheUserGroupIs403(String method, String path) {
        long userId = Accounts.register().id();
        assertProblem(given().auth().oauth2(Tokens.withoutUserGroup(userId)).contentType(ContentType.JSON)
                .body(validPost()).request(method, path).then(), 403);
    }

    // --- create -------------------------------------------------------------

    @Test
    void createReturns201WithThePostAndItsOwner() {
        Account owner = Accounts.register();
        var created = create(owner, Map.of("title", "Hello", "content", "First post", "published", false))
                .statusCode(201)
                .body("id", notNullValue())
                .body("title", equalTo("Hello"))
                .body("content", equalTo("First post"))
                .body("published", equalTo(false))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("owner_id", equalTo((int) owner.id()))
                .body("owner.id", equalTo((int) owner.id()))
                .body("owner.email", equalTo(owner.email()))
                .body("owner.size()", equalTo(2))
                .extract();
        long id = created.jsonPath().getLong("id");
        assertTrue(created.header("Location").endsWith("/posts/" + id));

        // What was returned is what was stored.
        owner.request().get("/posts/{id}", id).then().statusCode(200)
                .body("created_at", equalTo(created.path("created_at")))
                .body("updated_at", equalTo(created.path("updated_at")));
    }

    @Test
    void publishedDefaultsToTrue() {
        create(Accounts.register(), Map.of("title", "t", "content", "c")).statusCode(201).body("published", equalTo(true));
    }

    static Stream<Arguments> invalidPosts() {
        return Stream.of(
                Arguments.of(Map.of("content", "c"), "title"),
                Arguments.of(Map.of("title", "   ", "content", "c"), "title"),
                Arguments.of(Map.of("title", "x".repeat(256), "content", "c"), "title"),
                Arguments.of(Map.of("title", "t"), "content"),
                Arguments.of(Map.of("title", "t", "content", ""), "content"),
                Arguments.of(Map.of("title", "t", "content", "x".repeat(100_001)), "content"),
                Arguments.of(Map.of("title", "t", "content", "c", "published", "maybe"), "published"),
                Arguments.of(Map.of("title", List.of("t"), "content", "c"), "title"));
    }

    @ParameterizedTest
    @MethodSource("invalidPosts")
    void invalidPostIs422NamingTheFieldAndNothingIsStored(Map<String, Object> body, String field) {
        Account owner = Accounts.register();
        assertViolation(create(owner, body), field);
        assertEquals(0, database.count("select count(*) from posts where owner_id = ?", owner.id()));
    }

    /** PostgreSQL refuses NUL and would turn a lone surrogate into '?': neither is stored. */
    @ParameterizedTest
    @ValueSource(strings = { "\\u0000", "\\ud800" })
    void textPostgresCannotStoreIs422AndNothingIsStored(String jsonEscape) {
        Account owner = Accounts.register();
        assertViolation(owner.request().contentType(ContentType.JSON)
                .body("{\"title\": \"bad" + jsonEscape + "text\", \"content\": \"c\"}")
                .post("/posts").then(), "title");
        assertEquals(0, database.count("select count(*) from posts where owner_id = ?", owner.id()));
    }

    @Test
    void emojiAndOtherSupplementaryCharactersAreStoredIntact() {
        String title = "Grinning \uD83D\uDE00 and \uD834\uDD1E";
        long id = createdId(Accounts.register(), title, true);
        assertEquals(title, database.value("select title from posts where id = ?", id));
    }

    @Test
    void longestValidTitleAndContentAreAccepted() {
        create(Accounts.register(), Map.of("title", "t".repeat(255), "content", "c".repeat(100_000))).statusCode(201);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(Accounts.register().request().contentType(ContentType.JSON).body("{\"title\": ")
                .post("/posts").then(), 400);
    }

    // --- list ---------------------------------------------------------------

    @Test
    void listIsNewestFirstWithTheTotalCountHeader() {
        Account owner = Accounts.register();
        String tag = tag();
        List<Long> ids = Stream.of("one", "two", "three")
                .map(n -> createdId(owner, tag + " " + n, true))
                .toList();

        owner.request().queryParam("search", tag).get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", "3")
                .body("id", contains(ids.get(2).intValue(), ids.get(1).intValue(), ids.get(0).intValue()))
                .body("owner.email", contains(owner.email(), owner.email(), owner.email()));
    }

    @Test
    void listTotalCountsEveryPostTheCallerMaySeeUpToTheCountLimit() {
        Account caller = Accounts.register();
        createdId(caller, "mine " + tag(), false);
        long expected = database.count("select count(*) from posts where published or owner_id = ?", caller.id());
        var response = caller.request().get("/posts").then().statusCode(200)
                .body("$", hasSize((int) Math.min(expected, 10)));
        if (expected <= PostListing.COUNT_LIMIT) {
            response.header("X-Total-Count", String.valueOf(expected));
        } else {
            response.header("X-Total-Count", nullValue());
        }
    }

    @Test
    void pastTheCountLimitTheTotalIsCountedOnlyWhenAskedForOrOnTheLastPage() {
        Account owner = Accounts.register();
        String tag = tag();
        int posts = PostListing.COUNT_LIMIT + 1;
        bulkInsert(owner, tag, posts);

        owner.request().queryParam("search", tag).get("/posts").then().statusCode(200)
                .header("X-Total-Count", nullValue())
                .header("Preference-Applied", nullValue())
                .body("$", hasSize(10));
        owner.request().queryParam("search", tag).header("Prefer", "return=minimal, count=exact").get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", String.valueOf(posts))
                .header("Preference-Applied", "count=exact")
                .body("$", hasSize(10));
        owner.request().queryParam("search", tag).queryParam("offset", posts - 1).get("/posts").then().statusCode(200)
                .header("X-Total-Count", String.valueOf(posts))
                .body("$", hasSize(1));
    }

    @Test
    void upToTheCountLimitTheTotalIsExactOnEveryPage() {
        Account owner = Accounts.register();
        String tag = tag();
        bulkInsert(owner, tag, PostListing.COUNT_LIMIT);
        owner.request().queryParam("search", tag).queryParam("offset", 500).get("/posts").then().statusCode(200)
                .header("X-Total-Count", String.valueOf(PostListing.COUNT_LIMIT));
    }

    @Test
    void cursorsWalkTheWholeListInOrderThroughLinkHeaders() {
        Account owner = Accounts.register();
        String tag = tag();
        List<Long> ids = Stream.of("1", "2", "3", "4", "5").map(n -> createdId(owner, tag + " " + n, true)).toList();
        database.update("update posts set created_at = ? where id in (?, ?)",
                Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")), ids.get(1), ids.get(2));

        List<Integer> seen = new ArrayList<>();
        String next = "/posts?limit=2&search=" + tag;
        int pages = 0;
        while (next != null) {
            var page = owner.request().urlEncodingEnabled(false).get(next).then().statusCode(200).extract();
            seen.addAll(page.jsonPath().getList("id", Integer.class));
            next = nextLink(page.header("Link"));
            pages++;
        }
        // Newest first; the two older posts (same instant) by id, descending.
        assertEquals(List.of(ids.get(4).intValue(), ids.get(3).intValue(), ids.get(0).intValue(),
                ids.get(2).intValue(), ids.get(1).intValue()), seen);
        assertEquals(3, pages);
    }

    @Test
    void anOffsetPageLinksToTheNextPageByCursorKeepingTheQuery() {
        Account owner = Accounts.register();
        String tag = tag();
        List<Long> ids = Stream.of("1", "2", "3").map(n -> createdId(owner, tag + " " + n, true)).toList();

        String link = owner.request().queryParam("search", tag).queryParam("limit", 1).queryParam("offset", 1)
                .get("/posts").then().statusCode(200).body("id", contains(ids.get(1).intValue()))
                .extract().header("Link");
        String next = nextLink(link);
        assertTrue(next.startsWith("/posts?") && next.contains("search=" + tag) && next.contains("limit=1")
                && next.contains("cursor=") && !next.contains("offset"), link);
        owner.request().urlEncodingEnabled(false).get(next).then().statusCode(200)
                .body("id", contains(ids.get(0).intValue()))
                .header("Link", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "cursor=abc", "cursor=MTIz", "cursor=not%20a%20cursor", "cursor=MS4yLjM&offset=0" })
    void aCursorThatIsNotOneOrComesWithAnOffsetIs422(String query) {
        String parameter = query.contains("offset") ? "offset" : "cursor";
        assertViolation(Accounts.register().request().urlEncodingEnabled(false).get("/posts?" + query).then(),
                parameter);
    }

    @Test
    void postsCreatedAtTheSameInstantKeepAStableOrderById() {
        Account owner = Accounts.register();
        String tag = tag();
        long first = createdId(owner, tag + " a", true);
        long second = createdId(owner, tag + " b", true);
        long third = createdId(owner, tag + " c", true);
        database.update("update posts set created_at = ? where owner_id = ?",
                Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")), owner.id());

        for (int i = 0; i < 3; i++) {
            owner.request().queryParam("search", tag).get("/posts").then()
                    .body("id", contains((int) third, (int) second, (int) first));
        }
    }

    @Test
    void limitAndOffsetPageThroughTheList() {
        Account owner = Accounts.register();
        String tag = tag();
        List<Long> ids = Stream.of("1", "2", "3", "4", "5").map(n -> createdId(owner, tag + " " + n, true)).toList();

        owner.request().queryParam("search", tag).queryParam("limit", 2).queryParam("offset", 1).get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", "5")
                .body("id", contains(ids.get(3).intValue(), ids.get(2).intValue()));
        owner.request().queryParam("search", tag).queryParam("limit", 2).queryParam("offset", 4).get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", "5")
                .body("id", contains(ids.get(0).intValue()));
        owner.request().queryParam("search", tag).queryParam("offset", 5).get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", "5")
                .body("$", empty());
    }

    @Test
    void defaultPageSizeIs10() {
        Account owner = Accounts.register();
        String tag = tag();
        for (int i = 0; i < 11; i++) {
            createdId(owner, tag + " " + i, true);
        }
        owner.request().queryParam("search", tag).get("/posts")
                .then().statusCode(200).header("X-Total-Count", "11").body("$", hasSize(10));
    }

    @ParameterizedTest
    @ValueSource(strings = { "limit=0", "limit=101", "limit=-1", "limit=abc", "limit=1.5", "offset=-1", "offset=x",
            "offset=99999999999" })
    void outOfRangePagingIs422NamingTheParameter(String query) {
        String parameter = query.substring(0, query.indexOf('='));
        assertViolation(Accounts.register().request().get("/posts?" + query).then(), parameter);
    }

    /** The search is never stored, but PostgreSQL still refuses a NUL in it. */
    @Test
    void searchWithANulCharacterIs422() {
        assertProblem(Accounts.register().request().queryParam("search", "a\u0000b").get("/posts").then(), 422);
    }

    @Test
    void limitOf100IsAccepted() {
        Accounts.register().request().queryParam("limit", 100).get("/posts").then().statusCode(200);
    }

    @Test
    void searchIsACaseInsensitiveSubstringOfTitleOrContent() {
        Account owner = Accounts.register();
        String tag = tag();
        long inTitle = createdId(owner, "About " + tag.toUpperCase() + " things", "nothing here", true);
        long inContent = createdId(owner, "Unrelated", "see " + tag + " inside", true);
        createdId(owner, "Neither", "nor this", true);

        owner.request().queryParam("search", tag.toLowerCase()).get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", "2")
                .body("id", contains((int) inContent, (int) inTitle));
    }

    @ParameterizedTest
    @ValueSource(strings = { "%", "_", "\\", "!" })
    void searchTakesWildcardCharactersLiterally(String wildcard) {
        Account owner = Accounts.register();
        String tag = tag();
        long literal = createdId(owner, tag + "a" + wildcard + "b", true);
        createdId(owner, tag + "axb", true);
        createdId(owner, tag + "ab", true);

        owner.request().queryParam("search", tag + "a" + wildcard + "b").get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("id", contains((int) literal));
    }

    @Test
    void listFetchesOwnersInTheSameQueryAsThePosts() {
        String tag = tag();
        List<Account> owners = Stream.generate(Accounts::register).limit(4).toList();
        owners.forEach(owner -> createdId(owner, tag, true));
        Account viewer = owners.get(0);

        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        viewer.request().queryParam("search", tag).queryParam("limit", 3).get("/posts")
                .then().statusCode(200).body("owner.email", hasSize(3)).header("X-Total-Count", "4");

        // One statement for the page (owners joined) and one for the count, whatever the page size,
        // after the one that has the search planned for its parameters.
        assertEquals(3, statistics.getPrepareStatementCount(), "statements for one list request");
        assertEquals(0, statistics.getEntityLoadCount(), "entities loaded by a read");
    }

    @Test
    void theLastPageGivesItsTotalWithoutACountQuery() {
        Account owner = Accounts.register();
        String tag = tag();
        for (int i = 0; i < 4; i++) {
            createdId(owner, tag + " " + i, true);
        }

        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        owner.request().queryParam("search", tag).get("/posts")
                .then().statusCode(200).body("$", hasSize(4)).header("X-Total-Count", "4");

        assertEquals(2, statistics.getPrepareStatementCount(), "statements for a list that fits one page");
    }

    // --- drafts -------------------------------------------------------------

    @Test
    void draftsAreVisibleOnlyToTheirOwner() {
        Account owner = Accounts.register();
        Account other = Accounts.register();
        String tag = tag();
        long draft = createdId(owner, tag + " draft", false);
        long published = createdId(owner, tag + " published", true);

        owner.request().get("/posts/{id}", draft).then().statusCode(200).body("published", equalTo(false));
        assertProblem(other.request().get("/posts/{id}", draft).then(), 404);

        owner.request().queryParam("search", tag).get("/posts")
                .then().header("X-Total-Count", "2").body("id", contains((int) published, (int) draft));
        other.request().queryParam("search", tag).get("/posts")
                .then().header("X-Total-Count", "1").body("id", contains((int) published));
        other.request().get("/posts").then().body("id", not(hasItem((int) draft)));
    }

    // --- read ---------------------------------------------------------------

    @Test
    void getReturnsThePostWithItsOwner() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Readable", true);
        Accounts.register().request().get("/posts/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("title", equalTo("Readable"))
                .body("owner.email", equalTo(owner.email()));
    }

    @Test
    void getReadsThePostAndItsOwnerInOneStatementWithoutLoadingEntities() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Once", true);
        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        owner.request().get("/posts/{id}", id).then().statusCode(200).body("owner.email", equalTo(owner.email()));
        assertEquals(1, statistics.getPrepareStatementCount(), "statements for one read");
        assertEquals(0, statistics.getEntityLoadCount(), "entities loaded by a read");
    }

    @Test
    void creatingForAUserThatNoLongerExistsIs401AndStoresNothing() {
        Account gone = Accounts.register();
        database.update("delete from users where id = ?", gone.id());
        assertBearerChallenge(create(gone, validPost()));
        assertEquals(0, database.count("select count(*) from posts where owner_id = ?", gone.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-5", "9223372036854775807", "99999999999999999999", "abc", "1.5", "%20" })
    void unknownOrMalformedIdIs404(String id) {
        assertProblem(Accounts.register().request().get("/posts/" + id).then(), 404);
    }

    // --- update -------------------------------------------------------------

    @Test
    void ownerReplacesTitleContentAndPublished() {
        Account owner = Accounts.register();
        var created = create(owner, Map.of("title", "Before", "content", "old", "published", true)).extract();
        long id = created.jsonPath().getLong("id");

        owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", "After", "content", "new", "published", false))
                .put("/posts/{id}", id)
                .then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("title", equalTo("After"))
                .body("content", equalTo("new"))
                .body("published", equalTo(false))
                .body("created_at", equalTo(created.path("created_at")))
                .body("updated_at", not(equalTo(created.path("updated_at"))))
                .body("owner.email", equalTo(owner.email()));

        owner.request().get("/posts/{id}", id).then().body("title", equalTo("After")).body("published", equalTo(false));
    }

    @Test
    void onlyTheOwnerMayUpdate() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Mine", true);
        assertProblem(Accounts.register().request().contentType(ContentType.JSON).body(validPost())
                .put("/posts/{id}", id).then(), 403);
        owner.request().get("/posts/{id}", id).then().body("title", equalTo("Mine"));
    }

    @Test
    void updatingAnUnknownPostIs404() {
        assertProblem(Accounts.register().request().contentType(ContentType.JSON).body(validPost())
                .put("/posts/{id}", Long.MAX_VALUE).then(), 404);
    }

    @Test
    void invalidUpdateIs422AndChangesNothing() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Original", true);
        assertViolation(owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", "", "content", "new content"))
                .put("/posts/{id}", id).then(), "title");
        owner.request().get("/posts/{id}", id).then()
                .body("title", equalTo("Original"))
                .body("content", equalTo("content of Original"));
    }

    @Test
    void updateWithANulCharacterIs422AndChangesNothing() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Original", true);
        assertViolation(owner.request().contentType(ContentType.JSON)
                .body("{\"title\": \"New\", \"content\": \"nul\\u0000here\"}")
                .put("/posts/{id}", id).then(), "content");
        owner.request().get("/posts/{id}", id).then().body("title", equalTo("Original"));
    }

    // --- delete -------------------------------------------------------------

    @Test
    void ownerDeletes() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Doomed", true);
        owner.request().delete("/posts/{id}", id).then().statusCode(204);
        assertProblem(owner.request().get("/posts/{id}", id).then(), 404);
        assertEquals(0, database.count("select count(*) from posts where id = ?", id));
    }

    /** A 204's only possible body is a problem: a client that accepts just that one (as the generated client does) is served. */
    @Test
    void deleteAcceptsAClientThatAcceptsOnlyProblems() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Doomed", true);
        owner.request().accept("application/problem+json").delete("/posts/{id}", id).then().statusCode(204);
    }

    @Test
    void onlyTheOwnerMayDelete() {
        Account owner = Accounts.register();
        long id = createdId(owner, "Keep", true);
        assertProblem(Accounts.register().request().delete("/posts/{id}", id).then(), 403);
        assertEquals(1, database.count("select count(*) from posts where id = ?", id));
    }

    @Test
    void anotherUsersDraftCannotBeUpdatedOrDeletedAndStaysHidden() {
        Account owner = Accounts.register();
        long draft = createdId(owner, "Secret", false);
        RequestSpecification other = Accounts.register().request();
        assertProblem(other.contentType(ContentType.JSON).body(validPost()).put("/posts/{id}", draft).then(), 404);
        assertProblem(Accounts.register().request().delete("/posts/{id}", draft).then(), 404);
        assertEquals(1, database.count("select count(*) from posts where id = ?", draft));
    }

    @Test
    void deletingAnUnknownPostIs404() {
        assertProblem(Accounts.register().request().delete("/posts/{id}", Long.MAX_VALUE).then(), 404);
    }

    // --- helpers ------------------------------------------------------------

    /** A word no other test's posts contain, so searches see only this test's posts. */
    private static String tag() {
        return "tag" + UUID.randomUUID().toString().replace("-", "");
    }

    private void bulkInsert(Account owner, String tag, int posts) {
        database.update("insert into posts (title, content, published, owner_id) "
                + "select ? || ' ' || n, 'bulk', true, ? from generate_series(1, ?) n", tag, owner.id(), posts);
    }

    /** The target of a Link header's rel="next", or null without one. */
    private static String nextLink(String link) {
        if (link == null) {
            return null;
        }
        Matcher next = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
        assertTrue(next.find(), link);
        return next.group(1);
    }

    private static Map<String, Object> validPost() {
        return Map.of("title", "A title", "content", "Some content");
    }

    private static ValidatableResponse create(Account owner, Map<String, ?> body) {
        return owner.request().contentType(ContentType.JSON).body(body).post("/posts").then();
    }

    private static long createdId(Account owner, String title, boolean published) {
        return createdId(owner, title, "content of " + title, published);
    }

    private static long createdId(Account owner, String title, String content, boolean published) {
        return create(owner, Map.of("title", title, "content", content, "published", published))
                .statusCode(201).extract().jsonPath().getLong("id");
    }
}
