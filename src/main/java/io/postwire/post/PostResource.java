package io.postwire.post;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.postwire.common.CurrentUser;
import io.postwire.common.ProblemJson;
import io.postwire.common.Roles;
import io.postwire.common.SharedWhenAnonymous;
import io.postwire.common.Preferences;
import io.postwire.common.Violations;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

@Path("/posts")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "posts", description = "Posts: anyone reads the published ones, a signed-in user their own drafts too; "
        + "only the owner changes or deletes a post; a signed-in user votes for the posts they see")
public class PostResource {

    static final String TOTAL_COUNT = "X-Total-Count";
    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final String COUNT_EXACT = "count=exact";
    private static final String CURSOR = "cursor";
    private static final String SEARCH = "search";
    /** The bearer-token security scheme (quarkus.smallrye-openapi.security-scheme-name). */
    private static final String BEARER = "bearer";

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Longer search text only costs the trigram search more and matches nothing more useful. */
    static final int SEARCH_MAX_LENGTH = 200;

    @Inject
    CurrentUser currentUser;
    @Inject
    PostService posts;
    @Inject
    PostListing listing;
    @Inject
    IdempotentPostCreation idempotentCreation;
    @Inject
    PostVotes votes;
    @Inject
    PostsConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPost", summary = "Create a post owned by the caller")
    @APIResponse(responseCode = "201", description = "Created; with an Idempotency-Key already used by the same "
            + "request of the caller within its lifetime, the original response again, and nothing created",
            content = @Content(schema = @Schema(implementation = PostResponse.class)),
            headers = @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION))
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is still running", content = @Content(mediaType = ProblemJson.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public Response create(@Valid @NotNull PostRequest request,
            @HeaderParam(IDEMPOTENCY_KEY)
            @Parameter(description = "Makes retries safe (draft-ietf-httpapi-idempotency-key-header): a client-chosen "
                    + "unique value, e.g. a UUID, kept per user for postwire.posts.idempotency-key-lifetime")
            @Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1 to 255 visible ASCII characters")
            String idempotencyKey) {
        if (idempotencyKey == null) {
            PostResponse post = posts.create(currentUser.id(), request);
            return Response.created(URI.create(location(post.id()))).entity(post).build();
        }
        IdempotentPostCreation.Created created = idempotentCreation.create(currentUser.id(), idempotencyKey, request);
        return Response.status(created.status()).location(URI.create(created.location()))
                .type(MediaType.APPLICATION_JSON).entity(created.body()).build();
    }

    /** A post's path, relative: right behind any proxy, whatever host the client used. */
    static String location(long id) {
        return "/posts/" + id;
    }

    @GET
    @PermitAll
    @SharedWhenAnonymous
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = BEARER, scopes = Roles.USER))
    @Operation(operationId = "listPosts", summary = "Posts the caller may see, newest first",
            description = "Without a bearer token the published posts only; with one, the caller's drafts too, "
                    + "and whether the caller voted for each post")
    @APIResponse(responseCode = "200", description = "One page of posts",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PostResponse.class)),
            headers = {
                    @Header(name = TOTAL_COUNT, description = "How many posts match in all: present when at most "
                            + PostListing.COUNT_LIMIT + " match or the page reaches the end of an offset listing, and "
                            + "always with Prefer: count=exact", schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = HttpHeaders.LINK, description = "rel=\"next\": the next page, by cursor (RFC 8288); "
                            + "absent on the last page", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = PREFERENCE_APPLIED, description = "count=exact when the exact total was counted",
                            schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public RestResponse<List<PostResponse>> list(
            // Strings, so that "abc" is a 422 naming the parameter rather than JAX-RS's bare 404.
            @QueryParam("limit") @DefaultValue("10")
            @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
            @Pattern(regexp = "[1-9][0-9]?|100", message = "must be a whole number from 1 to 100") String limit,
            @QueryParam("offset")
            @Parameter(description = "Posts to skip (not with cursor)", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @Pattern(regexp = "[0-9]{1,9}", message = "must be a whole number from 0 to 999999999") String offset,
            @QueryParam(CURSOR)
            @Parameter(description = "Start just past this position: the cursor of a Link rel=\"next\" header (not with offset)")
            @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be a cursor from a Link header") String cursor,
            @QueryParam(SEARCH) @Parameter(description = "Case-insensitive text in the title or content",
                    schema = @Schema(type = SchemaType.STRING, maxLength = SEARCH_MAX_LENGTH))
            @Size(max = SEARCH_MAX_LENGTH) String search,
            @HeaderParam(PREFER) @Parameter(description = "count=exact counts every matching post for X-Total-Count")
            String prefer,
            @Context UriInfo uri) {
        boolean exactTotal = Preferences.parse(prefer).contains(COUNT_EXACT);
        Long viewerId = currentUser.idIfSignedIn();
        PostListing.Page page = listing.page(viewerId, search, start(offset, cursor), Integer.parseInt(limit),
                exactTotal);
        RestResponse.ResponseBuilder<List<PostResponse>> response = RestResponse.ResponseBuilder.ok(
                page.posts().stream().map(post -> PostResponse.from(post, viewerId != null)).toList());
        page.total().ifPresent(total -> response.header(TOTAL_COUNT, total));
        page.next().ifPresent(next -> response.header(HttpHeaders.LINK, Link.fromUri(nextPage(uri, next))
                .rel("next").build()));
        if (exactTotal) {
            response.header(PREFERENCE_APPLIED, COUNT_EXACT);
        }
        return response.build();
    }

    @GET
    @Path("{id}")
    @PermitAll
    @SharedWhenAnonymous
    @SecurityRequirementsSet
    @SecurityRequirementsSet(@SecurityRequirement(name = BEARER, scopes = Roles.USER))
    @Operation(operationId = "getPost", summary = "A post; a draft is found by its owner only",
            description = "Without a bearer token a published post only; with one, whether the caller voted for it")
    @APIResponse(responseCode = "200", description = "The post",
            headers = @Header(name = HttpHeaders.ETAG, description = "The post's version, for If-None-Match and If-Match",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match names the current ETag: not modified",
            headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response get(@PathParam("id") long id, @Context Request conditions) {
        Long viewerId = currentUser.idIfSignedIn();
        PostView post = Post.viewVisible(id, viewerId).orElseThrow(() -> PostService.notFound(id));
        return PostPreconditions.notModified(conditions, post.version())
                .orElseGet(() -> Response.ok(PostResponse.from(post, viewerId != null))
                        .tag(PostPreconditions.entityTag(post.version())).build());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replacePost",
            summary = "Replace a post's title, content and published flag (owner only)",
            description = "With If-Match, only while the post still has that ETag (else 412, nothing changes); "
                    + "without it the last write wins, unless postwire.posts.require-if-match makes it a 428.")
    @APIResponse(responseCode = "200", description = "The replaced post",
            headers = @Header(name = HttpHeaders.ETAG, description = "The post's new version",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "403", ref = "NotOwner")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public Response replace(@PathParam("id") long id, @Valid @NotNull PostRequest request,
            @Context Request conditions, @Context HttpHeaders headers) {
        PostService.Versioned replaced = posts.replace(id, currentUser.id(), request,
                version -> PostPreconditions.requireMatch(conditions, headers, config.requireIfMatch(), version));
        return Response.ok(replaced.post()).tag(PostPreconditions.entityTag(replaced.version())).build();
    }

    @DELETE
    @Path("{id}")
    // No body on success: a client that accepts only problem JSON (its one documented body) is answered too.
    @Produces({ MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE })
    @Operation(operationId = "deletePost", summary = "Delete a post (owner only)",
            description = "With If-Match, only while the post still has that ETag (else 412, nothing changes).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", ref = "NotOwner")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "428", ref = "PreconditionRequired")
    public void delete(@PathParam("id") long id, @Context Request conditions, @Context HttpHeaders headers) {
        posts.delete(id, currentUser.id(),
                version -> PostPreconditions.requireMatch(conditions, headers, config.requireIfMatch(), version));
    }

    @PUT
    @Path("{id}/vote")
    @Produces({ MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE })
    @Operation(operationId = "voteForPost", summary = "Vote for a post (once per user; again changes nothing)",
            description = "A vote changes the post's ETag, since the post's votes count changes")
    @APIResponse(responseCode = "204", description = "The caller's vote is counted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void vote(@PathParam("id") long id) {
        votes.cast(id, currentUser.id());
    }

    @DELETE
    @Path("{id}/vote")
    @Produces({ MediaType.APPLICATION_JSON, ProblemJson.MEDIA_TYPE })
    @Operation(operationId = "withdrawVote", summary = "Take the caller's vote for a post back (none: nothing changes)")
    @APIResponse(responseCode = "204", description = "The caller has no vote for the post")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void withdrawVote(@PathParam("id") long id) {
        votes.withdraw(id, currentUser.id());
    }

    /**
     * This request's path and query with the cursor in place of any offset, as a reference relative
     * to the request (RFC 8288 allows it): right behind any proxy, whatever host the client used.
     */
    private static URI nextPage(UriInfo uri, Cursor next) {
        URI page = uri.getRequestUriBuilder().replaceQueryParam("offset").replaceQueryParam(CURSOR, next.encode())
                .build();
        return URI.create(page.getRawPath() + "?" + page.getRawQuery());
    }

    /** Offset and cursor are two ways to say where a page starts: one at a time. */
    private static PostListing.Start start(String offset, String cursor) {
        if (cursor == null) {
            return new PostListing.Start.AtOffset(offset == null ? 0 : Integer.parseInt(offset));
        }
        if (offset != null) {
            throw Violations.unprocessable("offset", "query", "must not be given together with cursor");
        }
        return new PostListing.Start.After(Cursor.decode(cursor)
                .orElseThrow(() -> Violations.unprocessable(CURSOR, "query", "must be a cursor from a Link header")));
    }
}
