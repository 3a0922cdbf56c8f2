package io.postwire.operations;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.postwire.support.Problems.assertViolation;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.ManagementInterface;
import io.postwire.support.Problems;
import io.postwire.support.ProdProfileConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/** The packaged jar, in the prod profile, configured only by standard property names. */
@QuarkusIntegrationTest
@WithTestResource(ProdProfileConfig.class)
class PackagedAppIT {

    @Test
    void registerLoginAndManageAPost() {
        Account owner = Accounts.register();
        String title = "it-" + UUID.randomUUID();

        long id = owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", "from the packaged app"))
                .post("/posts")
                .then().statusCode(201)
                .body("owner.email", equalTo(owner.email()))
                .extract().jsonPath().getLong("id");

        owner.request().queryParam("search", title).get("/posts")
                .then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("id", contains((int) id));
        owner.request().contentType(ContentType.JSON)
                .body(Map.of("title", title, "content", "replaced", "published", false))
                .put("/posts/{id}", id)
                .then().statusCode(200).body("content", equalTo("replaced"));
        owner.request().delete("/posts/{id}", id).then().statusCode(204);
        owner.request().get("/posts/{id}", id).then().statusCode(404);
    }

    @Test
    void writesNeedABearerTokenAndABadTokenIsRefusedEverywhere() {
        assertBearerChallenge(given().put("/posts/1/vote").then());
        assertBearerChallenge(given().auth().oauth2("garbage").get("/posts").then());
    }

    @Test
    void badInputIsProblemJson() {
        assertViolation(given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "password", "long enough"))
                .post("/users").then(), "email");
    }

    @Test
    void theJarCarriesNoDevOrTestKey() throws IOException {
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("target/quarkus-app"))) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).toList()) {
                try (JarFile entries = new JarFile(jar.toFile())) {
                    entries.stream().filter(entry -> !entry.isDirectory()).map(JarEntry::getName)
                            .filter(name -> name.endsWith(".pem") || name.contains("dev-keys") || name.contains("test-keys"))
                            .forEach(name -> keys.add(jar + "!" + name));
                }
            }
        }
        assertEquals(List.of(), keys);
    }

    @Test
    void readinessIncludesTheDatabase() {
        ManagementInterface.given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    /** Probes and scrapes never wait behind the API's requests, and what exposes the API does not expose them. */
    @Test
    void healthAndMetricsAreServedOnTheManagementInterfaceAloneAndTheOpenApiDocumentWithTheApi() {
        for (String path : List.of("/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics")) {
            ManagementInterface.given().accept("text/plain, application/json").get(path).then().statusCode(200)
                    .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer");
            given().get(path).then().statusCode(404);
        }
        given().accept("application/json").get("/q/openapi").then().statusCode(200).body("openapi", startsWith("3."));
        ManagementInterface.given().get("/q/openapi").then().statusCode(404);
    }
}
