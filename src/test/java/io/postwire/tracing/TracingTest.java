package io.postwire.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.CapturedLogs;
import io.postwire.common.RequestId;
import io.postwire.common.TraceResponse;
import io.postwire.support.ManagementInterface;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The spans a request leaves (kept in memory by {@link SpanCapture}): their names, nesting and
 * semantic-convention attributes, the trace id the caller gets back and finds in the logs and
 * in the latency histogram's exemplars, and no secret anywhere in them.
 */
@QuarkusTest
class TracingTest {

    private static final Pattern TRACE_RESPONSE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aLoginIsOneTraceWithItsStatementTheBcryptCheckAndTheTokenIssueUnderTheRequest() {
        Account account = Accounts.register();
        Response login = given().formParam("username", account.email()).formParam("password", account.password())
                .post("/login");
        login.then().statusCode(200);

        Trace trace = Trace.of(login, spans);
        SpanData request = trace.server();
        assertAll(
                () -> assertEquals("POST /login", request.getName()),
                () -> assertEquals("/login", attribute(request, "http.route")),
                () -> assertEquals("POST", attribute(request, "http.request.method")),
                () -> assertEquals("200", attribute(request, "http.response.status_code")));
        SpanData select = trace.childStatement(request, "SELECT", "users");
        SpanData verify = trace.child(request, "password.verify");
        SpanData issue = trace.child(request, "token.issue");
        assertTrue(select.getStartEpochNanos() < verify.getStartEpochNanos(), "the account is read before the check");
        assertTrue(verify.getEndEpochNanos() <= issue.getStartEpochNanos(), "the token is issued after the check");
        assertTrue(attribute(select, "db.statement").contains("email=?"), "the email is a bound parameter");
    }

    @Test
    void createListAndGetArePostsRequestsNamedByTheirRouteWithTheirStatementsInside() {
        Account account = Accounts.register();
        Response create = account.request().contentType(ContentType.JSON)
                .body(Map.of("title", "traced", "content", "a traced post")).post("/posts");
        create.then().statusCode(201);
        long id = create.jsonPath().getLong("id");
        Response list = account.request().queryParam("limit", 5).get("/posts");
        list.then().statusCode(200);
        Response get = account.request().get("/posts/{id}", id);
        get.then().statusCode(200);

        Trace created = Trace.of(create, spans);
        assertEquals("POST /posts", created.server().getName());
        assertEquals("201", attribute(created.server(), "http.response.status_code"));
        created.childStatement(created.server(), "INSERT", "posts");

        Trace listed = Trace.of(list, spans);
        assertEquals("GET /posts", listed.server().getName());
        assertTrue(attribute(listed.childStatement(listed.server(), "SELECT", null), "db.statement")
                .contains("from posts"));

        Trace got = Trace.of(get, spans);
        SpanData request = got.server();
        assertEquals("GET /posts/{id}", request.getName(), "the route template, never the raw id");
        assertEquals("/posts/{id}", attribute(request, "http.route"));
        got.childStatement(request, "SELECT", null);
    }

