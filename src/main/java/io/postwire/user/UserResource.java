package io.postwire.user;

import java.net.URI;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "users")
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
    @Operation(summary = "Register an account")
    public Response register(@Valid @NotNull RegisterRequest request) {
        User user = userService.register(request.email(), request.password());
        return Response.created(URI.create("/users/" + user.id)).entity(UserResponse.from(user)).build();
    }

    @POST
    @Path("create_user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an account (the original service's path)")
    public Response createUser(@Valid @NotNull RegisterRequest request) {
        return register(request);
    }

    @GET
    @Path("users/me")
    @RolesAllowed(Roles.USER)
    @Operation(summary = "The account the bearer token belongs to")
    public UserResponse me() {
        return findUser(currentUser.id());
    }

    @GET
    @Path("users/{id}")
    @RolesAllowed(Roles.USER)
    @Operation(summary = "An account by id")
    public UserResponse get(@PathParam("id") long id) {
        return findUser(id);
    }

    private static UserResponse findUser(long id) {
        return User.<User> findByIdOptional(id)
                .map(UserResponse::from)
                .orElseThrow(() -> new NotFoundException("No user with id " + id));
    }
}
