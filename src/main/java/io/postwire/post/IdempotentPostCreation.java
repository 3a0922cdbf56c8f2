package io.postwire.post;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.postwire.common.Sha256;
import io.postwire.common.Violations;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * POST /posts with an Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): the key is claimed,
 * the post created and the 201 kept with the key in one transaction, so that a request whose database
 * stops answering waits on it once (the bound in docs/operating.md), and a failure leaves no claim
 * behind to give up. A concurrent request with the same key finds it claimed by the transaction's
 * lock (IdempotencyKey.claim) and gets a 409 at once. A retry gets the first response, byte for byte,
 * from any replica.
 */
@ApplicationScoped
public class IdempotentPostCreation {

    /** A 201 as the first request got it: its Location and its JSON body. */
    public record Created(int status, String location, String body) {
    }

    @Inject
    PostService posts;
    @Inject
    PostsConfig config;
    @Inject
    ObjectMapper json;

    /**
     * @throws HttpProblem 409 while another request with this key runs, 422 when the key was used
     *         with another body
     */
    public Created create(long ownerId, String key, PostRequest request) {
        return QuarkusTransaction.requiringNew().call(() -> {
            IdempotencyKey.Claim claim = IdempotencyKey.claim(ownerId, key, requestHash(request),
                    config.idempotencyKeyLifetime(), config.idempotencyKeyAbandonedAfter());
            if (claim instanceof IdempotencyKey.Claim.Completed completed) {
                return new Created(completed.status(), completed.location(), completed.body());
            }
            if (claim instanceof IdempotencyKey.Claim.OtherRequest) {
                throw Violations.unprocessable("Idempotency-Key", "header", "was already used with another request body");
            }
            if (claim instanceof IdempotencyKey.Claim.InProgress) {
                throw HttpProblem.builder().withStatus(409).withTitle("Conflict")
                        .withDetail("A request with this Idempotency-Key is still running; retry later").build();
            }
            PostResponse post = posts.create(ownerId, request);
            Created created = new Created(201, PostResource.location(post.id()), toJson(post));
            IdempotencyKey.complete(ownerId, key, created.status(), created.location(), created.body());
            return created;
        });
    }

    /** What makes two requests "the same" for an Idempotency-Key: the fields of the body, whatever its layout. */
    private static String requestHash(PostRequest request) {
        // NUL cannot occur in the fields (StorableText), so it separates them unambiguously.
        return Sha256.hex(request.title() + '\0' + request.content() + '\0' + request.publishedOrDefault());
    }

    private String toJson(PostResponse post) {
        try {
            return json.writeValueAsString(post);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A post response cannot be written as JSON", e);
        }
    }
}
