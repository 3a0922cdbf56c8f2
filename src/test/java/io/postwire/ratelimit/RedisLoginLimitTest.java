package io.postwire.ratelimit;

import static io.postwire.ratelimit.LimitedClients.login;
import static io.postwire.ratelimit.LimitedClients.newAddress;
import static io.postwire.ratelimit.LimitedClients.register;
import static io.postwire.ratelimit.LimitedClients.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Problems;
import io.postwire.support.RedisLimits;
import io.postwire.support.TestDatabase;
import io.postwire.ratelimit.LimitedClients.Client;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The same limits with their counters in Redis (the machine's Redis, database 5, a key prefix of this run). */
@QuarkusTest
@TestProfile(RedisLoginLimitTest.RedisStore.class)
class RedisLoginLimitTest {

    static final String PREFIX = "postwire-auth-test:" + UUID.randomUUID() + ":";
    static final int PER_ACCOUNT_AND_ADDRESS = 3;
    static final int REGISTRATIONS_PER_ADDRESS = 2;

    public static class RedisStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RedisLimits.config(PREFIX, Map.of(
                    "postwire.limits.login.per-account-and-address", String.valueOf(PER_ACCOUNT_AND_ADDRESS),
                    "postwire.limits.registration.per-address", String.valueOf(REGISTRATIONS_PER_ADDRESS)));
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    TestDatabase database;

    @AfterEach
    void removeThisRunsKeys() {
        RedisLimits.deleteKeys(redis, PREFIX);
    }

    @Test
    void theLimitsHoldWithRedisAndEachCounterExpiresWithItsWindow() {
        String address = newAddress();
        Client client = register(address);
        database.update("delete from login_limit_counters");
        for (int i = 0; i < PER_ACCOUNT_AND_ADDRESS; i++) {
            login(client.email(), "wrong password", address).statusCode(401);
        }

        LoginLimitTest.assertTooManyLogins(login(client.email(), client.password(), address));

        List<String> keys = redis.key().keys(PREFIX + "login-*");
        assertEquals(3, keys.size(), "account and address, account, address: " + keys);
        for (String key : keys) {
            long ttl = redis.key().ttl(key);
            assertTrue(ttl > 0 && ttl <= LoginLimitTest.WINDOW_SECONDS, key + " expires with its window: " + ttl);
        }
        assertEquals(0, database.count("select count(*) from login_limit_counters"), "nothing in PostgreSQL");

        keys.forEach(key -> redis.key().pexpire(key, 1));
        login(client.email(), client.password(), address).statusCode(200);
    }

    @Test
    void aSuccessClearsTheAccountAndAddressCounterInRedis() {
        String address = newAddress();
        Client client = register(address);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < PER_ACCOUNT_AND_ADDRESS - 1; i++) {
                login(client.email(), "wrong password", address).statusCode(401);
            }
            login(client.email(), client.password(), address).statusCode(200);
        }
    }

    @Test
    void registrationsAreLimitedPerAddressInRedis() {
        String address = newAddress();
        for (int i = 0; i < REGISTRATIONS_PER_ADDRESS; i++) {
            register(address);
        }
        Problems.assertProblem(registration(Accounts.uniqueEmail(), "long enough", address), 429);
    }
}
