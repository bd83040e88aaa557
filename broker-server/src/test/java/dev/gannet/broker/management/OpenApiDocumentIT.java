package dev.gannet.broker.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gannet.broker.testing.TestBroker;
import dev.gannet.model.client.GannetClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document the endpoint serves describes exactly the routes it has, and is well formed. */
class OpenApiDocumentIT {

    @Test
    void the_served_document_names_every_route_and_no_other() throws Exception {
        try (TestBroker broker = TestBroker.start(Map.of("security.admin-password", "openapi-admin", "http.enabled", "false"));
             ManagementServer management = new ManagementServer(broker.server()).start()) {
            GannetClient client = GannetClient.of("http://127.0.0.1:" + management.port());
            client.login("admin", "openapi-admin");
            String served = client.openApi();
            assertThat(served).isEqualTo(management.openApiDocument());

            JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(served);
            assertThat(document.path("openapi").asText()).startsWith("3.");
            Set<String> documented = new TreeSet<>();
            document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(operation.getKey())) {
                    documented.add(operation.getKey() + " " + path.getKey());
                }
            }));
            Set<String> served2 = new TreeSet<>();
            management.routes().forEach(route -> served2.add(route.method() + " " + route.path()));
            assertThat(documented).isEqualTo(served2);

            // every schema a document refers to exists
            List<String> references = new ArrayList<>();
            collectReferences(document, references);
            for (String reference : references) {
                assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference + " exists").isFalse();
            }
        }
    }

    private static void collectReferences(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    out.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, out));
        }
    }
}
