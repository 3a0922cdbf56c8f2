package io.postwire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.postwire.Accounts.Account;
import io.postwire.OpenApiOperations.Operation;
import io.postwire.OpenApiOperations.Parameter;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and mutated requests to every operation of the OpenAPI document the packaged jar serves
 * (read at start, so new operations are covered without touching this test): bodies, headers,
 * path ids, query strings and bearer tokens. No answer may be a 5xx, show a stack trace, or be a
 * 4xx that is not problem JSON. Tries per run: jqwik.tries.default (the pom passes it to failsafe).
 */
class OpenApiFuzzIT {

    private static final int PORT = Integer.getInteger("quarkus.http.test-port", 8210) + 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static RunningJar jar;
    private static List<Operation> operations;
    /** Every property name of the document's schemas: the material of mutated bodies. */
    private static List<String> fieldNames;
    private static Account account;
    private static long postId;

    /** One generated request. */
    record Fuzz(Operation operation, String pathValue, Map<String, String> query, Optional<String> token,
            Optional<String> contentType, Optional<String> body, Map<String, String> headers) {
    }

    @BeforeContainer
    static void start() throws Exception {
        jar = RunningJar.start(PORT, Map.of());
        RestAssured.port = PORT;
        String document = RestAssured.given().queryParam("format", "json").get("/q/openapi").asString();
        operations = OpenApiOperations.parse(document);
        fieldNames = schemaPropertyNames(document);
        account = Accounts.register();
        postId = account.request().contentType(ContentType.JSON).body(Map.of("title", "fuzz", "content", "text"))
                .post("/posts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @AfterContainer
    static void stop() throws Exception {
        RestAssured.reset();
        if (jar != null) {
            jar.close();
        }
    }

    @Property
    void noOperationAnswersWith5xxAStackTraceOrA4xxThatIsNotProblemJson(@ForAll("requests") Fuzz fuzz)
            throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(toRequest(fuzz), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        String body = response.body();
        String context = fuzz + "\n-> " + status + " " + response.headers().map() + "\n" + body;
        assertTrue(status < 500, "5xx: " + context);
        assertFalse(body.contains(".java:") || body.contains("\tat ") || body.contains("Exception"),
                "stack trace or exception in the body: " + context);
        if (isRefusedByTheHttpCodec(status, body)) {
            return; // a request line or headers past Vert.x's limits: refused before any application code runs
        }
        if (status >= 400) {
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    "a 4xx that is not problem JSON: " + context);
        }
    }

    @Provide
    Arbitrary<Fuzz> requests() {
        Arbitrary<Operation> operation = Arbitraries.of(operations);
        return operation.flatMap(op -> Combinators.combine(
                pathValues(), queries(op), tokens(), contentTypes(), bodies(), headers())
                .as((path, query, token, type, body, headers) -> new Fuzz(op, path, query, token, type, body, headers)));
    }

    private static Arbitrary<String> pathValues() {
        return Arbitraries.<String> frequencyOf(
                weighted(4, Arbitraries.just(String.valueOf(postId))),
                weighted(2, Arbitraries.longs().map(id -> Long.toString(id))),
                weighted(2, Arbitraries.of("0", "-1", "9223372036854775808", "1e3", "0x10", " 1", "1.0", "%00", "..",
                        "null", "😀", "'; drop table posts; --")),
                weighted(2, Arbitraries.strings().ofMaxLength(64)));
    }

    private static Arbitrary<Map<String, String>> queries(Operation op) {
        List<String> names = new ArrayList<>(op.parameters().stream().filter(p -> p.in().equals("query"))
                .map(Parameter::name).toList());
        names.add("unexpected");
        return Arbitraries.maps(Arbitraries.of(names), values()).ofMaxSize(names.size());
    }

    /** Plausible and hostile values for query parameters and headers. */
    private static Arbitrary<String> values() {
        return Arbitraries.<String> frequencyOf(
                weighted(3, Arbitraries.integers().map(i -> Integer.toString(i))),
                weighted(2, Arbitraries.of("", "0", "1", "10", "100", "101", "-1", "NaN", "%", "_", "\\", "'", "\"",
                        "*", "W/\"1\"", "\"0\"", "count=exact", "respond-async", "\u0000", "a\u0000b", "\ud800",
                        "true", "null")),
                weighted(3, Arbitraries.strings().ofMaxLength(80)),
                weighted(1, Arbitraries.strings().withChars("a%_\\").ofMinLength(200).ofMaxLength(5000)));
    }

    private static Arbitrary<Optional<String>> tokens() {
        return Arbitraries.<Optional<String>> frequencyOf(
                weighted(5, Arbitraries.just(Optional.of(account.token()))),
                weighted(1, Arbitraries.just(Optional.<String> empty())),
                weighted(1, Arbitraries.just(Optional.of(Tokens.expired(account.id())))),
                weighted(1, Arbitraries.just(Optional.of(Tokens.unsigned(account.id())))),
                weighted(1, Arbitraries.integers().between(0, account.token().length() - 1)
                        .map(i -> Optional.of(flipCharacter(account.token(), i)))),
                weighted(1, Arbitraries.strings().alpha().numeric().withChars(".-_").ofMaxLength(300).map(token -> Optional.of(token))));
    }

    private static Arbitrary<Optional<String>> contentTypes() {
        return Arbitraries.of("application/json", "application/json", "application/x-www-form-urlencoded",
                "text/plain", "application/json; charset=ISO-8859-1", "multipart/form-data; boundary=x",
                "application/xml", "*/*", "garbage", "").map(type -> Optional.of(type).filter(t -> !t.isEmpty()));
    }

    private static Arbitrary<Optional<String>> bodies() {
        return Arbitraries.<Optional<String>> frequencyOf(
                weighted(5, jsonObjects(3).map(object -> Optional.of(JSON.valueToTree(object).toString()))),
                weighted(1, Arbitraries.just(Optional.<String> empty())),
                weighted(1, Arbitraries.of("null", "[]", "{}", "\"text\"", "42", "{", "{\"title\":", "[[[[", "\u0000",
                        "{\"title\":\"a\",\"title\":\"b\",\"content\":\"c\"}", "[".repeat(5000) + "]".repeat(5000),
                        "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)).map(text -> Optional.of(text))),
                weighted(1, Arbitraries.strings().ofMaxLength(500).map(text -> Optional.of(text))));
    }

    private static Arbitrary<Map<String, String>> headers() {
        return Arbitraries.maps(Arbitraries.of("If-Match", "If-None-Match", "Idempotency-Key", "Prefer", "Accept",
                "X-Request-Id", "X-Forwarded-For", "Origin", "Accept-Encoding"), values()
                        .filter(OpenApiFuzzIT::sendableHeaderValue))
                .ofMaxSize(4);
    }

    /** JSON objects built from the document's field names, with values of any JSON type. */
    private static Arbitrary<Object> jsonObjects(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just("x".repeat(100_001)).map(Object.class::cast));
        Arbitrary<Object> value = depth == 0 ? scalar
                : Arbitraries.<Object> frequencyOf(weighted(6, scalar), weighted(1, Arbitraries.lazy(() -> jsonObjects(depth - 1))),
                        weighted(1, scalar.list().ofMaxSize(3).map(Object.class::cast)));
        return Arbitraries.maps(Arbitraries.oneOf(Arbitraries.of(fieldNames), Arbitraries.strings().ofMaxLength(10)),
                value.injectNull(0.1)).ofMaxSize(6).map(Object.class::cast);
    }

    /**
     * 414 (request line over quarkus.http.limits.max-initial-line-length, 4 KiB) and 431 (headers over
     * max-header-size, 20 KiB) come from the HTTP decoder with an empty body, before any handler that
     * could write problem JSON: the one documented exception (docs/security.md).
     */
    private static boolean isRefusedByTheHttpCodec(int status, String body) {
        return (status == 414 || status == 431) && body.isEmpty();
    }

    private static HttpRequest toRequest(Fuzz fuzz) {
        String path = fuzz.operation().path().replaceAll("\\{[^}]+}", encode(fuzz.pathValue()));
        String query = fuzz.query().entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                jar.uri(path) + (query.isEmpty() ? "" : "?" + query))).timeout(Duration.ofSeconds(30));
        fuzz.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        fuzz.contentType().ifPresent(type -> request.header("Content-Type", type));
        fuzz.headers().forEach(request::header);
        HttpRequest.BodyPublisher body = fuzz.body().map(HttpRequest.BodyPublishers::ofString)
                .orElse(HttpRequest.BodyPublishers.noBody());
        return request.method(fuzz.operation().method(), body).build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String flipCharacter(String text, int index) {
        char flipped = text.charAt(index) == 'A' ? 'B' : 'A';
        return text.substring(0, index) + flipped + text.substring(index + 1);
    }

    /** What java.net.http lets a client send at all (visible ASCII and spaces). */
    private static boolean sendableHeaderValue(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !value.isBlank();
    }

    private static List<String> schemaPropertyNames(String document) throws IOException {
        Set<String> names = new TreeSet<>();
        JSON.readTree(document).path("components").path("schemas")
                .forEach(schema -> schema.path("properties").fieldNames().forEachRemaining(names::add));
        names.addAll(List.of("id", "owner_id", "version", "created_at", "updated_at", "refresh_token"));
        return List.copyOf(names);
    }

    private static <T> Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }
}
