package io.postwire.ratelimit;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.postwire.common.Sha256;
import io.postwire.ratelimit.CounterStore.Count;
import io.postwire.ratelimit.LimitRefusalMetrics.Limit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

/**
 * Limits failed logins per account and client address, per account, and per client address,
 * and registrations per client address (postwire.limits.*). A full bucket refuses the
 * attempt before the password is even checked; a bucket is full for at most one window after
 * its first failure. Accounts are named by a hash of the normalised email, so an unknown email
 * is limited exactly like a known one and no email is stored.
 */
@ApplicationScoped
public class AttemptLimiter {

    private static final String TOO_MANY_LOGINS = "Too many failed logins; try again later";
    private static final String TOO_MANY_REGISTRATIONS = "Too many registrations from this address; try again later";

    /** The buckets one login attempt counts in. */
    public record LoginAttempt(String accountAndAddress, String account, String address, boolean accountAndAddressCounted) {

        List<String> buckets() {
            return List.of(accountAndAddress, account, address);
        }
    }

    /** A full bucket: the limit it counts for, and when its window ends. */
    private record Full(Limit limit, Instant windowEnds) {
    }

    private final LimitsConfig config;
    private final CounterStore counters;
    private final LimitRefusalMetrics refusals;

    AttemptLimiter(LimitsConfig config, Instance<PostgresCounterStore> postgres, Instance<RedisCounterStore> redis,
            LimitRefusalMetrics refusals) {
        this.config = config;
        this.counters = config.store() == LimitsConfig.Store.REDIS ? redis.get() : postgres.get();
        this.refusals = refusals;
    }

    /**
     * One read of the attempt's three counters (no write).
     *
     * @throws TooManyRequestsProblem when any of them is full
     */
    public LoginAttempt beginLogin(String normalisedEmail, String clientAddress) {
        String account = "login-account:" + digest(normalisedEmail);
        LoginAttempt attempt = new LoginAttempt(account + "@" + clientAddress, account,
                "login-address:" + clientAddress, false);
        Map<String, Count> counts = counters.read(attempt.buckets());
        Full blocking = longerBlocking(null, Limit.ACCOUNT_AND_ADDRESS, counts.get(attempt.accountAndAddress()),
                config.login().perAccountAndAddress());
        blocking = longerBlocking(blocking, Limit.ACCOUNT, counts.get(attempt.account()), config.login().perAccount());
        blocking = longerBlocking(blocking, Limit.ADDRESS, counts.get(attempt.address()), config.login().perAddress());
        if (blocking != null) {
            refusals.count(blocking.limit());
            throw new TooManyRequestsProblem(TOO_MANY_LOGINS, blocking.windowEnds());
        }
        return new LoginAttempt(attempt.accountAndAddress(), account, attempt.address(),
                counts.containsKey(attempt.accountAndAddress()));
    }

    @Transactional
    public void failed(LoginAttempt attempt) {
        for (String bucket : attempt.buckets()) {
            counters.increment(bucket, config.login().window());
        }
    }

    /** Clears the account-and-address counter; a clean one costs no write. */
    public void succeeded(LoginAttempt attempt) {
        if (attempt.accountAndAddressCounted()) {
            counters.delete(attempt.accountAndAddress());
        }
    }

    /** Counts a registration from this address, @throws TooManyRequestsProblem past the limit. */
    public void countRegistration(String clientAddress) {
        Count count = counters.increment("registration-address:" + clientAddress, config.registration().window());
        if (count.hits() > config.registration().perAddress()) {
            refusals.count(Limit.REGISTRATION);
            throw new TooManyRequestsProblem(TOO_MANY_REGISTRATIONS, count.windowEnds());
        }
    }

    /** Of a full bucket so far and this one, the one that blocks longer: it names the limit and the Retry-After. */
    private static Full longerBlocking(Full soFar, Limit limit, Count count, int allowed) {
        if (count == null || count.hits() < allowed) {
            return soFar;
        }
        return soFar == null || count.windowEnds().isAfter(soFar.windowEnds()) ? new Full(limit, count.windowEnds()) : soFar;
    }

    /** Bounded length, and no email at rest in the limiter's store. */
    private static String digest(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(text));
    }
}
