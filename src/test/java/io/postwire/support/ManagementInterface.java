package io.postwire.support;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The app's management interface, where health (/q/health/*) and metrics (/q/metrics) are served
 * apart from the API: under test on quarkus.management.test-port, which the @QuarkusTest app listens
 * on and {@link ProdProfileConfig} gives the packaged app of the *IT tests.
 */
public final class ManagementInterface {

    private ManagementInterface() {
    }

    /** REST Assured, aimed at the management interface instead of the API's port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(testPort());
    }

    public static int testPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
