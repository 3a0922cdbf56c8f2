package io.postwire.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.ProdProfileConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Contract tests that a tool nobody here wrote generates from the document the packaged jar
 * serves (deploy/contract-test: Portman, run by newman): a request for every operation, on data
 * made through the API first, each answered with a 2xx whose content type, headers and body are
 * the ones the document declares.
 */
@QuarkusIntegrationTest
@WithTestResource(ProdProfileConfig.class)
class OpenApiContractIT {

    private static final Path CONTRACT_TEST = Path.of("deploy/contract-test/contract-test.sh");
    private static final Path OUTPUT = Path.of("target/contract-test");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOperationOfTheServedDocumentAnswersWithTheStatusHeadersAndBodyItDeclares()
            throws IOException, InterruptedException {
        Account account = Accounts.register();
        String refreshToken = given().formParam("username", account.email()).formParam("password", account.password())
                .post("/login").then().statusCode(200).extract().path("refresh_token");
        long postId = createPost(account);
        long deletablePostId = createPost(account);
        long originalDeletablePostId = createPost(account);
        String served = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        Files.createDirectories(OUTPUT);
        Path document = Files.writeString(OUTPUT.resolve("openapi.json"), served);

        ProcessBuilder run = new ProcessBuilder(CONTRACT_TEST.toAbsolutePath().toString(), document.toString(),
                RestAssured.baseURI + ":" + RestAssured.port, OUTPUT.toString()).redirectErrorStream(true);
        run.environment().putAll(Map.of(
                "PORTMAN_BEARER_TOKEN", account.token(),
                "PORTMAN_EMAIL", account.email(),
                "PORTMAN_PASSWORD", account.password(),
                "PORTMAN_REFRESH_TOKEN", refreshToken,
                "PORTMAN_USER_ID", String.valueOf(account.id()),
                "PORTMAN_POST_ID", String.valueOf(postId),
                "PORTMAN_DELETABLE_POST_ID", String.valueOf(deletablePostId),
                "PORTMAN_ORIGINAL_DELETABLE_POST_ID", String.valueOf(originalDeletablePostId)));
        Process contractTest = run.start();
        String output = new String(contractTest.getInputStream().readAllBytes());
        System.out.println(output);
        int exitCode = contractTest.waitFor();
        assertTrue(Files.exists(OUTPUT.resolve("newman.json")), output);

        JsonNode result = JSON.readTree(OUTPUT.resolve("newman.json").toFile()).path("run");
        // The bodies are made up from the schemas anew each run: say which data was refused.
        assertEquals(0, exitCode, failedRequests(result) + output);
        JsonNode stats = result.path("stats");
        assertEquals(operations(JSON.readTree(served)), stats.path("requests").path("total").asInt(),
                "one generated request per operation of the document");
        assertEquals(0, stats.path("assertions").path("failed").asInt(), output);
        assertTrue(output.contains("Response body is valid according to the schema")
                || output.contains("Schema is valid"), "the bodies were checked against their schemas:\n" + output);
    }

    private static long createPost(Account account) {
        return account.request().contentType(ContentType.JSON).body(Map.of("title", "Contract", "content", "checked"))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Each request with a failed check: what was sent and what came back. */
    private static String failedRequests(JsonNode newmanRun) {
        StringBuilder failed = new StringBuilder();
        for (JsonNode execution : newmanRun.path("executions")) {
            boolean anyFailed = false;
            for (JsonNode assertion : execution.path("assertions")) {
                anyFailed |= assertion.has("error");
            }
            if (anyFailed) {
                JsonNode request = execution.path("request");
                List<String> path = new ArrayList<>();
                request.path("url").path("path").forEach(segment -> path.add(segment.asText()));
                JsonNode data = execution.path("response").path("stream").path("data");
                byte[] body = new byte[data.size()];
                for (int i = 0; i < body.length; i++) {
                    body[i] = (byte) data.get(i).asInt();
                }
                failed.append(request.path("method").asText()).append(" /").append(String.join("/", path))
                        .append(": sent ").append(request.path("body").path("raw").asText())
                        .append(", got ").append(execution.path("response").path("code").asInt()).append(' ')
                        .append(new String(body, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return failed.toString();
    }

    private static int operations(JsonNode document) {
        List<String> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties()
                .forEach(operation -> operations.add(operation.getKey() + " " + path.getKey())));
        return operations.size();
    }
}