    @Test
    void theCallersTraceparentIsJoinedAndItsTraceIdIsOnTheResponseAndEveryLogLine() {
        Account account = Accounts.register();
        String traceId = hex(32);
        String callerSpanId = hex(16);
        try (CapturedLogs logs = CapturedLogs.start()) {
            Response response = account.request().header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                    .get("/posts/{id}", 987654321);
            response.then().statusCode(404);

            Matcher quoted = TRACE_RESPONSE.matcher(response.header(TraceResponse.HEADER));
            assertTrue(quoted.matches(), response.header(TraceResponse.HEADER));
            assertEquals(traceId, quoted.group(1));
            SpanData request = Trace.of(response, spans).server();
            assertEquals(callerSpanId, request.getParentSpanId());
            assertEquals(quoted.group(2), request.getSpanId());

            // The access-log line, written as the response ends, and any other line of the request.
            String requestId = response.header(RequestId.HEADER);
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .anyMatch(line -> requestId.equals(line.requestId()) && line.text().contains("GET /posts/")));
            List<CapturedLogs.Line> lines = logs.lines().stream().filter(line -> requestId.equals(line.requestId()))
                    .toList();
            for (CapturedLogs.Line line : lines) {
                assertTrue(line.text().contains("traceId=" + traceId), line.text());
                assertTrue(line.text().contains("spanId="), line.text());
            }
        }
    }

    @Test
    void noSpanOfAWholeSessionCarriesThePasswordTheTokenOrTheEmail() {
        String email = Accounts.uniqueEmail();
        String password = "pw-secret-" + UUID.randomUUID();
        List<Response> session = new ArrayList<>();
        session.add(given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/users"));
        Response login = given().formParam("username", email).formParam("password", password).post("/login");
        session.add(login);
        String token = login.then().statusCode(200).extract().path("access_token");
        session.add(given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "wrong-" + password))
                .post("/login"));
        Response create = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("title", "session", "content", "session post")).post("/posts");
        session.add(create);
        session.add(given().auth().oauth2(token).queryParam("search", "session").get("/posts"));
        session.add(given().auth().oauth2(token).get("/posts/{id}", create.jsonPath().getLong("id")));
        session.add(given().auth().oauth2(token).get("/users/me"));

        List<SpanData> all = session.stream().flatMap(response -> Trace.of(response, spans).spans().stream()).toList();
        assertTrue(all.size() >= 3 * session.size(), "every request, its statements and its checks: " + all.size());
        String signature = token.substring(token.lastIndexOf('.') + 1);
        for (SpanData span : all) {
            String text = everythingIn(span);
            for (String secret : List.of(password, token, signature, email)) {
                assertFalse(text.contains(secret), () -> span.getName() + " holds a secret: " + text);
            }
        }
    }

    @Test
    void latencyBucketsCarryTheTraceIdOfARequestAsAnExemplar() {
        String traceId = hex(32);
        // An unauthenticated PUT: a series that other tests seldom touch. A bucket keeps its exemplar
        // for a few seconds before a newer request may replace it, so ask until this one shows.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            given().header("traceparent", "00-" + traceId + "-" + hex(16) + "-01").contentType(ContentType.JSON)
                    .body("{}").put("/posts/{id}", 1).then().statusCode(401);
            String openMetrics = ManagementInterface.given()
                    .accept("application/openmetrics-text; version=1.0.0; charset=utf-8")
                    .get("/q/metrics").then().statusCode(200).extract().asString();
            return openMetrics.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                    && line.contains("uri=\"/posts/{id}\"") && line.contains("method=\"PUT\"")
                    && line.contains("# {span_id=\"") && line.contains("trace_id=\"" + traceId + "\""));
        });
    }

    /** The spans of one request's trace, found by the trace id its response quoted. */
    private record Trace(List<SpanData> spans) {

        static Trace of(Response response, InMemorySpanExporter exporter) {
            Matcher quoted = TRACE_RESPONSE.matcher(String.valueOf(response.header(TraceResponse.HEADER)));
            assertTrue(quoted.matches(), "traceresponse: " + response.header(TraceResponse.HEADER));
            String traceId = quoted.group(1);
            // The server span ends once the response is on its way: wait for it.
            await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().stream()
                    .anyMatch(span -> span.getTraceId().equals(traceId) && span.getKind() == SpanKind.SERVER));
            return new Trace(exporter.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId))
                    .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList());
        }

        SpanData server() {
            List<SpanData> servers = spans.stream().filter(span -> span.getKind() == SpanKind.SERVER).toList();
            assertEquals(1, servers.size(), () -> "one server span in " + names());
            return servers.get(0);
        }

        SpanData child(SpanData parent, String name) {
            return spans.stream().filter(span -> span.getName().equals(name)).findFirst()
                    .filter(span -> span.getParentSpanId().equals(parent.getSpanId()))
                    .orElseThrow(() -> new AssertionError("no child " + name + " of " + parent.getName() + " in " + names()));
        }

        /** A JDBC span under the request: a client span with the semantic conventions' db.* attributes. */
        SpanData childStatement(SpanData parent, String operation, String table) {
            SpanData statement = spans.stream()
                    .filter(span -> span.getKind() == SpanKind.CLIENT && span.getParentSpanId().equals(parent.getSpanId()))
                    .filter(span -> operation.equals(attribute(span, "db.operation")))
                    .filter(span -> table == null || table.equals(attribute(span, "db.sql.table")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + operation + " " + table + " under " + parent.getName()
                            + " in " + names()));
            assertEquals("postgresql", attribute(statement, "db.system"));
            assertTrue(attribute(statement, "db.statement").contains("?"), "parameters stay placeholders");
            return statement;
        }

        private List<String> names() {
            return spans.stream().map(SpanData::getName).toList();
        }
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().asMap().entrySet().stream()
                .filter(entry -> entry.getKey().getKey().equals(key))
                .map(entry -> String.valueOf(entry.getValue())).findFirst().orElse(null);
    }

    /** Name, attributes, events, links and resource of a span, as one text to search. */
    private static String everythingIn(SpanData span) {
        Stream<Attributes> attributes = Stream.concat(
                Stream.of(span.getAttributes(), span.getResource().getAttributes()),
                Stream.concat(span.getEvents().stream().map(event -> event.getAttributes()),
                        span.getLinks().stream().map(link -> link.getAttributes())));
        return span.getName() + " " + span.getStatus() + " "
                + span.getEvents().stream().map(event -> event.getName()).toList() + " "
                + attributes.map(each -> each.asMap().toString()).toList();
    }

    private static String hex(int digits) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, digits);
    }
}
