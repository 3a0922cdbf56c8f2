package io.postwire.auth;

import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerResponseContext;

/**
 * Counts {@code POST /login} by outcome (postwire_logins_total{outcome}). It reads the
 * response, because invalid input is refused by validation before any login code
 * runs; every outcome is registered at start, so a rate() of each exists from zero.
 */
@Startup
@Singleton
public class LoginMetrics {

    private final Counter success;
    private final Counter badCredentials;
    private final Counter invalidInput;
    private final Counter error;

    LoginMetrics(MeterRegistry registry) {
        this.success = counter(registry, "success");
        this.badCredentials = counter(registry, "bad_credentials");
        this.invalidInput = counter(registry, "invalid_input");
        this.error = counter(registry, "error");
    }

    @ServerResponseFilter
    public void count(SimpleResourceInfo resource, ContainerResponseContext response) {
        if (resource != null && resource.getResourceClass() == LoginResource.class) {
            outcome(response.getStatus()).ifPresent(Counter::increment);
        }
    }

    private Optional<Counter> outcome(int status) {
        if (status == 200) {
            return Optional.of(success);
        }
        if (status == 401) {
            return Optional.of(badCredentials);
        }
        if (status == 400 || status == 422) {
            return Optional.of(invalidInput);
        }
        return status >= 500 ? Optional.of(error) : Optional.empty();
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("postwire.logins")
                .description("Login attempts by outcome: success, bad_credentials, invalid_input, error (5xx)")
                .tag("outcome", outcome)
                .register(registry);
    }
}
