package io.postwire.compat;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;

import io.postwire.compat.OriginalPathAliases.Alias;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Each of OriginalPathAliases' old paths in the OpenAPI document: the endpoint's operation under
 * the old path, deprecated, naming the path to use instead. Runs at build time, with the
 * document's other filters.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OriginalPathsDocument implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (Alias alias : OriginalPathAliases.ALIASES) {
            PathItem.HttpMethod method = PathItem.HttpMethod.valueOf(alias.method());
            Operation endpoint = openAPI.getPaths().getPathItem(alias.endpointPath()).getOperations().get(method);
            String instead = alias.method() + " " + alias.endpointPath();
            Operation old = OASFactory.createOperation()
                    .operationId(alias.operationId())
                    .summary(endpoint.getSummary() + ", by the original's path")
                    .description("Use " + instead + " instead, which this path is an old name of."
                            + (endpoint.getDescription() == null ? "" : " " + endpoint.getDescription()))
                    .deprecated(true)
                    .tags(List.of(OriginalVoteResource.TAG))
                    .parameters(endpoint.getParameters())
                    .requestBody(endpoint.getRequestBody())
                    .responses(endpoint.getResponses())
                    .security(endpoint.getSecurity());
            PathItem path = OASFactory.createPathItem();
            path.setOperation(method, old);
            openAPI.getPaths().addPathItem(alias.path(), path);
        }
    }
}
