package io.postwire.auth;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.config.JWTAuthContextInfoProvider;
import io.smallrye.jwt.util.KeyUtils;
import io.smallrye.jwt.util.ResourceUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The JWT keys, for rotation without downtime. Tokens are verified with every public key that
 * postwire.jwt.verify-keys lists (PEM files or URLs; by default the one key of
 * mp.jwt.verify.publickey.location) and signed with smallrye.jwt.sign.key.location's private
 * key. Each key's id ("kid") is its RFC 7638 thumbprint, so it can never name the wrong key;
 * a token carries the signing key's id and is verified with that key alone. Starting fails when
 * a key cannot be read or when the signing key is not among the verification keys (its tokens
 * would all be refused).
 */
@Startup
@Singleton
public class JwtKeys {

    private final JsonWebKeySet verificationKeys = new JsonWebKeySet();
    private final String signingKeyId;

    JwtKeys(@ConfigProperty(name = "postwire.jwt.verify-keys") List<String> verifyKeyLocations,
            @ConfigProperty(name = "smallrye.jwt.sign.key.location") String signKeyLocation) {
        List<String> ids = new ArrayList<>();
        for (String location : verifyKeyLocations) {
            PublicJsonWebKey key = publicJwk(readPublicKey(location), location);
            verificationKeys.addJsonWebKey(key);
            ids.add(key.getKeyId());
        }
        this.signingKeyId = publicJwk(publicHalfOfSigningKey(signKeyLocation), signKeyLocation).getKeyId();
        if (!ids.contains(signingKeyId)) {
            throw new IllegalStateException("The signing key (" + signKeyLocation + ", kid " + signingKeyId
                    + ") is not among postwire.jwt.verify-keys " + verifyKeyLocations + " (kids " + ids + ")");
        }
    }

    /** The kid of the key that signs new tokens. */
    public String signingKeyId() {
        return signingKeyId;
    }

    /** The public keys as a JWK Set (RFC 7517), for GET /.well-known/jwks.json. */
    public String publicJwks() {
        return verificationKeys.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    /**
     * SmallRye JWT's verification settings from its own configuration, with this key set
     * instead of the single key of mp.jwt.verify.publickey.location.
     */
    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    JWTAuthContextInfo verificationSettings(JWTAuthContextInfoProvider configured) {
        JWTAuthContextInfo settings = new JWTAuthContextInfo(configured.getContextInfo());
        settings.setPublicKeyLocation(null);
        settings.setPublicVerificationKey(null);
        settings.setPublicKeyContent(publicJwks());
        return settings;
    }

    /** Through ResourceUtils, as SmallRye reads its own locations: paths, classpath, file: and https: URLs. */
    private static PublicKey readPublicKey(String location) {
        try {
            return KeyUtils.decodePublicKey(ResourceUtils.readResource(location.strip()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the JWT verification key " + location, e);
        }
    }

    /** An RSA private key (PKCS#8, CRT form as openssl writes it) holds its public modulus and exponent. */
    private static PublicKey publicHalfOfSigningKey(String location) {
        try {
            if (!(KeyUtils.decodePrivateKey(ResourceUtils.readResource(location.strip())) instanceof RSAPrivateCrtKey key)) {
                throw new IllegalStateException("The JWT signing key " + location + " is not an RSA private key");
            }
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the JWT signing key " + location, e);
        }
    }

    private static PublicJsonWebKey publicJwk(PublicKey key, String location) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            jwk.setUse(Use.SIGNATURE);
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException("Not a usable JWT key: " + location, e);
        }
    }
}
