package io.postwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;

import io.postwire.client.ApiClient;
import io.postwire.client.ApiException;
import io.postwire.client.ApiResponse;
import io.postwire.client.api.AuthApi;
import io.postwire.client.api.OriginalServiceApi;
import io.postwire.client.api.PostsApi;
import io.postwire.client.api.UsersApi;
import io.postwire.client.model.LoginRequest;
import io.postwire.client.model.PostRequest;
import io.postwire.client.model.PostResponse;
import io.postwire.client.model.Problem;
import io.postwire.client.model.ProfilePatch;
import io.postwire.client.model.RefreshRequest;
import io.postwire.client.model.RegisterRequest;
import io.postwire.client.model.TokenResponse;
import io.postwire.client.model.UserResponse;
import io.postwire.client.model.VoteOutcome;
import io.postwire.client.model.VoteRequest;
import io.postwire.support.ProdProfileConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged app driven only through the Java client the build generates from its
 * OpenAPI document (pom.xml, profile openapi-client): if the document lies about a path,
 * a parameter, a status, a header or a field, these calls fail. The client's JSON mapper
 * fails on properties the document does not declare. A new endpoint gets a test here that
 * calls its generated method (docs/api.md).
 */
@QuarkusIntegrationTest
@WithTestResource(ProdProfileConfig.class)
class GeneratedClientIT {

    private static final String PASSWORD = "correct horse battery staple";

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void registerOnBothRoutesAndLogInAsJsonAndAsForm() throws ApiException {
        UsersApi users = new UsersApi(client(request -> {
        }));
        String email = uniqueEmail();
        ApiResponse<UserResponse> registered = users.registerUserWithHttpInfo(new RegisterRequest().email(email).password(PASSWORD));
        assertEquals(201, registered.getStatusCode());
        assertEquals(email, registered.getData().getEmail());
        assertEquals("/users/" + registered.getData().getId(), URI.create(header(registered, "Location")).getPath());
        assertNotNull(header(registered, "X-Request-Id"));

        ApiResponse<UserResponse> aliased = new OriginalServiceApi(client(request -> {
        })).createUserWithHttpInfo(new RegisterRequest().email(uniqueEmail()).password(PASSWORD).name("Ada"));
        assertEquals(201, aliased.getStatusCode());
        assertEquals("Ada", aliased.getData().getName());

        ApiResponse<TokenResponse> json = new AuthApi(client(request -> {
        })).loginWithHttpInfo(new LoginRequest().email(email).password(PASSWORD));
        assertEquals("no-store", header(json, "Cache-Control"));
        assertEquals("bearer", json.getData().getTokenType());
        assertTrue(json.getData().getExpiresIn() > 0);

        TokenResponse form = loginWithForm(email, PASSWORD);
        UsersApi signedIn = new UsersApi(client(bearer(form.getAccessToken())));
        assertEquals(email, signedIn.getCurrentUser().getEmail());
        assertEquals(email, signedIn.getUser(registered.getData().getId()).getEmail());
    }

    @Test
    void registerWithAProfileAndChangeItWithAMergePatch() throws ApiException {
        String email = uniqueEmail();
        UserResponse registered = new UsersApi(client(request -> {
        })).registerUser(new RegisterRequest().email(email).password(PASSWORD).name("Ada").age(36));
        assertEquals("Ada", registered.getName());
        assertEquals(36, registered.getAge());

        UsersApi owner = new UsersApi(client(bearer(new AuthApi(client(request -> {
        })).login(new LoginRequest().email(email).password(PASSWORD)).getAccessToken())));
        ApiResponse<UserResponse> changed = owner.updateCurrentUserWithHttpInfo(new ProfilePatch().name("Ada Lovelace"));
        assertEquals(200, changed.getStatusCode());
        assertEquals("Ada Lovelace", changed.getData().getName());
        assertEquals(36, changed.getData().getAge());
        assertEquals(36, owner.getCurrentUser().getAge());

        UserResponse seenByAnother = new UsersApi(client(bearer(newAccountToken(uniqueEmail())))).getUser(registered.getId());
        assertEquals("Ada Lovelace", seenByAnother.getName());
        assertNull(seenByAnother.getAge());

        Problem tooOld = problem(assertProblem(422, () -> owner.updateCurrentUser(new ProfilePatch().age(151))));
        assertEquals("age", tooOld.getViolations().get(0).getField());
    }

