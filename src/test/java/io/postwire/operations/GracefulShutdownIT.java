package io.postwire.operations;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.postwire.support.RunningJar;
import io.restassured.RestAssured;

/**
 * SIGTERM to the packaged jar under load, as Kubernetes stops a pod, with what Quarkus 3.33 does
 * in each phase (docs/security.md, "Resource limits"):
 * <ol>
 * <li>delay (quarkus.shutdown.delay): readiness answers 503 DOWN while every request is still served;</li>
 * <li>drain (up to quarkus.shutdown.timeout): requests in flight finish; requests that still arrive are
 * served too (with Connection: close) until none is in flight;</li>
 * <li>then the listener closes: new connections are refused, and the JVM exits.</li>
 * </ol>
 * Slow requests are honest ones: logins of an account whose password was hashed at a high bcrypt cost.
 * The phases' boundaries are read from the jar's own log (the HTTP layer's "Waiting for HTTP requests to
 * complete" and "All HTTP requests complete"), so no assertion depends on how fast this machine is.
 */
class GracefulShutdownIT {

    private static final int PORT = RunningJar.portAfterTestPort(3);
    private static final Duration DELAY = Duration.ofSeconds(2);
    /** Long enough for the slow logins to finish on a machine as busy as a shared CI runner. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** A login at this cost takes seconds, longer than the delay: slow requests in flight across it. */
    private static final String SLOW_BCRYPT_COST = "15";
    private static final int QUICK_CLIENTS = 3;
    private static final int SLOW_LOGINS_PER_PHASE = 2;
    private static final String DRAIN_STARTED = "Waiting for HTTP requests to complete";
    private static final String DRAIN_ENDED = "All HTTP requests complete";
    private static final String DRAIN_TIMED_OUT = "Timed out waiting for graceful shutdown";
    /** The JVM's exit status after a SIGTERM-initiated shutdown that ran its hooks: 128 + 15. */
    private static final int EXIT_AFTER_SIGTERM = 143;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private RunningJar jar;
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    /** One request as its client saw it: answered means that a status line and headers arrived. */
    record Call(String what, Instant sent, Instant ended, boolean answered, int status, String connection, String body,
            IOException failure) {

        boolean ok() {
            return failure == null && status == 200;
        }

        boolean refused() {
            return failure instanceof ConnectException;
        }

        boolean readiness() {
            return what.endsWith("/q/health/ready");
        }

        @Override
        public String toString() {
            return what + " sent " + sent + ", ended " + ended + ": "
                    + (failure == null ? status + " " + body : (answered ? "cut after the headers: " : "") + failure);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        RestAssured.reset();
        if (jar != null && jar.process().isAlive()) {
            jar.close();
        }
    }

    /** What the clients saw around one SIGTERM, and what the jar logged. */
    record Shutdown(Instant sigterm, List<Call> slowLogins, List<Call> inFlightAtSigterm, List<Call> timeline,
            String log, int exitStatus) {

        Instant logged(String message) throws IOException {
            for (String line : log.split("\n")) {
                if (line.startsWith("{") && line.contains(message)) {
                    return Instant.parse(JSON.readTree(line).path("timestamp").asText());
                }
            }
            return fail("the jar never logged \"" + message + "\"" + this);
        }

        @Override
        public String toString() {
            return "\nSIGTERM at " + sigterm + "\n"
                    + timeline.stream().map(Call::toString).collect(Collectors.joining("\n")) + "\n" + log;
        }
    }

    @Test
    void sigtermUnderLoadTurnsReadinessDownThenDrainsWithoutFailingAnAcceptedRequest() throws Exception {
        jar = RunningJar.start(PORT, Map.of("quarkus.shutdown.delay", DELAY.toString(),
                "quarkus.shutdown.timeout", TIMEOUT.toString(), "postwire.password.bcrypt-cost", SLOW_BCRYPT_COST));
        Shutdown shutdown = sigtermUnderLoad();

        assertEquals(EXIT_AFTER_SIGTERM, shutdown.exitStatus(), "the exit status of a graceful stop" + shutdown);
        for (Call call : shutdown.slowLogins()) {
            assertTrue(call.ok() && JSON.readTree(call.body()).hasNonNull("access_token"),
                    "a login in flight at SIGTERM or accepted during the delay: " + call + shutdown);
        }
        // Logged by the HTTP layer only when requests are in flight as the delay ends (and a timeout is set).
        Instant drainStarted = shutdown.logged(DRAIN_STARTED);
        Instant drainEnded = shutdown.logged(DRAIN_ENDED);
        assertFalse(shutdown.log().contains(DRAIN_TIMED_OUT), "the drain ended within the timeout" + shutdown);
        List<Call> timeline = shutdown.timeline();

        // 1. The delay: readiness DOWN, yet every request served, for the whole delay after SIGTERM.
        assertFalse(drainStarted.isBefore(shutdown.sigterm().plus(DELAY)), "the drain began after the delay" + shutdown);
        Call down = timeline.stream()
                .filter(call -> call.readiness() && call.status() == 503 && call.ended().isBefore(drainStarted))
                .findFirst().orElseGet(() -> fail("readiness answered 503 during the delay" + shutdown));
        JsonNode health = JSON.readTree(down.body());
        assertEquals("DOWN", health.path("status").asText(), down.body());
        assertTrue(health.path("checks").findValuesAsText("name").contains("Graceful Shutdown"), down.body());
        assertTrue(timeline.stream().anyMatch(call -> !call.readiness() && call.ok()
                && call.sent().isAfter(down.ended()) && call.ended().isBefore(drainStarted)),
                "requests served while readiness was DOWN" + shutdown);

        // 2. Requests in flight at SIGTERM, or sent before the drain began, all got a complete answer.
        for (Call call : shutdown.inFlightAtSigterm()) {
            assertTrue(call.ended().isAfter(shutdown.sigterm()), "precondition, in flight at SIGTERM: " + call + shutdown);
        }
        assertTrue(shutdown.slowLogins().stream().anyMatch(call -> call.ended().isAfter(drainStarted)),
                "precondition, a login in flight when the delay ended" + shutdown);
        for (Call call : timeline) {
            assertTrue(call.readiness() || call.ok() || !call.sent().isBefore(drainStarted),
                    "a request sent before the drain began: " + call + shutdown);
        }

        // 3. The drain: requests that still arrive are answered, completely, and told to close their connection.
        List<Call> servedInDrain = timeline.stream()
                .filter(call -> !call.readiness() && call.ok() && call.sent().isAfter(drainStarted)).toList();
        assertFalse(servedInDrain.isEmpty(), "requests that arrived during the drain were answered" + shutdown);
        for (Call call : servedInDrain) {
            assertEquals("close", call.connection(), call + "" + shutdown);
        }

        // 4. No answer was ever cut short. Once the drain ended the port refused connections, for good; a request
        // that raced the listener's closing may have lost its connection, but never part of an answer.
        for (Call call : timeline) {
            assertTrue(call.failure() == null || !call.answered(), "an answer cut short: " + call + shutdown);
            assertTrue(call.failure() == null || call.ended().isAfter(drainEnded),
                    "failed before the drain ended: " + call + shutdown);
        }
        Instant firstRefusal = timeline.stream().filter(Call::refused).map(Call::ended).min(Comparator.naturalOrder())
                .orElseGet(() -> fail("new connections were refused at the end" + shutdown));
        assertTrue(timeline.stream().noneMatch(call -> call.ok() && call.sent().isAfter(firstRefusal)),
                "nothing was served after the port first refused a connection" + shutdown);

        Instant sigterm = shutdown.sigterm();
        System.out.printf("SIGTERM +0 ms, readiness DOWN answered +%d, drain began +%d, ended +%d, first refusal +%d; "
                + "%d requests answered 200 during the delay, %d during the drain, %d refused, unanswered: %s%n",
                millis(sigterm, down.ended()), millis(sigterm, drainStarted), millis(sigterm, drainEnded),
                millis(sigterm, firstRefusal),
                timeline.stream().filter(c -> c.ok() && c.sent().isAfter(sigterm) && c.sent().isBefore(drainStarted)).count(),
                servedInDrain.size(), timeline.stream().filter(Call::refused).count(),
                timeline.stream().filter(c -> c.failure() != null && !c.refused()).toList());
    }

    /**
     * Quick clients listing posts and a readiness probe, each in a loop until its port refuses it; slow logins
     * in flight when SIGTERM is sent, and more sent once readiness is DOWN. Returns once the jar has exited.
     */
    private Shutdown sigtermUnderLoad() throws Exception {
        RestAssured.port = PORT;
        Account account = Accounts.register();
        HttpRequest listPosts = HttpRequest.newBuilder(jar.uri("/posts?limit=5"))
                .header("Authorization", "Bearer " + account.token()).build();
        HttpRequest ready = HttpRequest.newBuilder(jar.managementUri("/q/health/ready")).build();
        HttpRequest login = HttpRequest.newBuilder(jar.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(account.email(), UTF_8)
                        + "&password=" + URLEncoder.encode(account.password(), UTF_8)))
                .build();

        ExecutorService clients = Executors.newCachedThreadPool();
        CountDownLatch firstAnswers = new CountDownLatch(QUICK_CLIENTS + 1);
        CountDownLatch unavailable = new CountDownLatch(1);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < QUICK_CLIENTS; i++) {
            loops.add(clients.submit(() -> untilRefused(listPosts, firstAnswers, unavailable)));
        }
        loops.add(clients.submit(() -> untilRefused(ready, firstAnswers, unavailable)));
        assertTrue(firstAnswers.await(1, TimeUnit.MINUTES), "every client got a first answer");

