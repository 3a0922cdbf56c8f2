package io.postwire.post;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.common.ProjectedFieldName;

/**
 * What a read shows of a post and its owner, fetched in one statement as a projection:
 * no managed entity, no dirty check, and none of the owner's other columns (its password hash).
 */
public record PostView(
        Long id,
        String title,
        String content,
        boolean published,
        Instant createdAt,
        Instant updatedAt,
        @ProjectedFieldName("owner.id") Long ownerId,
        @ProjectedFieldName("owner.email") String ownerEmail,
        long version) {
}
