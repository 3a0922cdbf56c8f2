package io.postwire.auth;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.postwire.common.ProblemJson;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The public keys that verify Postwire's tokens, for other services (RFC 7517). */
@Path("/.well-known/jwks.json")
@Tag(name = "auth")
@PermitAll
@SecurityRequirements
public class JwksResource {

    /** RFC 7517, section 8.5. */
    static final String JWK_SET_JSON = "application/jwk-set+json";

    @Inject
    JwtKeys keys;

    @GET
    @Produces({ JWK_SET_JSON, "application/json" })
    @Operation(operationId = "getJwks", summary = "The public keys that verify access tokens, by kid (JWK Set)")
    @APIResponse(responseCode = "200", description = "The JWK Set: the current signing key and any still trusted",
            content = { @Content(mediaType = JWK_SET_JSON, schema = @Schema(ref = "JwkSet")),
                    @Content(mediaType = "application/json", schema = @Schema(ref = "JwkSet")) })
    @APIResponse(responseCode = "406", description = "Accept names neither application/jwk-set+json nor application/json",
            content = @Content(mediaType = ProblemJson.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public String jwks() {
        return keys.publicJwks();
    }
}
