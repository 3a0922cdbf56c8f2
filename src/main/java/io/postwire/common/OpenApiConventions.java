package io.postwire.common;

import java.util.ArrayList;
import java.util.LinkedHashSet;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What the OpenAPI document says of every operation because code outside the resources
 * does it to every request: the request id header on every response (RequestId), 400 and
 * 413 for every body (JSON parsing, RequestBodyLimit), 503 while the database is down
 * (RootCauseProblems), and the 401 (with its bearer challenge) and 403 of every
 * secured operation that does not declare its own. The responses
 * it names are in META-INF/openapi.yaml. Runs at build time, so the document the build
 * stores (and generates the client from) is the one the jar serves.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiConventions implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", "BadRequest");
            addIfAbsent(responses, "413", "PayloadTooLarge");
        }
        if (operation.getSecurity() != null) {
            // An endpoint open to anyone that also takes a token declares both requirements, and
            // SmallRye adds the class's @RolesAllowed one again: each once.
            operation.setSecurity(new ArrayList<>(new LinkedHashSet<>(operation.getSecurity())));
        }
        if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
            addUnlessDeclared(responses, "401", "Unauthorized");
            addUnlessDeclared(responses, "403", "Forbidden");
        }
        addIfAbsent(responses, "503", "ServiceUnavailable");
        return operation;
    }

    @Override
    public APIResponse filterAPIResponse(APIResponse response) {
        if (response.getRef() == null && (response.getHeaders() == null || !response.getHeaders().containsKey(RequestId.HEADER))) {
            response.addHeader(RequestId.HEADER, OASFactory.createHeader().ref(RequestId.HEADER));
        }
        return response;
    }

    /**
     * Bean Validation patterns are Java regexes; OpenAPI's are ECMA-262, which has no \x{...}. An email
     * address (RFC 5321: ASCII) holds no NUL and no surrogate, so its format says all the pattern
     * would, and generators that prefer a pattern to a format would make up strings that are no address.
     */
    @Override
    public Schema filterSchema(Schema schema) {
        if (StorableText.JAVA_REGEXP.equals(schema.getPattern())) {
            schema.setPattern("email".equals(schema.getFormat()) ? null : StorableText.ECMA_REGEXP);
        }
        return schema;
    }

    private static void addIfAbsent(APIResponses responses, String status, String sharedResponse) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, reference(sharedResponse));
        }
    }

    /**
     * For @RolesAllowed, SmallRye adds a bare "Not Authorized" and "Not Allowed" (a description, no body):
     * those become the shared responses, while one the method declares with its own body stays.
     */
    private static void addUnlessDeclared(APIResponses responses, String status, String sharedResponse) {
        APIResponse present = responses.getAPIResponse(status);
        if (present == null || (present.getRef() == null && present.getContent() == null)) {
            responses.addAPIResponse(status, reference(sharedResponse));
        }
    }

    private static APIResponse reference(String sharedResponse) {
        return OASFactory.createAPIResponse().ref(sharedResponse);
    }
}