    @Test
    void createListSearchGetReplaceAndDeletePosts() throws ApiException {
        PostsApi posts = new PostsApi(client(bearer(newAccountToken(uniqueEmail()))));
        String marker = "client-" + UUID.randomUUID();

        ApiResponse<PostResponse> created = posts.createPostWithHttpInfo(new PostRequest().title(marker + " one").content("first"), null);
        assertEquals(201, created.getStatusCode());
        long id = created.getData().getId();
        assertEquals("/posts/" + id, URI.create(header(created, "Location")).getPath());
        assertEquals(true, created.getData().getPublished());
        assertEquals(created.getData().getOwnerId(), created.getData().getOwner().getId());
        posts.createPost(new PostRequest().title("two").content(marker + " in the content"), null);
        posts.createPost(new PostRequest().title(marker + " three").content("a draft").published(false), null);

        ApiResponse<List<PostResponse>> firstPage = posts.listPostsWithHttpInfo(null, 2, 0, marker.toUpperCase(), null);
        assertEquals("3", header(firstPage, "X-Total-Count"));
        assertEquals(2, firstPage.getData().size());
        assertEquals(marker + " three", firstPage.getData().get(0).getTitle()); // newest first
        ApiResponse<List<PostResponse>> lastPage = posts.listPostsWithHttpInfo(null, 2, 2, marker, null);
        assertEquals(List.of(id), lastPage.getData().stream().map(PostResponse::getId).toList());
        // The Link header's next page, by cursor; the exact total when asked for.
        Matcher next = Pattern.compile("[?&]cursor=([^&>]+)").matcher(header(firstPage, "Link"));
        assertTrue(next.find(), header(firstPage, "Link"));
        ApiResponse<List<PostResponse>> byCursor = posts.listPostsWithHttpInfo(next.group(1), 2, null, marker,
                "count=exact");
        assertEquals(List.of(id), byCursor.getData().stream().map(PostResponse::getId).toList());
        assertEquals("3", header(byCursor, "X-Total-Count"));
        assertEquals("count=exact", header(byCursor, "Preference-Applied"));

        assertEquals("first", posts.getPost(id).getContent());
        PostResponse replaced = posts.replacePost(id, new PostRequest().title(marker).content("replaced").published(false));
        assertEquals("replaced", replaced.getContent());
        assertEquals(false, replaced.getPublished());

        PostsApi anonymous = new PostsApi(client(request -> {
        }));
        posts.replacePost(id, new PostRequest().title(marker).content("published").published(true));
        assertEquals(204, posts.voteForPostWithHttpInfo(id).getStatusCode());
        assertEquals(1, anonymous.getPost(id).getVotes());
        assertEquals(null, anonymous.getPost(id).getVoted());
        assertEquals(true, posts.getPost(id).getVoted());
        assertEquals(204, posts.withdrawVoteWithHttpInfo(id).getStatusCode());
        assertEquals(0, posts.getPost(id).getVotes());

        assertEquals(204, posts.deletePostWithHttpInfo(id).getStatusCode());
        assertProblem(404, () -> posts.getPost(id));
    }

    @Test
    void votesAreCountedOncePerUserAndTakenBackAlsoOnTheOriginalsPaths() throws ApiException {
        String token = newAccountToken(uniqueEmail());
        PostsApi posts = new PostsApi(client(bearer(token)));
        long id = posts.createPost(new PostRequest().title("vote").content("for me"), null).getId();
        assertEquals(204, posts.voteForPostWithHttpInfo(id).getStatusCode());
        posts.voteForPost(id);
        PostResponse voted = posts.getPost(id);
        assertEquals(1, voted.getVotes());
        assertEquals(true, voted.getVoted());
        assertEquals(204, posts.withdrawVoteWithHttpInfo(id).getStatusCode());
        posts.withdrawVote(id);
        assertEquals(0, posts.getPost(id).getVotes());
        assertProblem(404, () -> posts.voteForPost(Long.MAX_VALUE));

        OriginalServiceApi original = new OriginalServiceApi(client(bearer(token)));
        ApiResponse<PostResponse> uploaded = original.uploadPostWithHttpInfo(new PostRequest().title("old").content("path"), null);
        assertEquals(201, uploaded.getStatusCode());
        long uploadedId = uploaded.getData().getId();
        ApiResponse<VoteOutcome> added = original.voteByOriginalPathWithHttpInfo(new VoteRequest().postId(uploadedId).dir(1));
        assertEquals(201, added.getStatusCode());
        assertNotNull(added.getData().getMessage());
        assertProblem(409, () -> original.voteByOriginalPath(new VoteRequest().postId(uploadedId).dir(1)));
        original.voteByOriginalPath(new VoteRequest().postId(uploadedId).dir(0));
        assertProblem(404, () -> original.voteByOriginalPath(new VoteRequest().postId(uploadedId).dir(0)));
        assertEquals(204, original.deletePostByOriginalPathWithHttpInfo(uploadedId).getStatusCode());
        assertProblem(404, () -> posts.getPost(uploadedId));
    }

