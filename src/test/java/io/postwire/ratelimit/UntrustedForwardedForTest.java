package io.postwire.ratelimit;

import static io.postwire.ratelimit.LimitedClients.login;
import static io.postwire.ratelimit.LimitedClients.newAddress;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** Forwarding on, but the test client is not a trusted proxy: its X-Forwarded-For cannot pick a bucket. */
@QuarkusTest
@TestProfile(UntrustedForwardedForTest.ProxyElsewhere.class)
class UntrustedForwardedForTest {

    static final int PER_ADDRESS = 4;

    public static class ProxyElsewhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "192.0.2.1",
                    "postwire.limits.login.per-address", String.valueOf(PER_ADDRESS));
        }
    }

    @Inject
    TestDatabase database;

    @AfterEach
    void releaseTheSocketAddress() {
        database.update("delete from login_limit_counters");
    }

    @Test
    void aClientCannotChooseItsBucketWithXForwardedFor() {
        for (int i = 0; i < PER_ADDRESS; i++) {
            login(Accounts.uniqueEmail(), "wrong password", newAddress()).statusCode(401);
        }
        LoginLimitTest.assertTooManyLogins(login(Accounts.uniqueEmail(), "wrong password", newAddress()));
    }
}
