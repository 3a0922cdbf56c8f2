package io.postwire.post;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the list order (created_at descending, then id descending): the page after
 * a cursor starts just past that post, so reading page 10 000 costs what page 1 costs.
 * Clients see it as an opaque token, so its format may change without breaking them.
 */
public record Cursor(Instant createdAt, long id) {

    private static final Pattern FORMAT = Pattern.compile("(-?\\d{1,19})\\.(\\d{1,9})\\.(\\d{1,19})");

    /** The position just past the given post. */
    static Cursor after(PostView post) {
        return new Cursor(post.createdAt(), post.id());
    }

    public String encode() {
        String position = createdAt.getEpochSecond() + "." + createdAt.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a token stands for; empty when the token is not one that {@link #encode()} made. */
    public static Optional<Cursor> decode(String token) {
        try {
            String position = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            Matcher parts = FORMAT.matcher(position);
            if (!parts.matches()) {
                return Optional.empty();
            }
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts.group(1)), Long.parseLong(parts.group(2)));
            return Optional.of(new Cursor(createdAt, Long.parseLong(parts.group(3))));
        } catch (IllegalArgumentException | DateTimeException e) {
            // Not base64, a number out of range, or an instant past what Instant holds.
            return Optional.empty();
        }
    }
}
