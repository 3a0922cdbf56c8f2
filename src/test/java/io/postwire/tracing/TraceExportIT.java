package io.postwire.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.common.TraceResponse;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;

/** The packaged app in the prod profile, tracing switched on, exporting over OTLP/HTTP to {@link OtlpReceiver}. */
@QuarkusIntegrationTest
@WithTestResource(OtlpReceiver.class)
class TraceExportIT {

    /** Filled by OtlpReceiver: every export request it decoded. */
    List<OtlpReceiver.Received> received;

    @Test
    void theRealExporterSendsTheLoginsSpansWithTheServiceAndPodAsResource() {
        Account account = Accounts.register();
        Response login = given().formParam("username", account.email()).formParam("password", account.password())
                .post("/login");
        login.then().statusCode(200);
        String traceId = login.header(TraceResponse.HEADER).split("-")[1];

        await().atMost(Duration.ofSeconds(30)).until(() -> spansOf(traceId).stream()
                .anyMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER));
        OtlpReceiver.Received export = received.stream()
                .filter(each -> each.request().getResourceSpansList().stream().anyMatch(spans -> contains(spans, traceId)))
                .findFirst().orElseThrow();
        assertEquals("/v1/traces", export.path());
        assertEquals("application/x-protobuf", export.contentType());

        ResourceSpans resourceSpans = export.request().getResourceSpansList().stream()
                .filter(spans -> contains(spans, traceId)).findFirst().orElseThrow();
        Map<String, String> resource = strings(resourceSpans.getResource().getAttributesList());
        assertEquals("postwire", resource.get("service.name"));
        assertEquals("postwire-5d8f7-x2x9q", resource.get("k8s.pod.name"));
        assertEquals("posts", resource.get("k8s.namespace.name"));
        assertEquals("node-7", resource.get("k8s.node.name"));

        List<Span> trace = spansOf(traceId);
        Span server = trace.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .findFirst().orElseThrow();
        assertEquals("POST /login", server.getName());
        assertEquals("/login", strings(server.getAttributesList()).get("http.route"));
        assertEquals(login.header(TraceResponse.HEADER).split("-")[2], hex(server.getSpanId().toByteArray()));
        for (String child : List.of("password.verify", "token.issue")) {
            Span span = trace.stream().filter(each -> each.getName().equals(child)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + child + " in " + trace.stream().map(Span::getName).toList()));
            assertEquals(server.getSpanId(), span.getParentSpanId(), child);
        }
        assertTrue(trace.stream().anyMatch(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT
                && "postgresql".equals(strings(span.getAttributesList()).get("db.system"))
                && span.getParentSpanId().equals(server.getSpanId())), "the account's select under the request");
    }

    private List<Span> spansOf(String traceId) {
        return received.stream().flatMap(export -> export.request().getResourceSpansList().stream())
                .flatMap(spans -> spans.getScopeSpansList().stream())
                .flatMap(scope -> scope.getSpansList().stream())
                .filter(span -> hex(span.getTraceId().toByteArray()).equals(traceId))
                .toList();
    }

    private static boolean contains(ResourceSpans spans, String traceId) {
        return spans.getScopeSpansList().stream().flatMap(scope -> scope.getSpansList().stream())
                .anyMatch(span -> hex(span.getTraceId().toByteArray()).equals(traceId));
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        return attributes.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasStringValue()
                ? kv.getValue().getStringValue() : kv.getValue().toString().trim(), (a, b) -> a));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
