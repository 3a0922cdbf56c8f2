package io.postwire.auth;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /login}: the OAuth2 password form, or the same credentials as JSON. */
@Path("/login")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "auth")
public class LoginResource {

    private final TokenService tokenService;

    LoginResource(TokenService tokenService) {
        this.tokenService = tokenService;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Log in with the OAuth2 password form (username = email)")
    @APIResponse(responseCode = "401", description = "Incorrect email or password")
    @APIResponse(responseCode = "422", description = "username or password missing")
    public TokenResponse loginWithForm(@FormParam("username") @NotBlank String username,
            @FormParam("password") @NotBlank String password) {
        return tokenService.login(username, password);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Log in with email and password as JSON")
    @APIResponse(responseCode = "401", description = "Incorrect email or password")
    @APIResponse(responseCode = "422", description = "email or password missing")
    public TokenResponse loginWithJson(@Valid @NotNull LoginRequest request) {
        return tokenService.login(request.email(), request.password());
    }
}
