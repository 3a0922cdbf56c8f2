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
import io.postwire.ratelimit.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /login}: the OAuth2 password form, or the same credentials as JSON. */
@Path("/login")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth", description = "Log in for a bearer token (a signed JWT) to send as Authorization: Bearer")
// Both methods are one operation, POST /login, with two request media types.
@SecurityRequirements
@APIResponse(responseCode = "200", description = "Logged in",
        content = @Content(schema = @Schema(implementation = TokenResponse.class)),
        headers = @Header(name = HttpHeaders.CACHE_CONTROL, description = "no-store: never cache a token",
                schema = @Schema(type = SchemaType.STRING, enumeration = "no-store")))
@APIResponse(responseCode = "401", ref = "Unauthorized")
@APIResponse(responseCode = "422", ref = "UnprocessableEntity")
@APIResponse(responseCode = "429", description = LoginResource.TOO_MANY_FAILURES,
        headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds until the limit's window ends",
                schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = ProblemJson.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
public class LoginResource {

    static final String TOO_MANY_FAILURES = "Too many failed logins for this account, this client address "
            + "or both (postwire.limits.login.*); the attempt was not checked";

    @Inject
    LoginService loginService;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TokenResponse loginWithForm(@FormParam("username") @NotBlank String username,
            @FormParam("password") @NotBlank String password, @Context HttpServerRequest request) {
        return loginService.login(username, password, ClientAddress.of(request));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "login", summary = "Log in with email and password",
            description = "As JSON (email, password) or as the OAuth2 password form (username = the email, password)")
    public TokenResponse loginWithJson(@Valid @NotNull LoginRequest credentials, @Context HttpServerRequest request) {
        return loginService.login(credentials.email(), credentials.password(), ClientAddress.of(request));
    }
}
