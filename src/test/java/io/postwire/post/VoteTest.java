package io.postwire.post;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.postwire.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
class VoteTest {

    @Inject
    TestDatabase database;

    @Inject
    SessionFactory sessionFactory;

    private static long create(Account owner, boolean published) {
        return owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", "Vote " + UUID.randomUUID(), "content", "Some text", "published", published))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aVoteIsCountedOnceAndShownToTheVoter() {
        long id = create(Accounts.register(), true);
        Account voter = Accounts.register();
        voter.request().put("/posts/{id}/vote", id).then().statusCode(204);
        voter.request().put("/posts/{id}/vote", id).then().statusCode(204);
        voter.request().get("/posts/{id}", id).then().statusCode(200)
                .body("votes", equalTo(1)).body("voted", equalTo(true));
        Accounts.register().request().get("/posts/{id}", id).then()
                .body("votes", equalTo(1)).body("voted", equalTo(false));
        given().get("/posts/{id}", id).then().body("votes", equalTo(1));
    }

    @Test
    void aWithdrawnVoteIsNoLongerCountedAndWithdrawingAgainChangesNothing() {
        long id = create(Accounts.register(), true);
        Account voter = Accounts.register();
        voter.request().put("/posts/{id}/vote", id).then().statusCode(204);
        voter.request().delete("/posts/{id}/vote", id).then().statusCode(204);
        voter.request().delete("/posts/{id}/vote", id).then().statusCode(204);
        voter.request().get("/posts/{id}", id).then().body("votes", equalTo(0)).body("voted", equalTo(false));
        assertEquals(0, database.count("select count(*) from votes where post_id = ?", id));
    }

    @Test
    void aVoteChangesThePostsETag() {
        long id = create(Accounts.register(), true);
        Account voter = Accounts.register();
        String before = voter.request().get("/posts/{id}", id).then().extract().header("ETag");
        voter.request().put("/posts/{id}/vote", id).then().statusCode(204);
        voter.request().header("If-None-Match", before).get("/posts/{id}", id).then().statusCode(200);
    }

    @Test
    void aHundredConcurrentVotersAreAHundredVotes() throws Exception {
        long id = create(Accounts.register(), true);
        List<Account> voters = Stream.generate(Accounts::register).limit(100).toList();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> votes = new ArrayList<>();
            for (Account voter : voters) {
                // Each voter twice at once: still one vote each.
                votes.add(() -> voter.request().put("/posts/{id}/vote", id).then().extract().statusCode());
                votes.add(() -> voter.request().put("/posts/{id}/vote", id).then().extract().statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(votes)) {
                assertEquals(204, status.get());
            }
        } finally {
            pool.shutdown();
        }
        given().get("/posts/{id}", id).then().body("votes", equalTo(100));
        assertEquals(100, database.count("select count(*) from votes where post_id = ?", id));
    }

    @Test
    void concurrentVotesAndWithdrawalsNeverMakeTheCountNegative() throws Exception {
        long id = create(Accounts.register(), true);
        List<Account> voters = Stream.generate(Accounts::register).limit(20).toList();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> changes = new ArrayList<>();
            for (Account voter : voters) {
                changes.add(() -> voter.request().put("/posts/{id}/vote", id).then().extract().statusCode());
                changes.add(() -> voter.request().delete("/posts/{id}/vote", id).then().extract().statusCode());
                changes.add(() -> voter.request().delete("/posts/{id}/vote", id).then().extract().statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(changes)) {
                assertEquals(204, status.get());
            }
        } finally {
            pool.shutdown();
        }
        long rows = database.count("select count(*) from votes where post_id = ?", id);
        given().get("/posts/{id}", id).then().body("votes", equalTo((int) rows));
    }

    @Test
    void aDraftCanBeVotedForByItsOwnerOnly() {
        Account owner = Accounts.register();
        long draft = create(owner, false);
        assertProblem(Accounts.register().request().put("/posts/{id}/vote", draft).then(), 404);
        owner.request().put("/posts/{id}/vote", draft).then().statusCode(204);
        owner.request().get("/posts/{id}", draft).then().body("votes", equalTo(1));
    }

    @Test
    void votingForAnUnknownPostIs404() {
        assertProblem(Accounts.register().request().put("/posts/{id}/vote", Long.MAX_VALUE).then(), 404);
    }

    @Test
    void votingNeedsAToken() {
        long id = create(Accounts.register(), true);
        assertBearerChallenge(given().put("/posts/{id}/vote", id).then());
    }

    @Test
    void aDeletedPostTakesItsVotesWithIt() {
        Account owner = Accounts.register();
        long id = create(owner, true);
        Accounts.register().request().put("/posts/{id}/vote", id).then().statusCode(204);
        owner.request().delete("/posts/{id}", id).then().statusCode(204);
        assertEquals(0, database.count("select count(*) from votes where post_id = ?", id));
    }

    @Test
    void aPageShowsCountsAndTheCallersVotesWithoutCountingVotes() {
        Account owner = Accounts.register();
        long voted = create(owner, true);
        create(owner, true);
        Account voter = Accounts.register();
        voter.request().put("/posts/{id}/vote", voted).then().statusCode(204);

        Statistics statistics = sessionFactory.getStatistics();
        statistics.clear();
        voter.request().queryParam("limit", 2).queryParam("offset", 0).get("/posts").then().statusCode(200)
                .body("find { it.id == " + voted + " }.voted", equalTo(true))
                .body("find { it.id == " + voted + " }.votes", equalTo(1))
                .body("find { it.id != " + voted + " }.voted", equalTo(false));
        // The page in one statement (owners and the caller's votes joined), and no count of votes.
        long pageStatements = statistics.getPrepareStatementCount();
        assertEquals(true, pageStatements <= 2, "statements for a page: " + pageStatements);
        assertEquals(0, statistics.getEntityLoadCount(), "entities loaded by a read");
    }
}
