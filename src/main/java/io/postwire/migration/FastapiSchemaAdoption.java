package io.postwire.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.internal.jdbc.JdbcUtils;
import org.jboss.logging.Logger;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Adopts the original FastAPI service's database: before Flyway migrates at start, looks at
 * the database and, when it holds the original's tables, either refuses to start (unless
 * postwire.migration.adopt-fastapi-schema is true) or has Flyway convert them.
 *
 * <p>The conversion is Flyway's ordinary migration run with two more steps ({@link AdoptionStep}):
 * baselined at 0, it sets the original's tables aside (0.1), runs V1 onwards as on an empty
 * database, copies the rows in right after V6 (6.0.1), all in one transaction. Every other
 * database, fresh or Postwire's, is migrated exactly as without this class: the steps exist
 * for Flyway only where the history shows the conversion or is about to record it.
 *
 * <p>Plain JDBC, reading only: this runs before Flyway and Hibernate, on tables no entity maps.
 */
@Singleton
public class FastapiSchemaAdoption implements FlywayConfigurationCustomizer {

    static final String SETTING = "postwire.migration.adopt-fastapi-schema";
    static final String SETTING_ENV = "POSTWIRE_MIGRATION_ADOPT_FASTAPI_SCHEMA";

    private static final Logger LOG = Logger.getLogger(FastapiSchemaAdoption.class);

    private static final AdoptionStep SET_ASIDE = AdoptionStep.load("V0_1__set_aside_the_original_tables.sql");
    private static final AdoptionStep COPY = AdoptionStep.load("V6_0_1__copy_the_original_data.sql");
    /** Baselined here, Flyway runs every step and every Postwire migration on the original's database. */
    private static final String BASELINE = "0";
    /** The problems a refusal lists; the rest are counted. */
    private static final int PROBLEMS_SHOWN = 20;

    /** Postwire's users have a password_hash; only the original's have a password column. */
    private static final String HOLDS_THE_ORIGINAL = """
            SELECT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = 'password')
            """;
    private static final String WAS_CONVERTED = """
            SELECT to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) IS NOT NULL
            """;
    private static final String CONVERTED_STEP = "SELECT EXISTS (SELECT 1 FROM %s WHERE version = ? AND success)";
    private static final String ROW_COUNTS = """
            SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM posts), (SELECT count(*) FROM votes)
            """;
    /** Every row Postwire's schema (V1 to V6) cannot hold as the copy step would write it. */
    private static final String PROBLEMS = """
            SELECT 'accounts ' || string_agg(quote_literal(email), ', ' ORDER BY email)
                   || ' are one account once lower-cased and trimmed'
            FROM users GROUP BY lower(btrim(email)) HAVING count(*) > 1
            UNION ALL
            SELECT 'account ' || quote_literal(email) || ': ' || problem FROM (
                SELECT email, 'email over 254 characters' AS problem FROM users WHERE char_length(btrim(email)) > 254
                UNION ALL
                SELECT email, 'name over 100 characters' FROM users WHERE char_length(name) > 100
                UNION ALL
                SELECT email, 'age ' || age || ' outside 0 to 150' FROM users WHERE age NOT BETWEEN 0 AND 150
                UNION ALL
                SELECT email, 'password is not a bcrypt hash' FROM users
                WHERE password !~ '^\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$'
            ) account
            UNION ALL
            SELECT 'post ' || id || ': ' || problem FROM (
                SELECT id, 'title over 255 characters' AS problem FROM posts WHERE char_length(title) > 255
                UNION ALL
                SELECT id, 'content over 100000 characters' FROM posts WHERE char_length(content) > 100000
            ) post
            """;

    @Inject
    MigrationConfig config;

    @Override
    public void customize(FluentConfiguration configuration) {
        // The start's first connection: opened as Flyway opens its own, asking again as often as
        // quarkus.flyway.connect-retries allows when the pool's wait runs out.
        try (Connection connection = JdbcUtils.openConnection(configuration.getDataSource(),
                configuration.getConnectRetries(), configuration.getConnectRetriesInterval())) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                customize(configuration, connection);
            } finally {
                // back to the pool as it came: Flyway may take this very connection to migrate
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot inspect the database before migrating it", e);
        }
    }

    private void customize(FluentConfiguration configuration, Connection connection) throws SQLException {
        if (holdsTheOriginal(connection)) {
            refuseUnlessConvertible(connection);
            LOG.infof("Converting the original FastAPI service's tables (%s) in place, in one transaction (%s=true)",
                    rowCounts(connection), SETTING);
            configuration.baselineOnMigrate(true).baselineVersion(BASELINE).group(true).javaMigrations(SET_ASIDE, COPY);
        } else if (wasConverted(connection, configuration.getTable())) {
            configuration.javaMigrations(SET_ASIDE, COPY);
        }
    }

    private void refuseUnlessConvertible(Connection connection) throws SQLException {
        if (!config.adoptFastapiSchema()) {
            throw new IllegalStateException("This database holds the original FastAPI service's tables (users, posts, "
                    + "votes) and no Postwire schema; nothing was changed. To convert them in place, back up the "
                    + "database first, then start once with " + SETTING + "=true (environment: " + SETTING_ENV
                    + "=true). The steps and the way back: docs/migrating.md");
        }
        List<String> problems = problems(connection);
        if (!problems.isEmpty()) {
            String shown = String.join("\n  ", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())));
            String more = problems.size() > PROBLEMS_SHOWN ? "\n  and " + (problems.size() - PROBLEMS_SHOWN) + " more" : "";
            throw new IllegalStateException("The original FastAPI service's tables cannot be converted as they are, "
                    + "so nothing was changed (" + SETTING + "=true). Mend these rows in the original, then start "
                    + "again:\n  " + shown + more);
        }
    }

    private static boolean holdsTheOriginal(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HOLDS_THE_ORIGINAL)) {
            return firstBoolean(statement);
        }
    }

    private static boolean wasConverted(Connection connection, String historyTable) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(WAS_CONVERTED)) {
            exists.setString(1, historyTable);
            if (!firstBoolean(exists)) {
                return false;
            }
        }
        String quotedTable = "\"" + historyTable.replace("\"", "\"\"") + "\"";
        try (PreparedStatement converted = connection.prepareStatement(CONVERTED_STEP.formatted(quotedTable))) {
            converted.setString(1, SET_ASIDE.getVersion().getVersion());
            return firstBoolean(converted);
        }
    }

    private static List<String> problems(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PROBLEMS);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                problems.add(rows.getString(1));
            }
        }
        return problems;
    }

    private static String rowCounts(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ROW_COUNTS);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1) + " users, " + rows.getLong(2) + " posts, " + rows.getLong(3) + " votes";
        }
    }

    private static boolean firstBoolean(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() && rows.getBoolean(1);
        }
    }
}
