package io.postwire.user;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.postwire.common.CurrentUser;
import io.postwire.common.ProblemJson;
import io.postwire.common.Roles;
import io.postwire.ratelimit.ClientAddress;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("/users")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = UserResource.TAG, description = "Accounts: registration is open; reading or changing an account needs a bearer token")
public class UserResource {

    static final String TAG = "users";

    /** RFC 7396's media type. */
    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    @Inject
    UserService userService;
    @Inject
    CurrentUser currentUser;

    @GET
    @Path("me")
    @Operation(operationId = "getCurrentUser", summary = "The account the bearer token belongs to")
    @APIResponse(responseCode = "200", description = "The caller's account",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    public UserResponse me() {
        return findUser(currentUser.id());
    }

    @PATCH
    @Path("me")
    @Consumes({ MERGE_PATCH_JSON, MediaType.APPLICATION_JSON })
    @Operation(operationId = "updateCurrentUser", summary = "Change the caller's name or age",
            description = "A JSON merge patch (RFC 7396): a member sent as null removes the value, an absent one "
                    + "leaves it. The email and password do not change here: any other member is a 422.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = ProfilePatch.class)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProfilePatch.class)) })
    @APIResponse(responseCode = "200", description = "The caller's account as changed",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public UserResponse updateMe(@Valid @NotNull ProfilePatch patch) {
        long id = currentUser.id();
        return UserResponse.shownTo(id, userService.changeProfile(id, patch));
    }

    @PUT
    @Path("me/password")
    @Consumes(MediaType.APPLICATION_JSON)
    // No body on success: a client that accepts only problem JSON (its one documented body) is answered too.
    @Produces({ MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE })
    @Operation(operationId = "changePassword",
            summary = "Change the caller's password; every refresh token of the account is revoked")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "403", description = "current_password is incorrect",
            content = @Content(mediaType = ProblemJson.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    @APIResponse(responseCode = "429", description = "Too many wrong passwords for this account (the login limits)",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, ref = HttpHeaders.RETRY_AFTER),
            content = @Content(mediaType = ProblemJson.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public void changePassword(@Valid @NotNull PasswordChangeRequest request, @Context HttpServerRequest httpRequest) {
        userService.changePassword(currentUser.id(), request.currentPassword(), request.newPassword(),
                ClientAddress.of(httpRequest));
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getUser", summary = "An account by id (its age only when it is the caller's own)")
    @APIResponse(responseCode = "200", description = "The account",
            content = @Content(schema = @Schema(implementation = UserResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public UserResponse get(@PathParam("id") long id) {
        return findUser(id);
    }

    private UserResponse findUser(long id) {
        return User.<User> findByIdOptional(id)
                .map(user -> UserResponse.shownTo(currentUser.id(), user))
                .orElseThrow(() -> UserService.notFound(id));
    }
}
