package io.postwire.post;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.transaction.Transactional;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes expired Idempotency-Keys; every replica runs it (a delete of expired rows is safe to repeat). */
@ApplicationScoped
public class IdempotencyKeyPurge {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPurge.class);

    @Scheduled(every = "${postwire.posts.idempotency-key-purge-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        long purged = IdempotencyKey.purgeExpired();
        if (purged > 0) {
            LOG.debugf("Purged %d expired idempotency keys", purged);
        }
    }
}
