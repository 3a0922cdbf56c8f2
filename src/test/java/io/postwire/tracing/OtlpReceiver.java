package io.postwire.tracing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.postwire.support.ProdProfileConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A collector's OTLP/HTTP trace endpoint in miniature (POST /v1/traces, protobuf), for the
 * packaged app of {@link TraceExportIT}: it decodes what the real exporter sends with the
 * opentelemetry-proto classes and keeps it. The app gets the prod profile's settings plus
 * only what a deployment sets to turn tracing on.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    /** What the chart's downward-API env gives a pod, in the standard variable's format. */
    static final String RESOURCE_ATTRIBUTES = "k8s.pod.name=postwire-5d8f7-x2x9q,k8s.namespace.name=posts,k8s.node.name=node-7";

    record Received(String path, String contentType, ExportTraceServiceRequest request) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::receive);
        server.start();
        Map<String, String> config = new HashMap<>(new ProdProfileConfig().start());
        config.put("quarkus.otel.sdk.disabled", "false");
        config.put("quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
        config.put("quarkus.otel.exporter.otlp.protocol", "http/protobuf");
        config.put("quarkus.otel.traces.sampler.arg", "1.0");
        config.put("quarkus.otel.bsp.schedule.delay", "100ms");
        // OTEL_RESOURCE_ATTRIBUTES as a property: the same config name the environment variable maps to.
        config.put("otel.resource.attributes", RESOURCE_ATTRIBUTES);
        return config;
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), ExportTraceServiceRequest.parseFrom(body)));
        }
        byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
        exchange.close();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(received, new TestInjector.MatchesType(List.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
