package io.postwire.auth;

import static io.postwire.support.Problems.assertBearerChallenge;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;

import io.postwire.support.Accounts;
import io.postwire.support.Accounts.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Tokens name their key (kid = RFC 7638 thumbprint); every key of postwire.jwt.verify-keys verifies,
 * and GET /.well-known/jwks.json publishes them. The test profile trusts the dev key, which signs,
 * and a previous key (src/test/resources/test-keys) that no longer signs.
 */
@QuarkusTest
class KeyRotationTest {

    private static final String CURRENT_PUBLIC = "dev-keys/dev-jwt-public-key.pem";
    private static final String PREVIOUS_PUBLIC = "test-keys/previous-jwt-public-key.pem";
    private static final String PREVIOUS_PRIVATE = "test-keys/previous-jwt-private-key.pem";

    @Test
    void tokensCarryTheKidOfTheCurrentKey() throws Exception {
        Account account = Accounts.register();
        JsonPath header = new JsonPath(new String(Base64.getUrlDecoder().decode(account.token().split("\\.")[0]),
                StandardCharsets.UTF_8));
        assertEquals(kid(KeyUtils.readPublicKey(CURRENT_PUBLIC)), header.getString("kid"));
        assertEquals("RS256", header.getString("alg"));
    }

    @Test
    void jwksPublishesEveryTrustedPublicKeyAndNoPrivatePart() throws Exception {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType("application/jwk-set+json")
                .body("keys.kid", containsInAnyOrder(kid(KeyUtils.readPublicKey(CURRENT_PUBLIC)),
                        kid(KeyUtils.readPublicKey(PREVIOUS_PUBLIC))))
                .body("keys.kty", everyItem(equalTo("RSA")))
                .body("keys.use", everyItem(equalTo("sig")))
                .body("keys.alg", hasItem("RS256"))
                .body("keys.d", everyItem(nullValue()))
                .body("keys.p", everyItem(nullValue()));
    }

    @Test
    void aTokenSignedByThePreviousKeyStillListedIsAccepted() throws Exception {
        long userId = Accounts.register().id();
        PrivateKey previous = (PrivateKey) KeyUtils.readSigningKey(PREVIOUS_PRIVATE, null);
        String token = signed(userId, kid(KeyUtils.readPublicKey(PREVIOUS_PUBLIC)), previous);

        given().auth().oauth2(token).get("/users/me").then().statusCode(200).body("id", equalTo((int) userId));
    }

    @Test
    void aTokenSignedByARemovedKeyIsRefused() throws Exception {
        long userId = Accounts.register().id();
        KeyPair removed = newKeyPair();

        assertBearerChallenge(given().auth().oauth2(signed(userId, kid(removed.getPublic()), removed.getPrivate()))
                .get("/users/me").then());
        assertBearerChallenge(given().auth()
                .oauth2(signed(userId, kid(KeyUtils.readPublicKey(CURRENT_PUBLIC)), removed.getPrivate()))
                .get("/users/me").then());
    }

    private static String signed(long userId, String kid, PrivateKey key) {
        return Jwt.subject(String.valueOf(userId)).groups("user").jws().keyId(kid).sign(key);
    }

    private static String kid(PublicKey key) throws Exception {
        return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint("SHA-256");
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