    @Test
    void errorsAreProblemDetails() throws ApiException {
        String email = uniqueEmail();
        PostsApi owner = new PostsApi(client(bearer(newAccountToken(email))));
        PostsApi other = new PostsApi(client(bearer(newAccountToken(uniqueEmail()))));
        long id = owner.createPost(new PostRequest().title("mine").content("only I change it"), null).getId();

        ApiException anonymous = assertProblem(401, () -> new PostsApi(client(request -> {
        })).createPost(new PostRequest().title("anonymous").content("no token"), null));
        assertTrue(anonymous.getResponseHeaders().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
        assertProblem(401, () -> new PostsApi(client(bearer("not-a-token"))).getPost(id));
        assertProblem(401, () -> new AuthApi(client(request -> {
        })).login(new LoginRequest().email(email).password("wrong password")));

        assertProblem(403, () -> other.replacePost(id, new PostRequest().title("theirs").content("no")));
        assertProblem(403, () -> other.deletePost(id));
        assertProblem(404, () -> owner.getPost(Long.MAX_VALUE));
        assertProblem(409, () -> new UsersApi(client(request -> {
        })).registerUser(new RegisterRequest().email(email).password(PASSWORD)));

        Problem blankTitle = problem(assertProblem(422, () -> owner.createPost(new PostRequest().title(" ").content("x"), null)));
        assertEquals("title", blankTitle.getViolations().get(0).getField());
        assertEquals("body", blankTitle.getViolations().get(0).getIn());
        Problem badLimit = problem(assertProblem(422, () -> owner.listPosts(null, 0, null, null, null)));
        assertEquals("query", badLimit.getViolations().get(0).getIn());
    }

    @Test
    void refreshTokensRotateLogoutRevokesRetriedCreatesHappenOnceAndPostsCarryETags() throws ApiException {
        String email = uniqueEmail();
        newAccountToken(email);
        AuthApi auth = new AuthApi(client(request -> {
        }));
        TokenResponse first = auth.login(new LoginRequest().email(email).password(PASSWORD));
        TokenResponse second = auth.refreshTokens(new RefreshRequest().refreshToken(first.getRefreshToken()));
        assertNotEquals(first.getRefreshToken(), second.getRefreshToken());
        // Presenting a rotated token again revokes its whole family, the successor included.
        assertProblem(401, () -> auth.refreshTokens(new RefreshRequest().refreshToken(first.getRefreshToken())));
        assertProblem(401, () -> auth.refreshTokens(new RefreshRequest().refreshToken(second.getRefreshToken())));
        TokenResponse third = auth.login(new LoginRequest().email(email).password(PASSWORD));
        assertEquals(204, auth.logOutWithHttpInfo(new RefreshRequest().refreshToken(third.getRefreshToken()))
                .getStatusCode());
        assertProblem(401, () -> auth.refreshTokens(new RefreshRequest().refreshToken(third.getRefreshToken())));

        PostsApi posts = new PostsApi(client(bearer(third.getAccessToken())));
        String key = UUID.randomUUID().toString();
        long id = posts.createPost(new PostRequest().title("once").content("retried"), key).getId();
        assertEquals(id, posts.createPost(new PostRequest().title("once").content("retried"), key).getId());
        assertProblem(422, () -> posts.createPost(new PostRequest().title("other").content("body"), key));
        String etag = header(posts.getPostWithHttpInfo(id), "ETag");
        assertTrue(etag.startsWith("\""), etag);
    }

    private ApiClient client(Consumer<HttpRequest.Builder> interceptor) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri.toString().replaceAll("/$", ""));
        client.setObjectMapper(ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true));
        client.setRequestInterceptor(interceptor);
        return client;
    }

    private static Consumer<HttpRequest.Builder> bearer(String token) {
        return request -> request.header("Authorization", "Bearer " + token);
    }

    private String newAccountToken(String email) throws ApiException {
        new UsersApi(client(request -> {
        })).registerUser(new RegisterRequest().email(email).password(PASSWORD));
        return new AuthApi(client(request -> {
        })).login(new LoginRequest().email(email).password(PASSWORD)).getAccessToken();
    }

    /**
     * POST /login's second media type. A Java client generated by openapi-generator sends only
     * the first one (JSON), so this call swaps the body for the form the document describes and
     * reads the answer through the generated method.
     */
    private TokenResponse loginWithForm(String email, String password) throws ApiException {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return new AuthApi(client(request -> request
                .setHeader("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))))
                .login(new LoginRequest());
    }

    private static String header(ApiResponse<?> response, String name) {
        List<String> values = response.getHeaders().get(name);
        assertNotNull(values, name + " missing");
        return values.get(0);
    }

    private static String uniqueEmail() {
        return "client-" + UUID.randomUUID() + "@example.com";
    }

    private interface Call {
        void run() throws ApiException;
    }

    /** The call fails with this status and a problem JSON body that the document's Problem schema reads. */
    private ApiException assertProblem(int status, Call call) {
        ApiException e = assertThrows(ApiException.class, call::run);
        assertEquals(status, e.getCode(), e.getResponseBody());
        assertEquals("application/problem+json", e.getResponseHeaders().firstValue("Content-Type").orElseThrow());
        Problem problem = problem(e);
        assertEquals(status, problem.getStatus());
        assertNotNull(problem.getTitle());
        return e;
    }

    private Problem problem(ApiException e) {
        try {
            return client(request -> {
            }).getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        } catch (JsonProcessingException notAProblem) {
            throw new AssertionError("not a problem per the document: " + e.getResponseBody(), notAProblem);
        }
    }
}
