package io.postwire.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans the app under test finishes, kept in memory: Quarkus' OpenTelemetry extension
 * exports to every SpanExporter bean (the test profile switches the OTLP one off).
 */
@Singleton
public class SpanCapture {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
