package io.postwire.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.postwire.support.ManagementInterface;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The endpoints an operator and a client developer rely on, under /q: health on the management interface
 * (/q/metrics there too: MetricsEndpointTest), the OpenAPI document and Swagger UI with the API.
 */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void livenessIsUp() {
        ManagementInterface.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUpAndIncludesTheDatabase() {
        ManagementInterface.given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void openApiDescribesTheRoutesAndTheBearerScheme() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", notNullValue())
                .body("paths.keySet()", hasItem("/posts/{id}"))
                .body("paths.keySet()", hasItem("/login"))
                .body("paths.keySet()", hasItem("/create_user"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/users'.post.security", empty());
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
