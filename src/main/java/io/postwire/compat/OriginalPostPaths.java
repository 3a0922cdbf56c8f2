package io.postwire.compat;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.postwire.common.ProblemJson;
import io.postwire.common.Roles;
import io.postwire.post.PostRequest;
import io.postwire.post.PostResource;
import io.postwire.post.PostResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

/**
 * The original service's paths under /posts (OriginalServiceResource says why they are kept):
 * a class of their own, because a request goes to the class with the longest matching path, so
 * one at / never sees them. Quarkus REST merges it with PostResource's /posts.
 */
@Deprecated
@Path("/posts")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OriginalServiceResource.TAG)
public class OriginalPostPaths {

    @Inject
    PostResource posts;

    @POST
    @Path("upload")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "uploadPost", summary = "Create a post owned by the caller (the original's path)",
            description = "Use POST /posts instead, which also takes an Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PostResponse.class)),
            headers = @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION))
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public Response upload(@Valid @NotNull PostRequest request) {
        return posts.create(request, null);
    }

    @DELETE
    @Path("delete/{id}")
    // No body on success: a client that accepts only problem JSON (its one documented body) is answered too.
    @Produces({ MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE })
    @Operation(operationId = "deletePostByOriginalPath", summary = "Delete a post (owner only; the original's path)",
            description = "Use DELETE /posts/{id} instead. If-Match is honoured as there.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", ref = "NotOwner")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public void delete(@PathParam("id") long id, @Context Request conditions, @Context HttpHeaders headers) {
        posts.delete(id, conditions, headers);
    }
}
