package io.postwire.api;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operations of the OpenAPI document the running app serves (/q/openapi), so that tests
 * that must cover every operation also cover the ones added after them.
 */
public final class OpenApiOperations {

    /** One operation: its method, path template, parameters and the media types its body may have. */
    public record Operation(String method, String path, List<Parameter> parameters, List<String> bodyTypes,
            boolean authenticated) {

        public boolean takesJson() {
            return bodyTypes.contains("application/json");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public record Parameter(String name, String in, String type) {
    }

    private OpenApiOperations() {
    }

    /** Every operation of the served document. */
    public static List<Operation> served() {
        return parse(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
    }

    static List<Operation> parse(String json) {
        try {
            JsonNode document = new ObjectMapper().readTree(json);
            List<Operation> operations = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    operations.add(operation(path.getKey(), method.getKey(), method.getValue()));
                }
            }
            return operations;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The served OpenAPI document is not JSON", e);
        }
    }

    private static Operation operation(String path, String method, JsonNode node) {
        List<Parameter> parameters = new ArrayList<>();
        node.path("parameters").forEach(p -> parameters.add(
                new Parameter(p.path("name").asText(), p.path("in").asText(), p.path("schema").path("type").asText())));
        List<String> bodyTypes = new ArrayList<>();
        node.path("requestBody").path("content").fieldNames().forEachRemaining(bodyTypes::add);
        boolean authenticated = node.has("security") && !node.path("security").isEmpty();
        return new Operation(method.toUpperCase(), path, parameters, bodyTypes, authenticated);
    }
}
