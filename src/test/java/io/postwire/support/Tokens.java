package io.postwire.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.jose4j.jwk.PublicJsonWebKey;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/** Tokens the service must refuse (and one it accepts only briefly), forged here for tests. */
public final class Tokens {

    /** The kid the service's tokens carry: the RFC 7638 thumbprint of the dev key (token/JwtKeys). */
    private static final String CURRENT_KID = thumbprint("dev-keys/dev-jwt-public-key.pem");

    private Tokens() {
    }

    private static String thumbprint(String publicKeyLocation) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(KeyUtils.readPublicKey(publicKeyLocation))
                    .calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with the (dev) key the service trusts, but expired ten minutes ago. */
    public static String expired(long userId) {
        return Jwt.subject(String.valueOf(userId)).groups("user")
                .issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(600))
                .jws().keyId(CURRENT_KID).sign();
    }

    /** Signed with the trusted key and valid, but only for the next few seconds. */
    public static String expiringIn(long userId, Duration lifespan) {
        return Jwt.subject(String.valueOf(userId)).groups("user").expiresIn(lifespan).jws().keyId(CURRENT_KID).sign();
    }

    /** A valid token's header and signature around claims that name another user: the signature no longer matches. */
    public static String withSubjectSwapped(String token, long otherUserId) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"sub\":\"[0-9]+\"", "\"sub\":\"" + otherUserId + "\"");
        return parts[0] + "." + base64Url(claims) + "." + parts[2];
    }

    /** Signed with the trusted key, but valid only from an hour from now. */
    public static String notYetValid(long userId) {
        return Jwt.subject(String.valueOf(userId)).groups("user")
                .claim("nbf", Instant.now().plusSeconds(3600).getEpochSecond())
                .expiresAt(Instant.now().plusSeconds(7200))
                .jws().keyId(CURRENT_KID).sign();
    }

    /** Well-formed and unexpired, but signed by a key the service has never seen. */
    public static String signedByAnotherKey(long userId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.subject(String.valueOf(userId)).groups("user")
                    .jws().keyId(CURRENT_KID).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with the trusted key, but by another issuer. */
    public static String fromAnotherIssuer(long userId) {
        return Jwt.issuer("https://attacker.example").subject(String.valueOf(userId)).groups("user")
                .jws().keyId(CURRENT_KID).sign();
    }

    /** The classic "alg: none" forgery: claims with no signature at all. */
    public static String unsigned(long userId) {
        long now = Instant.now().getEpochSecond();
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = base64Url("{\"sub\":\"" + userId + "\",\"groups\":[\"user\"],\"iss\":\"https://postwire.io\","
                + "\"iat\":" + now + ",\"exp\":" + (now + 600) + "}");
        return header + "." + claims + ".";
    }

    /** Signed with the trusted key, but its subject is not a user id. */
    public static String withSubject(String subject) {
        return Jwt.subject(subject).groups("user").jws().keyId(CURRENT_KID).sign();
    }

    /** Signed with the trusted key, but without the "user" group. */
    public static String withoutUserGroup(long userId) {
        return Jwt.subject(String.valueOf(userId)).groups("guest").jws().keyId(CURRENT_KID).sign();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
