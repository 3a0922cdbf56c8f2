package io.postwire.ratelimit;

import static io.postwire.support.Problems.assertProblem;
import static io.postwire.ratelimit.LimitedClients.login;
import static io.postwire.ratelimit.LimitedClients.newAddress;
import static io.postwire.ratelimit.LimitedClients.register;
import static io.postwire.ratelimit.LimitedClients.registration;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.MetricsScrape;
import io.postwire.support.TestDatabase;
import io.postwire.user.PasswordHasher;
import io.postwire.ratelimit.LimitedClients.Client;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.mockito.InjectSpy;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * The login limits with their PostgreSQL store, behind a trusted proxy (127.0.0.1, the test client)
 * whose X-Forwarded-For names each client: every client gets buckets of its own.
 */
@QuarkusTest
@TestProfile(LoginLimitTest.BehindTrustedProxy.class)
class LoginLimitTest {

    static final int PER_ACCOUNT_AND_ADDRESS = 3;
    static final int PER_ACCOUNT = 5;
    static final int PER_ADDRESS = 8;
    static final int REGISTRATIONS_PER_ADDRESS = 3;
    static final int WINDOW_SECONDS = 900;

    public static class BehindTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                    "postwire.limits.login.per-account-and-address", String.valueOf(PER_ACCOUNT_AND_ADDRESS),
                    "postwire.limits.login.per-account", String.valueOf(PER_ACCOUNT),
                    "postwire.limits.login.per-address", String.valueOf(PER_ADDRESS),
                    "postwire.limits.registration.per-address", String.valueOf(REGISTRATIONS_PER_ADDRESS));
        }
    }

    @Inject
    TestDatabase database;

    @InjectSpy
    PasswordHasher passwordHasher;

    @BeforeEach
    void noCountersYet() {
        database.update("delete from login_limit_counters");
    }

    @Test
    void pastTheAccountAndAddressLimitEvenTheRightPasswordGets429WithoutABcryptCheck() {
        String address = newAddress();
        Client client = register(address);
        failLogins(client.email(), address, PER_ACCOUNT_AND_ADDRESS);
        clearInvocations(passwordHasher);

        assertTooManyLogins(login(client.email(), client.password(), address));

        verify(passwordHasher, never()).matches(anyString(), anyString());
        login(client.email(), client.password(), newAddress()).statusCode(200);
    }

    @Test
    void aSuccessClearsTheAccountAndAddressCounter() {
        String address = newAddress();
        Client client = register(address);
        for (int round = 0; round < 2; round++) {
            failLogins(client.email(), address, PER_ACCOUNT_AND_ADDRESS - 1);
            login(client.email(), client.password(), address).statusCode(200);
        }
    }

    @Test
    void anAccountIsLimitedAcrossAddresses() {
        Client client = register(newAddress());
        for (int i = 0; i < PER_ACCOUNT; i++) {
            failLogins(client.email(), newAddress(), 1);
        }
        assertTooManyLogins(login(client.email(), client.password(), newAddress()));
    }

    @Test
    void anAddressIsLimitedAcrossAccountsWhileOtherClientsBehindTheProxyAreNot() {
        String attacker = newAddress();
        for (int i = 0; i < PER_ADDRESS; i++) {
            failLogins(Accounts.uniqueEmail(), attacker, 1);
        }
        String neighbour = newAddress();
        Client client = register(neighbour);

        assertTooManyLogins(login(client.email(), client.password(), attacker));
        login(client.email(), client.password(), neighbour).statusCode(200);
    }

    @Test
    void anUnknownEmailIsLimitedLikeAKnownOneWithTheSameAnswer() {
        String address = newAddress();
        Client known = register(address);
        String unknown = Accounts.uniqueEmail();
        failLogins(known.email(), address, PER_ACCOUNT_AND_ADDRESS);
        failLogins(unknown, address, PER_ACCOUNT_AND_ADDRESS);

        String knownAnswer = assertTooManyLogins(login(known.email(), "wrong password", address)).extract().asString();
        String unknownAnswer = assertTooManyLogins(login(unknown, "wrong password", address)).extract().asString();
        assertEquals(knownAnswer, unknownAnswer);
    }

    @Test
    void noLockoutOutlastsTheWindow() {
        String address = newAddress();
        Client client = register(address);
        failLogins(client.email(), address, PER_ACCOUNT_AND_ADDRESS);
        assertTooManyLogins(login(client.email(), client.password(), address));

        database.update("update login_limit_counters set window_ends = now()");

        login(client.email(), client.password(), address).statusCode(200);
    }

    @Test
    void aSuccessfulLoginOfACleanAccountWritesNothing() {
        String address = newAddress();
        Client client = register(address);
        database.update("delete from login_limit_counters");

        login(client.email(), client.password(), address).statusCode(200);

        assertEquals(0, database.count("select count(*) from login_limit_counters"));
    }

    @Test
    void registrationsAreLimitedPerAddress() {
        String address = newAddress();
        for (int i = 0; i < REGISTRATIONS_PER_ADDRESS; i++) {
            register(address);
        }
        assertProblem(registration(Accounts.uniqueEmail(), "long enough", address), 429)
                .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(3600)));
        register(newAddress());
    }

    @Test
    void everyRefusalIsCountedByTheLimitThatRefusedIt() {
        MetricsScrape before = MetricsScrape.now();
        String address = newAddress();
        Client client = register(address);
        failLogins(client.email(), address, PER_ACCOUNT_AND_ADDRESS);
        assertTooManyLogins(login(client.email(), client.password(), address));

        Client target = register(newAddress());
        for (int i = 0; i < PER_ACCOUNT; i++) {
            failLogins(target.email(), newAddress(), 1);
        }
        assertTooManyLogins(login(target.email(), target.password(), newAddress()));
        assertTooManyLogins(login(target.email(), target.password(), newAddress()));

        String attacker = newAddress();
        for (int i = 0; i < PER_ADDRESS; i++) {
            failLogins(Accounts.uniqueEmail(), attacker, 1);
        }
        assertTooManyLogins(login(Accounts.uniqueEmail(), "wrong password", attacker));

        String minter = newAddress();
        for (int i = 0; i < REGISTRATIONS_PER_ADDRESS; i++) {
            register(minter);
        }
        assertProblem(registration(Accounts.uniqueEmail(), "long enough", minter), 429);

        MetricsScrape after = MetricsScrape.now();
        Map<String, Double> refused = Map.of("account_and_address", 1.0, "account", 2.0, "address", 1.0,
                "registration", 1.0);
        refused.forEach((limit, times) -> assertEquals(times,
                after.movedSince(before, "postwire_limited_total{limit=\"" + limit + "\"}"), limit));
    }

    private static void failLogins(String email, String address, int times) {
        for (int i = 0; i < times; i++) {
            login(email, "wrong password", address).statusCode(401);
        }
    }

    static ValidatableResponse assertTooManyLogins(ValidatableResponse response) {
        return assertProblem(response, 429)
                .header("Retry-After", Integer::parseInt, allOf(greaterThan(0), lessThanOrEqualTo(WINDOW_SECONDS)))
                .body("detail", equalTo("Too many failed logins; try again later"));
    }
}
