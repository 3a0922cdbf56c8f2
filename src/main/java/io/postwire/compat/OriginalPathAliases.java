package io.postwire.compat;

import java.util.List;
import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * The original service's paths that are only old names of Postwire's endpoints, declared here
 * and nowhere else: a request to one is routed, before matching, to the endpoint it names, so it
 * behaves exactly as that one does (security, validation, Idempotency-Key, If-Match), and
 * OriginalPathsDocument describes it in the OpenAPI document as a deprecated copy of that
 * endpoint. Each call is counted by alias, since the route it is measured under is the new one:
 * the count says which old clients remain. A trailing slash reaches the same endpoint, as the
 * original's router allowed. The original's vote has a meaning of its own (OriginalVoteResource).
 */
public class OriginalPathAliases {

    /** An old path ({id} where the endpoint takes one) and the endpoint's path it stands for. */
    public record Alias(String method, String path, String endpointPath, String operationId) {

        /** The endpoint's path for a request path (raw) that is this alias, with the same parameters. */
        Optional<String> endpointPathFor(String requestPath) {
            String[] template = path.split("/");
            String[] request = (requestPath.endsWith("/") ? requestPath.substring(0, requestPath.length() - 1)
                    : requestPath).split("/");
            if (template.length != request.length) {
                return Optional.empty();
            }
            String routed = endpointPath;
            for (int i = 0; i < template.length; i++) {
                if (isParameter(template[i])) {
                    routed = routed.replace(template[i], request[i]);
                } else if (!template[i].equals(request[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(routed);
        }

        private static boolean isParameter(String segment) {
            return segment.startsWith("{") && segment.endsWith("}");
        }
    }

    public static final List<Alias> ALIASES = List.of(
            new Alias(HttpMethod.POST, "/create_user", "/users", "createUser"),
            new Alias(HttpMethod.POST, "/posts/upload", "/posts", "uploadPost"),
            new Alias(HttpMethod.DELETE, "/posts/delete/{id}", "/posts/{id}", "deletePostByOriginalPath"));

    private final List<Counter> calls;

    OriginalPathAliases(MeterRegistry registry) {
        this.calls = ALIASES.stream().map(alias -> Counter.builder("postwire.original.path.requests")
                .description("Requests to the original service's old paths, by the path")
                .tag("method", alias.method()).tag("path", alias.path())
                .register(registry)).toList();
    }

    @ServerRequestFilter(preMatching = true)
    public void routeToEndpoint(ContainerRequestContext request) {
        for (int i = 0; i < ALIASES.size(); i++) {
            Alias alias = ALIASES.get(i);
            if (!alias.method().equals(request.getMethod())) {
                continue; // reads never pay for the path's parsing
            }
            Optional<String> endpointPath = alias.endpointPathFor(request.getUriInfo().getRequestUri().getRawPath());
            if (endpointPath.isPresent()) {
                calls.get(i).increment();
                request.setRequestUri(request.getUriInfo().getRequestUriBuilder().replacePath(endpointPath.get()).build());
                return;
            }
        }
    }
}
