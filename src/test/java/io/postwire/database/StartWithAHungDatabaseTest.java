package io.postwire.database;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.ManagementInterface;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Start-up outwaits a database that answers its first connection later than a request may wait for the pool
 * (a busy node, a database still starting): Flyway tries again (quarkus.flyway.connect-retries) instead of
 * failing the start, while requests keep their short wait.
 */
@QuarkusTest
@WithTestResource(DatabaseHungAtStart.class)
class StartWithAHungDatabaseTest {

    TcpProxy database;

    @Inject
    Flyway flyway;

    @Test
    void theAppStartedAndMigratedAfterItsFirstConnectionWentUnansweredPastThePoolWait() {
        assertTrue(database.acceptedWhileHung() >= 1, "precondition: a start-up connection was never answered");
        assertNotNull(flyway.info().current(), "the schema is migrated");
        ManagementInterface.given().get("/q/health/ready").then().statusCode(200);
        Accounts.register();
    }
}
