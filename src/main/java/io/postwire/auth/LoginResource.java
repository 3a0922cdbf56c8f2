package io.postwire.auth;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

import io.postwire.ratelimit.ClientAddress;
import io.postwire.token.TokenResponse;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /login}: the OAuth2 password form, or the same credentials as JSON. */
@Path("/login")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class LoginResource {

    private static final String TOO_MANY_FAILURES = "Too many failed logins for this account, this client address "
            + "or both (postwire.login-limit.*); the attempt was not checked";

    private final LoginService loginService;

    LoginResource(LoginService loginService) {
        this.loginService = loginService;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Log in with the OAuth2 password form (username = email)")
    @APIResponse(responseCode = "200", description = "An access token and a refresh token",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Incorrect email or password")
    @APIResponse(responseCode = "422", description = "username or password missing")
    @APIResponse(responseCode = "429", description = TOO_MANY_FAILURES,
            headers = @Header(name = "Retry-After", description = "Seconds until the limit's window ends",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public TokenResponse loginWithForm(@FormParam("username") @NotBlank String username,
            @FormParam("password") @NotBlank String password, @Context HttpServerRequest request) {
        return loginService.login(username, password, ClientAddress.of(request));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Log in with email and password as JSON")
    @APIResponse(responseCode = "200", description = "An access token and a refresh token",
            content = @Content(schema = @Schema(implementation = TokenResponse.class)))
    @APIResponse(responseCode = "401", description = "Incorrect email or password")
    @APIResponse(responseCode = "422", description = "email or password missing")
    @APIResponse(responseCode = "429", description = TOO_MANY_FAILURES,
            headers = @Header(name = "Retry-After", description = "Seconds until the limit's window ends",
                    schema = @Schema(type = SchemaType.INTEGER)))
    public TokenResponse loginWithJson(@Valid @NotNull LoginRequest credentials, @Context HttpServerRequest request) {
        return loginService.login(credentials.email(), credentials.password(), ClientAddress.of(request));
    }
}
