package io.postwire.auth;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.postwire.common.ProblemJson;
import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

/** Refresh-token rotation and logout; the refresh token itself is the credential. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
@PermitAll
@SecurityRequirements
public class TokenResource {

    private static final String REFRESH_TOKEN_GRANT = "refresh_token";

    @Inject
    TokenIssuer tokenIssuer;
    @Inject
    RefreshTokens refreshTokens;

    // Both methods are one operation, POST /token/refresh, with two request media types.
    @POST
    @Path("token/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "refreshTokens", summary = "Trade a refresh token for a new access and refresh token",
            description = "As JSON (refresh_token) or as the OAuth2 form (grant_type=refresh_token, refresh_token)")
    @APIResponse(responseCode = "200", description = "A new pair; the presented refresh token no longer works",
            headers = @Header(name = "Cache-Control", description = "no-store: never cache a token",
                    schema = @Schema(type = SchemaType.STRING, enumeration = "no-store")),
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public TokenResponse refreshWithJson(@Valid @NotNull RefreshRequest request) {
        return tokenIssuer.refresh(request.refreshToken());
    }

    /** The OAuth2 form of the same operation: 400 unless grant_type is refresh_token. */
    @POST
    @Path("token/refresh")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TokenResponse refreshWithForm(@FormParam("grant_type") @NotBlank String grantType,
            @FormParam("refresh_token") @NotBlank String refreshToken) {
        if (!REFRESH_TOKEN_GRANT.equals(grantType)) {
            throw HttpProblem.builder()
                    .withStatus(Status.BAD_REQUEST)
                    .withTitle(Status.BAD_REQUEST.getReasonPhrase())
                    .withDetail("grant_type must be refresh_token")
                    .build();
        }
        return tokenIssuer.refresh(refreshToken);
    }

    // Both methods are one operation, POST /logout, with two request media types.
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_JSON)
    // No body on success: a client that accepts only problem JSON (its one documented body) is answered too.
    @Produces({ MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE })
    @Operation(operationId = "logOut", summary = "Revoke a refresh token and every token of its login",
            description = "As JSON (refresh_token) or as a form (refresh_token), as OAuth2 clients send tokens")
    @APIResponse(responseCode = "204", description = "Revoked (also when the token was unknown or already revoked)")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public void logOutWithJson(@Valid @NotNull RefreshRequest request) {
        refreshTokens.revoke(request.refreshToken());
    }

    /** The form of the same operation. */
    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({ MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE })
    public void logOutWithForm(@FormParam("refresh_token") @NotBlank String refreshToken) {
        refreshTokens.revoke(refreshToken);
    }
}
