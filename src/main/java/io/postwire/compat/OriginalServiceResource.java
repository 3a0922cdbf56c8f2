package io.postwire.compat;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.postwire.common.CurrentUser;
import io.postwire.common.ProblemJson;
import io.postwire.common.Roles;
import io.postwire.user.RegisterRequest;
import io.postwire.user.UserResource;
import io.postwire.user.UserResponse;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The paths of the FastAPI service Postwire replaced, kept so that its clients go on working
 * (those under /posts in OriginalPostPaths, since the longest class path picks the class):
 * each calls the endpoint it is an old name of, so that it behaves as that one does, or (the
 * votes, which had no such endpoint) the feature's service; the OpenAPI document marks every one
 * deprecated (the class is) and names the path to use instead. Where the original and Postwire
 * share a path (GET and PUT /posts/{id}, GET /posts), Postwire's own endpoint answers; a trailing
 * slash reaches the same method as the path without it. docs/migrating.md lists what differs.
 */
@Deprecated
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OriginalServiceResource.TAG, description = "The paths of the service Postwire replaced, for its clients: "
        + "deprecated, each names the path to use instead")
public class OriginalServiceResource {

    static final String TAG = "original service";

    @Inject
    CurrentUser currentUser;
    @Inject
    UserResource registration;
    @Inject
    OriginalVotes votes;

    @POST
    @Path("create_user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Register an account (the original's path)",
            description = "Use POST /users instead, where the name is optional. Here it is required: the "
                    + "original's clients always send one.")
    @SecurityRequirements
    @APIResponse(responseCode = "201", description = "Registered, as by POST /users",
            content = @Content(schema = @Schema(implementation = UserResponse.class)),
            headers = @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION))
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    @APIResponse(responseCode = "429", ref = "TooManyRegistrations")
    public RestResponse<UserResponse> createUser(@Valid @NotNull @NameRequired RegisterRequest request,
            @Context HttpServerRequest httpRequest) {
        return registration.register(request, httpRequest);
    }

    @POST
    @Path("votes")
    @RolesAllowed(Roles.USER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "voteByOriginalPath",
            summary = "Vote for a post (dir 1) or take the vote back (dir 0 or less; the original's path)",
            description = "Use PUT or DELETE /posts/{id}/vote instead, which are idempotent (204 whether or not "
                    + "the caller had voted).")
    @APIResponse(responseCode = "201", description = "The vote is added, or taken back",
            content = @Content(schema = @Schema(implementation = VoteOutcome.class)))
    @APIResponse(responseCode = "404", description = "No post with post_id that the caller may see, or (dir below 1) "
            + "the caller has no vote for it",
            content = @Content(mediaType = ProblemJson.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "409", description = "dir 1: the caller has voted for the post already",
            content = @Content(mediaType = ProblemJson.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public RestResponse<VoteOutcome> vote(@Valid @NotNull VoteRequest request) {
        return RestResponse.status(RestResponse.Status.CREATED, votes.apply(currentUser.id(), request));
    }
}
