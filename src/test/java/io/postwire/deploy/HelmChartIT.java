package io.postwire.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.postwire.ProdProfileConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The Helm chart that `mvn package` generated (target/helm/kubernetes/postwire), run
 * through real Helm 3 in-process (helm-java) with several value sets, checked against
 * the packaged app that is running beside it and against the Kubernetes and CRD schemas.
 */
@QuarkusIntegrationTest
@WithTestResource(ProdProfileConfig.class)
class HelmChartIT {

    private static final Path CHART = Path.of("target/helm/kubernetes/postwire");
    private static final Path RENDERED = Path.of("target/helm-rendered");
    /** The plain manifests quarkus-kubernetes generated beside the chart, for kubectl users. */
    private static final Path PLAIN_MANIFESTS = Path.of("target/kubernetes/kubernetes.yml");
    private static final Path SCHEMA_CHECK = Path.of("deploy/schema-check");
    private static final Path ALERT_RULES = Path.of("deploy/monitoring/postwire-alerts.rules.yml");
    private static final Path DASHBOARD = Path.of("deploy/monitoring/postwire-dashboard.json");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<ValueSet, List<JsonNode>> RENDERS = new HashMap<>();

    enum ValueSet {
        DEFAULTS(null),
        CNPG(Path.of("src/test/resources/helm-values/cnpg.yaml")),
        NO_SERVICE_MONITOR(Path.of("src/test/resources/helm-values/no-service-monitor.yaml")),
        NO_MONITORING(Path.of("src/test/resources/helm-values/no-monitoring.yaml")),
        EXTERNAL_DATABASE(Path.of("src/test/resources/helm-values/external-database.yaml")),
        MINIKUBE(Path.of("deploy/minikube/values.yaml"));

        final Path file;

