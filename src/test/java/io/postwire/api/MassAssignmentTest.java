package io.postwire.api;

import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.api.OpenApiOperations.Operation;
import io.postwire.support.Problems;
import io.postwire.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/** Fields the server owns cannot be set by sending them, on any operation that takes a JSON body. */
@QuarkusTest
class MassAssignmentTest {

    static final List<String> SERVER_OWNED = List.of("id", "owner_id", "version", "created_at", "updated_at");

    @Inject
    TestDatabase database;

    @ParameterizedTest
    @ValueSource(strings = { "id", "owner_id", "version", "created_at", "updated_at", "ownerId", "titel" })
    void everyJsonBodyRefusesAFieldItDoesNotTakeNamingIt(String field) {
        Account account = Accounts.register();
        long postId = createPost(account, Map.of("title", "mine", "content", "text"));
        List<Operation> withJsonBodies = OpenApiOperations.served().stream().filter(Operation::takesJson).toList();
        assertFalse(withJsonBodies.isEmpty());
        for (Operation operation : withJsonBodies) {
            assertViolation(account.request().contentType(ContentType.JSON)
                    .body(Map.of(field, 1))
                    .request(operation.method(), operation.path().replace("{id}", String.valueOf(postId)))
                    .then(), field);
        }
    }

    @Test
    void aPostCannotBeCreatedForAnotherOwnerOrWithItsOwnIdOrTimes() {
        Account account = Accounts.register();
        Account victim = Accounts.register();
        for (String field : SERVER_OWNED) {
            Map<String, Object> body = new HashMap<>(Map.of("title", "forged " + field, "content", "text"));
            body.put(field, field.endsWith("_at") ? "2001-01-01T00:00:00Z" : victim.id());
            assertViolation(account.request().contentType(ContentType.JSON).body(body).post("/posts").then(), field);
        }
        assertEquals(0, database.count("select count(*) from posts where owner_id in (?, ?)", account.id(),
                victim.id()));
    }

    @Test
    void aReplaceThatNamesAServerOwnedFieldChangesNothing() {
        Account account = Accounts.register();
        long postId = createPost(account, Map.of("title", "original", "content", "text"));
        for (String field : SERVER_OWNED) {
            Map<String, Object> body = new HashMap<>(Map.of("title", "changed", "content", "changed"));
            body.put(field, field.endsWith("_at") ? "2001-01-01T00:00:00Z" : 424242);
            assertViolation(account.request().contentType(ContentType.JSON).body(body)
                    .put("/posts/{id}", postId).then(), field);
        }
        account.request().get("/posts/{id}", postId).then().statusCode(200).body("title", equalTo("original"));
    }

    @Test
    void registrationCannotChooseTheAccountId() {
        String email = Accounts.uniqueEmail();
        assertViolation(given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "long enough", "id", 1))
                .post("/users").then(), "id");
        assertEquals(0, database.count("select count(*) from users where email = ?", email));
    }

    private static long createPost(Account account, Map<String, Object> body) {
        return account.request().contentType(ContentType.JSON).body(body).post("/posts")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
