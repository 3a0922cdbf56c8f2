package io.postwire.common;

import java.time.Duration;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Histogram buckets for the HTTP server timer, so that Prometheus can compute
 * latency percentiles across pods (http_server_requests_seconds_bucket). A dozen
 * fixed boundaries rather than Micrometer's ~70 percentile buckets keep the series
 * count small; 0.5 s is a boundary because the p95 alert fires above it.
 */
@Singleton
public class HttpLatencyHistogram {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    private static final double[] BOUNDARIES_NANOS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
            .mapToDouble(millis -> Duration.ofMillis(millis).toNanos())
            .toArray();

    @Produces
    @Singleton
    MeterFilter httpServerRequestBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!HTTP_SERVER_REQUESTS.equals(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(BOUNDARIES_NANOS)
                        .build()
                        .merge(config);
            }
        };
    }
}
