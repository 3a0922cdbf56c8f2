import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load of scripts/scale-out.sh: a mixed load on Postwire through the load balancer, by a
 * client that retries what is safe to retry, the way a well-behaved client does.
 *
 *   java LoadClient.java BASE_URL OUT_DIR THREADS MAX_SECONDS [MAX_REQUESTS]
 *
 * Loopback only (BASE_URL must be http://127.0.0.1:...). Each thread registers its own user,
 * logs in, then loops: 50% GET /posts/{id}, 25% GET /posts?limit=10, 20% POST /posts with an
 * Idempotency-Key header, 5% POST /login. It stops MAX_SECONDS after the users are registered,
 * after MAX_REQUESTS, or as soon as OUT_DIR/stop exists.
 *
 * Retries: a connection error, 502, 503 or 504 is retried (backoff 50 ms x attempt, up to 20
 * attempts or 60 s; each attempt times out after 30 s) for GETs, for logins, and for creates, which always carry an Idempotency-Key
 * that stays the same across the retries. Every attempt that failed so is a "raw error",
 * written with its time to OUT_DIR/raw-errors.txt. A request that still fails after its retries,
 * or gets any status but the expected one, is a failed request (OUT_DIR/failed.txt).
 * Every create answered 201 is written as "id<TAB>title" to OUT_DIR/acked.txt.
 * Last line on stdout: requests=... ok=... failed=... raw_errors=... retried=... creates_acked=... seconds=... rps=...
 */
public class LoadClient {

    private static final Set<Integer> RETRYABLE = Set.of(502, 503, 504);
    private static final int MAX_ATTEMPTS = 20;
    private static final Duration REQUEST_BUDGET = Duration.ofSeconds(60);
    /** Per attempt; a busy machine answers slowly, and a timed-out create is retried (its first attempt may have committed). */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final String PASSWORD = "scale-out-password";
    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private final String base;
    private final Path out;
    private final Duration maxDuration;
    private long deadlineNanos;
    private final long maxRequests;
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Long> postIds = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> rawErrors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    LoadClient(String base, Path out, int maxSeconds, long maxRequests) {
        this.base = base;
        this.out = out;
        this.maxDuration = Duration.ofSeconds(maxSeconds);
        this.maxRequests = maxRequests;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || !args[0].startsWith("http://127.0.0.1:")) {
            System.err.println("usage: java LoadClient.java http://127.0.0.1:PORT OUT_DIR THREADS MAX_SECONDS [MAX_REQUESTS]");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        LoadClient client = new LoadClient(args[0], out, Integer.parseInt(args[3]),
                args.length > 4 ? Long.parseLong(args[4]) : Long.MAX_VALUE);
        client.run(Integer.parseInt(args[2]));
    }

    void run(int threads) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tokens.add(register("scale-" + run + "-" + i + "@example.com"));
        }
        long started = System.nanoTime();
        deadlineNanos = started + maxDuration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int worker = i;
            Thread thread = new Thread(() -> work(worker, tokens.get(worker)), "load-" + i);
            thread.start();
            workers.add(thread);
        }
        for (Thread thread : workers) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.write(out.resolve("acked.txt"), acked);
        Files.write(out.resolve("raw-errors.txt"), rawErrors);
        Files.write(out.resolve("failed.txt"), failures);
        System.out.printf("requests=%d ok=%d failed=%d raw_errors=%d retried=%d creates_acked=%d seconds=%.1f rps=%.1f%n",
                requests.get(), ok.get(), failures.size(), rawErrors.size(), retried.get(), acked.size(), seconds,
                requests.get() / seconds);
    }

    private boolean going() {
        return System.nanoTime() < deadlineNanos && requests.get() < maxRequests
                && !Files.exists(out.resolve("stop"));
    }

    private String register(String email) throws Exception {
        String json = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
        HttpResponse<String> created = send(post("/users", json).build());
        // 409: an earlier attempt of this same registration (the email is new to this run) got through.
        if (created == null || created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("registration failed: " + (created == null ? "no answer" : created.body()));
        }
        HttpResponse<String> login = login(email);
        if (login == null || login.statusCode() != 200) {
            throw new IllegalStateException("login failed");
        }
        return extract(TOKEN, login.body());
    }

    private void work(int worker, String token) {
        String email = "scale-" + run + "-" + worker + "@example.com";
        long created = 0;
        while (going()) {
            int dice = ThreadLocalRandom.current().nextInt(100);
            try {
                if (dice < 50 && !postIds.isEmpty()) {
                    long id = postIds.get(ThreadLocalRandom.current().nextInt(postIds.size()));
                    expect("GET /posts/" + id, send(get("/posts/" + id, token)), 200);
                } else if (dice < 75) {
                    expect("GET /posts?limit=10", send(get("/posts?limit=10", token)), 200);
                } else if (dice < 95) {
                    String title = "scale-" + run + "-" + worker + "-" + created++;
                    HttpRequest create = post("/posts", "{\"title\":\"" + title + "\",\"content\":\"load\"}")
                            .header("Authorization", "Bearer " + token)
                            .header("Idempotency-Key", UUID.randomUUID().toString()).build();
                    HttpResponse<String> response = send(create);
                    if (expect("POST /posts " + title, response, 201)) {
                        long id = Long.parseLong(extract(ID, response.body()));
                        postIds.add(id);
                        acked.add(id + "\t" + title);
                    }
                } else {
                    expect("POST /login", login(email), 200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private HttpResponse<String> login(String email) throws InterruptedException {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(base + "/login")).timeout(ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(ATTEMPT_TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(ATTEMPT_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Sends, retrying connection errors and 502/503/504 (only retryable requests come here); null when no answer came. */
    private HttpResponse<String> send(HttpRequest request) throws InterruptedException {
        long giveUp = System.nanoTime() + REQUEST_BUDGET.toNanos();
        String what = request.method() + " " + request.uri().getPath();
        for (int attempt = 1;; attempt++) {
            String error;
            HttpResponse<String> response = null;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (!RETRYABLE.contains(response.statusCode())) {
                    return response;
                }
                error = "status " + response.statusCode();
            } catch (IOException e) {
                error = e.getClass().getSimpleName();
            }
            rawErrors.add(System.currentTimeMillis() + "\t" + what + "\t" + error);
            if (attempt >= MAX_ATTEMPTS || System.nanoTime() > giveUp) {
                return response;
            }
            retried.incrementAndGet();
            Thread.sleep(Math.min(500, 50L * attempt));
        }
    }

    private boolean expect(String what, HttpResponse<String> response, int status) {
        requests.incrementAndGet();
        if (response != null && response.statusCode() == status) {
            ok.incrementAndGet();
            return true;
        }
        failures.add(System.currentTimeMillis() + "\t" + what + "\t"
                + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
        return false;
    }

    private static String extract(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return matcher.group(1);
    }
}
