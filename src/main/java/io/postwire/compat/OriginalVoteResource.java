package io.postwire.compat;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.postwire.common.CurrentUser;
import io.postwire.common.ProblemJson;
import io.postwire.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The original FastAPI service's vote, kept for its clients: unlike its other paths
 * (OriginalPathAliases) it is no old name of an endpoint, since Postwire's own vote is idempotent
 * and this one is not. Deprecated in the OpenAPI document, where it names the endpoints to use
 * instead; docs/migrating.md lists what differs from the original.
 */
@Deprecated
@Path("/votes")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OriginalVoteResource.TAG, description = "The paths of the service Postwire replaced, for its clients: "
        + "deprecated, each names the path to use instead")
public class OriginalVoteResource {

    static final String TAG = "original service";

    @Inject
    CurrentUser currentUser;
    @Inject
    OriginalVotes votes;

    @POST
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
