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
import io.postwire.user.User;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("/posts")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "posts", description = "Posts: anyone signed in reads the published ones and their own drafts; only the owner changes or deletes a post")
public class PostResource {

    static final String TOTAL_COUNT = "X-Total-Count";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final CurrentUser currentUser;
    private final PostMetrics metrics;

    PostResource(CurrentUser currentUser, PostMetrics metrics) {
        this.currentUser = currentUser;
        this.metrics = metrics;
    }

    @POST
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createPost", summary = "Create a post owned by the caller")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = PostResponse.class)),
            headers = @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION))
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public RestResponse<PostResponse> create(@Valid @NotNull PostRequest request) {
        User owner = User.<User> findByIdOptional(currentUser.id())
                .orElseThrow(() -> UnauthorizedProblem.invalidToken("The token's user no longer exists"));
        Post post = new Post(owner, request.title(), request.content(), request.publishedOrDefault());
        post.persist();
        metrics.created();
        return RestResponse.ResponseBuilder.<PostResponse> created(URI.create("/posts/" + post.id))
                .entity(PostResponse.from(post))
                .build();
    }

    @GET
    @Operation(operationId = "listPosts", summary = "Posts the caller may see, newest first")
    @APIResponse(responseCode = "200", description = "One page of posts",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PostResponse.class)),
            headers = @Header(name = TOTAL_COUNT, description = "How many posts match in all: exact up to "
                    + Post.COUNT_LIMIT + " and on the last page; otherwise a value from " + Post.COUNT_LIMIT
                    + " up means at least that many",
                    schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public RestResponse<List<PostResponse>> list(
            // Strings, so that "abc" is a 422 naming the parameter rather than JAX-RS's bare 404.
            @QueryParam("limit") @DefaultValue("10")
            @Parameter(description = "Page size", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
            @Pattern(regexp = "[1-9][0-9]?|100", message = "must be a whole number from 1 to 100") String limit,
            @QueryParam("offset") @DefaultValue("0")
            @Parameter(description = "Posts to skip", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @Pattern(regexp = "[0-9]{1,9}", message = "must be a whole number from 0 to 999999999") String offset,
            @QueryParam("search") @Parameter(description = "Case-insensitive text in the title or content")
            String search) {
        Post.Page page = Post.pageVisible(currentUser.id(), search, Integer.parseInt(offset), Integer.parseInt(limit));
        List<PostResponse> posts = page.posts().stream().map(PostResponse::from).toList();
        return RestResponse.ResponseBuilder.ok(posts).header(TOTAL_COUNT, page.total()).build();
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getPost", summary = "A post; another user's draft is not found")
    @APIResponse(responseCode = "200", description = "The post",
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public PostResponse get(@PathParam("id") long id) {
        return PostResponse.from(findVisible(id));
    }

    @PUT
    @Path("{id}")
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replacePost", summary = "Replace a post's title, content and published flag (owner only)")
    @APIResponse(responseCode = "200", description = "The post as replaced",
            content = @Content(schema = @Schema(implementation = PostResponse.class)))
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "422", ref = "UnprocessableEntity")
    public PostResponse replace(@PathParam("id") long id, @Valid @NotNull PostRequest request) {
        Post post = findOwned(id);
        post.replace(request.title(), request.content(), request.publishedOrDefault());
        metrics.updated();
        return PostResponse.from(post);
    }

    @DELETE
    @Path("{id}")
    @Transactional
    // No body on success: a client that accepts only problem JSON (its one documented body) is answered too.
    @Produces({ MediaType.APPLICATION_JSON, PROBLEM_JSON })
    @Operation(operationId = "deletePost", summary = "Delete a post (owner only)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public void delete(@PathParam("id") long id) {
        findOwned(id).delete();
        metrics.deleted();
    }

    private Post findVisible(long id) {
        return Post.findVisible(id, currentUser.id())
                .orElseThrow(() -> new NotFoundException("No post with id " + id));
    }

    private Post findOwned(long id) {
        Post post = findVisible(id);
        if (!post.isOwnedBy(currentUser.id())) {
            throw new ForbiddenException("Only the owner may change or delete this post");
        }
        return post;
    }
}