        List<Future<Call>> beforeSigterm = slowLogins(clients, login);
        Thread.sleep(300); // sent and read by the server, far from done at this bcrypt cost
        Instant sigterm = Instant.now();
        jar.process().destroy();
        assertTrue(unavailable.await(1, TimeUnit.MINUTES), "readiness turned DOWN after SIGTERM");
        List<Future<Call>> duringDelay = slowLogins(clients, login);

        assertTrue(jar.process().waitFor(DELAY.plus(TIMEOUT).plusMinutes(1).toSeconds(), TimeUnit.SECONDS),
                "the jar exited after SIGTERM");
        for (Future<?> loop : loops) {
            loop.get(1, TimeUnit.MINUTES);
        }
        clients.shutdown();
        List<Call> inFlightAtSigterm = results(beforeSigterm);
        List<Call> slowLogins = new ArrayList<>(inFlightAtSigterm);
        slowLogins.addAll(results(duringDelay));
        return new Shutdown(sigterm, slowLogins, inFlightAtSigterm,
                calls.stream().sorted(Comparator.comparing(Call::sent)).toList(), jar.log(), jar.process().exitValue());
    }

    /** Sends the request again and again until the port refuses it or the jar has exited. */
    private Void untilRefused(HttpRequest request, CountDownLatch firstAnswers, CountDownLatch unavailable)
            throws InterruptedException {
        while (true) {
            Call call = send(request);
            calls.add(call);
            firstAnswers.countDown();
            if (call.status() == 503) {
                unavailable.countDown();
            }
            if (call.failure() != null && (call.refused() || !jar.process().isAlive())) {
                return null;
            }
            Thread.sleep(50);
        }
    }

    private static List<Future<Call>> slowLogins(ExecutorService clients, HttpRequest login) {
        List<Future<Call>> logins = new ArrayList<>();
        for (int i = 0; i < SLOW_LOGINS_PER_PHASE; i++) {
            logins.add(clients.submit(() -> send(login)));
        }
        return logins;
    }

    private static List<Call> results(List<Future<Call>> calls) throws Exception {
        List<Call> results = new ArrayList<>();
        for (Future<Call> call : calls) {
            results.add(call.get());
        }
        return results;
    }

    private static Call send(HttpRequest request) {
        Instant sent = Instant.now();
        AtomicBoolean answered = new AtomicBoolean();
        String what = request.method() + " " + request.uri().getPath();
        try {
            HttpResponse<String> response = CLIENT.send(request, info -> {
                answered.set(true);
                return HttpResponse.BodySubscribers.ofString(UTF_8);
            });
            return new Call(what, sent, Instant.now(), true, response.statusCode(),
                    response.headers().firstValue("Connection").orElse(null), response.body(), null);
        } catch (IOException e) {
            return new Call(what, sent, Instant.now(), answered.get(), 0, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }
}
