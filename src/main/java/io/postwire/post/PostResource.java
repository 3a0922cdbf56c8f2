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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.postwire.auth.CurrentUser;
import io.postwire.auth.Roles;
import io.postwire.auth.UnauthorizedProblem;
import io.postwire.common.Preferences;
import io.postwire.common.Violations;
import io.postwire.user.User;
import org.hibernate.exception.ConstraintViolationException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
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
import jakarta.ws.rs.core.UriInfo;

@Path("/posts")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "posts")
public class PostResource {

    static final String TOTAL_COUNT = "X-Total-Count";
    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final String COUNT_EXACT = "count=exact";
    private static final String CURSOR = "cursor";
    private static final String SEARCH = "search";

    private final CurrentUser currentUser;
    private final PostMetrics metrics;

    PostResource(CurrentUser currentUser, PostMetrics metrics) {
        this.currentUser = currentUser;
        this.metrics = metrics;
    }

    @POST
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a post owned by the caller")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "422", description = "Invalid title, content or published flag")
    public RestResponse<PostResponse> create(@Valid @NotNull PostRequest request) {
        // The owner by reference (no select): the token names it, and its foreign key checks it exists.
        Post post = new Post(User.reference(currentUser.id()), request.title(), request.content(),
                request.publishedOrDefault());
        try {
            post.persist();
        } catch (ConstraintViolationException e) {
            if (Post.OWNER_FOREIGN_KEY.equals(e.getConstraintName())) {
                throw UnauthorizedProblem.invalidToken("The token's user no longer exists");
            }
            throw e;
        }
        metrics.created();
        return RestResponse.ResponseBuilder.<PostResponse> created(URI.create("/posts/" + post.id))
                .entity(PostResponse.from(post, currentUser.email()))
                .build();
    }

    @GET
    @Operation(summary = "Posts the caller may see, newest first")
    @APIResponse(responseCode = "200", description = "One page of posts",
            headers = {
                    @Header(name = TOTAL_COUNT, description = "How many posts match in all: present when at most "
                            + Post.COUNT_LIMIT + " match or the page reaches the end of an offset listing, and "
                            + "always with Prefer: count=exact", schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = HttpHeaders.LINK, description = "rel=\"next\": the next page, by cursor (RFC 8288); "
                            + "absent on the last page", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = PREFERENCE_APPLIED, description = "count=exact when the exact total was counted",
                            schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "422", description = "limit, offset or cursor out of range, or offset and cursor together")
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
            @QueryParam(SEARCH) @Parameter(description = "Case-insensitive text in the title or content")
            String search,
            @HeaderParam(PREFER) @Parameter(description = "count=exact counts every matching post for X-Total-Count")
            String prefer,
            @Context UriInfo uri) {
        boolean exactTotal = Preferences.parse(prefer).contains(COUNT_EXACT);
        Post.Page page = Post.pageVisible(currentUser.id(), search, start(offset, cursor), Integer.parseInt(limit),
                exactTotal);
        List<PostResponse> posts = page.posts().stream().map(PostResponse::from).toList();
        RestResponse.ResponseBuilder<List<PostResponse>> response = RestResponse.ResponseBuilder.ok(posts);
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
    @Operation(summary = "A post; another user's draft is not found")
    @APIResponse(responseCode = "404", description = "No such post visible to the caller")
    public PostResponse get(@PathParam("id") long id) {
        return Post.viewVisible(id, currentUser.id()).map(PostResponse::from).orElseThrow(() -> notFound(id));
    }

    @PUT
    @Path("{id}")
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a post's title, content and published flag (owner only)")
    @APIResponse(responseCode = "403", description = "The caller does not own the post")
    @APIResponse(responseCode = "404", description = "No such post visible to the caller")
    @APIResponse(responseCode = "422", description = "Invalid title, content or published flag; nothing changed")
    public PostResponse replace(@PathParam("id") long id, @Valid @NotNull PostRequest request) {
        Post post = findOwned(id);
        post.replace(request.title(), request.content(), request.publishedOrDefault());
        metrics.updated();
        return PostResponse.from(post);
    }

    @DELETE
    @Path("{id}")
    @Transactional
    @Operation(summary = "Delete a post (owner only)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "The caller does not own the post")
    @APIResponse(responseCode = "404", description = "No such post visible to the caller")
    public void delete(@PathParam("id") long id) {
        findOwned(id).delete();
        metrics.deleted();
    }

    private Post findOwned(long id) {
        Post post = Post.findVisible(id, currentUser.id()).orElseThrow(() -> notFound(id));
        if (!post.isOwnedBy(currentUser.id())) {
            throw new ForbiddenException("Only the owner may change or delete this post");
        }
        return post;
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No post with id " + id);
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
    private static Post.Start start(String offset, String cursor) {
        if (cursor == null) {
            return new Post.Start.AtOffset(offset == null ? 0 : Integer.parseInt(offset));
        }
        if (offset != null) {
            throw Violations.unprocessable("offset", "query", "must not be given together with cursor");
        }
        return new Post.Start.After(Cursor.decode(cursor)
                .orElseThrow(() -> Violations.unprocessable(CURSOR, "query", "must be a cursor from a Link header")));
    }
}
