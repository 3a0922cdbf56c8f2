package io.postwire.migration;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "postwire.migration")
public interface MigrationConfig {

    /**
     * Whether a start on the original FastAPI service's database converts its tables in place
     * (docs/migrating.md). Off, such a start is refused and changes nothing.
     */
    boolean adoptFastapiSchema();
}
