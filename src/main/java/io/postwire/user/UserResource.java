package io.postwire.user;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.postwire.auth.CurrentUser;
import io.postwire.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users", description = "Accounts: registration is open; reading an account needs a bearer token")
public class UserResource {

    private final UserService userService;
    private final CurrentUser currentUser;

    UserResource(UserService userService, CurrentUser currentUser) {
        this.userService = userService;
        this.currentUser = currentUser;
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerUser", summary = "Register an account")
    @SecurityRequirements
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = UserResponse.class)),
            headers = @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public RestResponse<UserResponse> register(@Valid @NotNull RegisterRequest request) {
        User user = userService.register(request.email(), request.password());
        return RestResponse.ResponseBuilder.<UserResponse> created(URI.create("/users/" + user.id))
                .entity(UserResponse.from(user))
                .build();
    }

    @POST
    @Path("create_user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Register an account (the original service's path)")
    @SecurityRequirements
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = UserResponse.class)),
            headers = @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public RestResponse<UserResponse> createUser(@Valid @NotNull RegisterRequest request) {
        return register(request);
    }

    @GET
    @Path("users/me")
    @RolesAllowed(Roles.USER)
    @Operation(operationId = "getCurrentUser", summary = "The account the bearer token belongs to")
    @APIResponse(responseCode = "200", description = "The caller's account",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    public UserResponse me() {
        return findUser(currentUser.id());
    }

    @GET
    @Path("users/{id}")
    @RolesAllowed(Roles.USER)
    @Operation(operationId = "getUser", summary = "An account by id")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public UserResponse get(@PathParam("id") long id) {
        return findUser(id);
    }

    private static UserResponse findUser(long id) {
        return User.<User> findByIdOptional(id)
                .map(UserResponse::from)
                .orElseThrow(() -> new NotFoundException("No user with id " + id));
    }
}
