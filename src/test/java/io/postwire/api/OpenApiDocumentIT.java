package io.postwire.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.postwire.support.ProdProfileConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The OpenAPI document the packaged jar serves is the one the build stored and generated
 * the client of GeneratedClientIT from, and it passes Redocly's recommended ruleset with
 * no warning (deploy/openapi-lint).
 */
@QuarkusIntegrationTest
@WithTestResource(ProdProfileConfig.class)
class OpenApiDocumentIT {

    private static final Path STORED = Path.of("target/openapi/openapi.json");
    private static final Path SERVED = Path.of("target/openapi/served.json");
    private static final Path LINT = Path.of("deploy/openapi-lint/lint.sh");

    @Test
    void servedDocumentIsTheStoredOneAndLintsClean() throws IOException, InterruptedException {
        String served = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        Files.writeString(SERVED, served);

        ObjectMapper json = new ObjectMapper();
        JsonNode stored = json.readTree(STORED.toFile());
        assertEquals(stored, json.readTree(served), "the client was generated from another document than the jar serves");

        Process lint = new ProcessBuilder(LINT.toAbsolutePath().toString(), SERVED.toString())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes());
        assertEquals(0, lint.waitFor(), output);
        assertTrue(output.contains("Your API description is valid"), output);
    }

    @Test
    void theConventionsAddTheSharedErrorsWithoutOverwritingAnOperationsOwn() throws IOException {
        JsonNode paths = new ObjectMapper().readTree(STORED.toFile()).path("paths");
        JsonNode changePassword = paths.path("/users/me/password").path("put").path("responses");
        assertEquals("current_password is incorrect", changePassword.path("403").path("description").asText());
        assertEquals("#/components/responses/Unauthorized", changePassword.path("401").path("$ref").asText());
        assertEquals("#/components/responses/NotOwner",
                paths.path("/posts/{id}").path("put").path("responses").path("403").path("$ref").asText());
        assertEquals("#/components/responses/Forbidden",
                paths.path("/users/me").path("get").path("responses").path("403").path("$ref").asText());
    }
}