        ValueSet(Path file) {
            this.file = file;
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void lintStrictPasses(ValueSet values) throws IOException {
        LintResult lint = new Helm(chartWithValues(values)).lint().strict().call();
        System.out.printf("helm lint --strict (%s): %s%n", values, lint.getMessages());
        assertFalse(lint.isFailed(), () -> String.join("\n", lint.getMessages()));
    }

    @Test
    void probesUseHealthEndpointsThatTheAppServesOnItsPort() {
        JsonNode container = container(render(ValueSet.DEFAULTS));
        int containerPort = port(container, "http");
        // The prod profile sets no quarkus.http.port: the app listens on Quarkus' 8080.
        assertEquals(8080, containerPort);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode httpGet = container.path(probe).path("httpGet");
            assertEquals(containerPort, httpGet.path("port").asInt(), probe);
            String path = httpGet.path("path").asText();
            assertTrue(path.startsWith("/q/health/"), probe + " " + path);
            given().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
        JsonNode service = only(render(ValueSet.DEFAULTS), "Service");
        assertEquals(containerPort, service.path("spec").path("ports").get(0).path("targetPort").asInt());
    }

    @Test
    void containerRunsAsNonRootOnAReadOnlyRootFilesystemWithLimits() {
        List<JsonNode> objects = render(ValueSet.DEFAULTS);
        JsonNode pod = only(objects, "Deployment").path("spec").path("template").path("spec");
        JsonNode container = container(objects);
        assertAll(
                () -> assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean()),
                () -> assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()),
                () -> assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)),
                () -> assertTrue(mountPaths(container).contains("/tmp"), "writable /tmp"),
                () -> assertFalse(container.path("resources").path("requests").path("memory").isMissingNode()),
                () -> assertFalse(container.path("resources").path("limits").path("memory").isMissingNode()),
                () -> assertFalse(container.path("resources").path("limits").path("cpu").isMissingNode()));
    }

    @Test
    void serviceMonitorSelectsTheServiceAndItsNamedMetricsPort() {
        List<JsonNode> objects = render(ValueSet.DEFAULTS);
        JsonNode service = only(objects, "Service");
        JsonNode monitor = only(objects, "ServiceMonitor");
        Map<String, String> serviceLabels = strings(service.path("metadata").path("labels"));
        Map<String, String> selector = strings(monitor.path("spec").path("selector").path("matchLabels"));
        assertFalse(selector.isEmpty());
        assertTrue(serviceLabels.entrySet().containsAll(selector.entrySet()), serviceLabels + " vs " + selector);

        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        Set<String> servicePorts = service.path("spec").path("ports").findValuesAsText("name").stream()
                .collect(Collectors.toSet());
        assertTrue(servicePorts.contains(endpoint.path("port").asText()), servicePorts + " has no " + endpoint);
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("30s", endpoint.path("interval").asText());
        given().get(endpoint.path("path").asText()).then().statusCode(200).body(containsString("# TYPE"));

        assertTrue(ofKind(render(ValueSet.NO_SERVICE_MONITOR), "ServiceMonitor").isEmpty());
    }

    @Test
    void alertRulesAndDashboardShipInTheChartAsTheirSourceFilesAndCanBeSwitchedOff() throws IOException {
        List<JsonNode> objects = render(ValueSet.DEFAULTS);
        JsonNode rule = only(objects, "PrometheusRule");
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        assertEquals(YAML.readTree(ALERT_RULES.toFile()), rule.path("spec"));
        assertFalse(rule.path("spec").path("groups").path(0).path("rules").isEmpty());

        JsonNode dashboard = only(objects, "ConfigMap");
        assertEquals("1", dashboard.path("metadata").path("labels").path("grafana_dashboard").asText());
        JsonNode json = new ObjectMapper().readTree(dashboard.path("data").path("postwire-dashboard.json").asText());
        assertEquals(new ObjectMapper().readTree(DASHBOARD.toFile()), json);

        List<JsonNode> withoutMonitoring = render(ValueSet.NO_MONITORING);
        assertTrue(ofKind(withoutMonitoring, "PrometheusRule").isEmpty());
        assertTrue(ofKind(withoutMonitoring, "ConfigMap").isEmpty());
    }

    @Test
    void cnpgSwitchRendersAClusterWhoseSecretAndRwServiceTheAppReads() {
        List<JsonNode> objects = render(ValueSet.CNPG);
        JsonNode cluster = only(objects, "Cluster");
        assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
        String name = cluster.path("metadata").path("name").asText();
        assertEquals("posts-pg", name);
        assertEquals(3, cluster.path("spec").path("instances").asInt());
        String database = cluster.path("spec").path("bootstrap").path("initdb").path("database").asText();

        Map<String, JsonNode> env = env(container(objects));
        assertEquals("jdbc:postgresql://" + name + "-rw:5432/" + database,
                env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        assertSecretKey(env, "QUARKUS_DATASOURCE_USERNAME", name + "-app", "username");
        assertSecretKey(env, "QUARKUS_DATASOURCE_PASSWORD", name + "-app", "password");

        assertTrue(ofKind(render(ValueSet.DEFAULTS), "Cluster").isEmpty(), "CloudNativePG is off by default");
    }

    @Test
    void externalDatabaseImageReplicasResourcesAndExtraEnvComeFromValues() {
        List<JsonNode> objects = render(ValueSet.EXTERNAL_DATABASE);
        JsonNode container = container(objects);
        Map<String, JsonNode> env = env(container);
        assertEquals("jdbc:postgresql://db.example.internal:5432/posts?sslmode=require",
                env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        assertSecretKey(env, "QUARKUS_DATASOURCE_USERNAME", "posts-db-credentials", "username");
        assertSecretKey(env, "QUARKUS_DATASOURCE_PASSWORD", "posts-db-credentials", "password");
        assertEquals("900", env.get("SMALLRYE_JWT_NEW_TOKEN_LIFESPAN").path("value").asText());
        assertEquals("posts-tuning", env.get("POSTWIRE_PASSWORD_BCRYPT_COST")
                .path("valueFrom").path("configMapKeyRef").path("name").asText());
        assertEquals("registry.example.com/team/postwire:1.2.3", container.path("image").asText());
        assertEquals("Always", container.path("imagePullPolicy").asText());
        assertEquals(2, only(objects, "Deployment").path("spec").path("replicas").asInt());
        assertEquals("384Mi", container.path("resources").path("requests").path("memory").asText());
        assertEquals("768Mi", container.path("resources").path("limits").path("memory").asText());
        assertEquals("250m", container.path("resources").path("requests").path("cpu").asText(), "the default stays");
        assertEquals("posts-jwt-keys", jwtVolume(objects).path("secret").path("secretName").asText());
        assertEquals("/etc/postwire/jwt/public-key.pem,/etc/postwire/jwt/previous-public-key.pem",
                env.get("POSTWIRE_JWT_VERIFY_KEYS").path("value").asText(), "both keys verify during a rotation");
        assertTrue(ofKind(objects, "Cluster").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void everySettingTheProdAppNeedsIsInTheEnvAndTheKeysAreMountedFromTheSecret(ValueSet values) {
        List<JsonNode> objects = render(values);
        JsonNode container = container(objects);
        Map<String, JsonNode> env = env(container);
        // The same settings the *IT tests give the packaged app to start it in the prod profile.
        for (String property : new ProdProfileConfig().start().keySet()) {
            String name = property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
            assertTrue(env.containsKey(name), values + ": no " + name + " in " + env.keySet());
        }
        JsonNode volume = jwtVolume(objects);
        String mountPath = container.path("volumeMounts").findParents("name").stream()
                .filter(mount -> mount.path("name").asText().equals(volume.path("name").asText()))
                .findFirst().orElseThrow().path("mountPath").asText();
        for (String key : List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "SMALLRYE_JWT_SIGN_KEY_LOCATION",
                "POSTWIRE_JWT_VERIFY_KEYS")) {
            assertTrue(env.get(key).path("value").asText().startsWith(mountPath + "/"), key);
        }
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void noSecretValueInAnyRenderedManifest(ValueSet values) throws IOException {
        List<JsonNode> objects = render(values);
        assertTrue(ofKind(objects, "Secret").isEmpty(), "the chart only names existing Secrets");
        assertFalse(Files.readString(rendered(values)).contains("-----BEGIN"), "no key material");
        env(container(objects)).forEach((name, variable) -> {
            if (name.matches(".*_(PASSWORD|USERNAME)")) {
                assertTrue(variable.path("value").isMissingNode(), name + " must come from a Secret");
                assertNotNull(variable.path("valueFrom").get("secretKeyRef"), name);
            }
        });
    }

    @Test
    void aWrongValueTypeFailsThroughTheValuesSchema() {
        Exception refused = assertThrows(IllegalStateException.class, () -> new Helm(CHART).template()
                .withValuesFile(Path.of("src/test/resources/helm-values/wrong-replicas-type.yaml")).call());
        assertTrue(refused.getMessage().contains("schema"), refused.getMessage());
        assertTrue(refused.getMessage().contains("replicas"), refused.getMessage());
    }

    @Test
    void everyRenderedObjectMatchesTheKubernetesAndCrdSchemas() throws Exception {
        List<String> files = new ArrayList<>(List.of(PLAIN_MANIFESTS.toAbsolutePath().toString()));
        for (ValueSet values : ValueSet.values()) {
            render(values);
            files.add(rendered(values).toAbsolutePath().toString());
        }
        SchemaCheck result = SchemaCheck.run(files);
        System.out.println(result.output());
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void theSchemaCheckRefusesMistypedAndUnknownFields() throws Exception {
        SchemaCheck result = SchemaCheck.run(List.of(Path.of("src/test/resources/broken-manifest.yaml")
                .toAbsolutePath().toString()));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("spec/replicas must be integer"), result.output());
        assertTrue(result.output().contains("'\"metricsPath\"' does not exist"), result.output());
    }

    /** deploy/schema-check/check.sh: node and the npm packages of its lockfile, installed when absent. */
    record SchemaCheck(int exitCode, String output) {
        static SchemaCheck run(List<String> manifests) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(SCHEMA_CHECK.resolve("check.sh").toAbsolutePath().toString()));
            command.addAll(manifests);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            return new SchemaCheck(process.waitFor(), output);
        }
    }

    private static synchronized List<JsonNode> render(ValueSet values) {
        return RENDERS.computeIfAbsent(values, set -> {
            var template = new Helm(CHART).template().withName("postwire").withNamespace("postwire");
            if (set.file != null) {
                template.withValuesFile(set.file);
            }
            String manifests = template.call();
            try {
                Files.createDirectories(RENDERED);
                Files.writeString(rendered(set), manifests);
                List<JsonNode> objects = YAML.readerFor(JsonNode.class).<JsonNode> readValues(manifests)
                        .readAll().stream().filter(node -> node != null && node.has("kind")).toList();
                System.out.printf("helm template (%s): %s%n", set, objects.stream()
                        .map(node -> node.path("kind").asText() + "/" + node.path("metadata").path("name").asText())
                        .toList());
                return objects;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Path rendered(ValueSet values) {
        return RENDERED.resolve(values.name().toLowerCase().replace('_', '-') + ".yaml");
    }

    /** helm lint reads only the chart's own values.yaml: a copy of the chart with the set merged into it. */
    private static Path chartWithValues(ValueSet values) throws IOException {
        if (values.file == null) {
            return CHART;
        }
        Path copy = Files.createTempDirectory(Path.of("target"), "chart-" + values.name().toLowerCase() + "-");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        ObjectNode merged = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        YAML.readerForUpdating(merged).readValue(values.file.toFile());
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        return copy;
    }

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(node -> kind.equals(node.path("kind").asText())).toList();
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = ofKind(objects, kind);
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    private static JsonNode container(List<JsonNode> objects) {
        JsonNode containers = only(objects, "Deployment").path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static JsonNode jwtVolume(List<JsonNode> objects) {
        return only(objects, "Deployment").path("spec").path("template").path("spec").path("volumes")
                .findParents("name").stream().filter(volume -> volume.has("secret")).findFirst().orElseThrow();
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
        return env;
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port " + name);
    }

    private static Set<String> mountPaths(JsonNode container) {
        return container.path("volumeMounts").findValuesAsText("mountPath").stream().collect(Collectors.toSet());
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static void assertSecretKey(Map<String, JsonNode> env, String name, String secret, String key) {
        JsonNode reference = env.get(name).path("valueFrom").path("secretKeyRef");
        assertEquals(secret, reference.path("name").asText(), name);
        assertEquals(key, reference.path("key").asText(), name);
    }
}
