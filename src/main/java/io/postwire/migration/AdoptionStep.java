package io.postwire.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.zip.CRC32;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * One step of the conversion of the original's schema: an SQL script from db/adoption, named
 * as Flyway names SQL migrations, which Flyway runs and records like one. A Java migration that
 * FastapiSchemaAdoption hands to Flyway only for a database being (or once) converted, so
 * that no other database ever sees these versions.
 */
record AdoptionStep(MigrationVersion version, String description, String sql) implements JavaMigration {

    private static final String LOCATION = "db/adoption/";

    /** The script V&lt;version&gt;__&lt;description&gt;.sql, as Flyway reads an SQL migration's name. */
    static AdoptionStep load(String fileName) {
        String[] versionAndDescription = fileName.substring(1, fileName.length() - ".sql".length()).split("__", 2);
        return new AdoptionStep(MigrationVersion.fromVersion(versionAndDescription[0].replace('_', '.')),
                versionAndDescription[1].replace('_', ' '), read(LOCATION + fileName));
    }

    private static String read(String resource) {
        try (InputStream in = AdoptionStep.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    @Override
    public MigrationVersion getVersion() {
        return version;
    }

    @Override
    public String getDescription() {
        return description;
    }

    /** Of the script, so that Flyway's validation notices an edited step as it does an edited V*.sql. */
    @Override
    public Integer getChecksum() {
        CRC32 crc = new CRC32();
        crc.update(sql.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    /**
     * Without the pool's socket timeout: copying a large database takes far longer than any one
     * request's statement may (the step lifts the statement timeout in its transaction too), and
     * the connection gets its bound back whatever happens.
     */
    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        int socketTimeout = connection.getNetworkTimeout();
        connection.setNetworkTimeout(Runnable::run, 0);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } finally {
            connection.setNetworkTimeout(Runnable::run, socketTimeout);
        }
    }
}
