package io.postwire.deploy;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.postwire.support.ManagementInterface;
import io.postwire.support.ProdProfileConfig;
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
    /** Where the image's JVM options are defined, the ones the chart runs unless values append others. */
    private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    private static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
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
        MINIKUBE(Path.of("deploy/minikube/values.yaml")),
        SCALE_OUT(Path.of("src/test/resources/helm-values/scale-out.yaml")),
        POOLER_PREPARED_STATEMENTS(Path.of("src/test/resources/helm-values/pooler-prepared-statements.yaml")),
        TRACING(Path.of("src/test/resources/helm-values/tracing.yaml"));

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

    /**
     * The probes ask the management interface, which answers them while the API's port is busy with user
     * requests (docs/operating.md, "Overload"); the chart and the plain manifests alike.
     */
    @Test
    void probesUseHealthEndpointsThatTheAppServesOnItsManagementPort() throws IOException {
        // The prod profile sets no quarkus.http.port or quarkus.management.port: Quarkus' 8080 and 9000.
        for (List<JsonNode> objects : List.of(render(ValueSet.DEFAULTS), objects(Files.readString(PLAIN_MANIFESTS)))) {
            JsonNode container = container(objects);
            assertEquals(8080, port(container, "http"));
            int managementPort = port(container, "management");
            assertEquals(9000, managementPort);
            assertEquals(String.valueOf(managementPort), env(container).get("QUARKUS_MANAGEMENT_PORT").path("value").asText(),
                    "the app listens where the probes ask");
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                JsonNode httpGet = container.path(probe).path("httpGet");
                assertEquals(managementPort, httpGet.path("port").asInt(), probe);
                String path = httpGet.path("path").asText();
                assertTrue(path.startsWith("/q/health/"), probe + " " + path);
                ManagementInterface.given().get(path).then().statusCode(200).body("status", equalTo("UP"));
            }
            JsonNode service = only(objects, "Service");
            assertEquals(Set.of("http"), servicePortsReaching(service, container, "http"));
            assertEquals(Set.of("metrics"), servicePortsReaching(service, container, "management"));
        }
    }

    /** app.ports.management moves the container port, the probes and the port the app listens on together. */
    @Test
    void theManagementPortIsAValueThatTheProbesAndTheAppFollow() throws IOException {
        JsonNode container = container(objects(new Helm(CHART).template().withName("postwire").withNamespace("postwire")
                .set("app.ports.management", "9100").call()));
        assertEquals(9100, port(container, "management"));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals(9100, container.path(probe).path("httpGet").path("port").asInt(), probe);
        }
        assertEquals("9100", env(container).get("QUARKUS_MANAGEMENT_PORT").path("value").asText());
    }

    /**
     * An Ingress (the chart renders none; quarkus.kubernetes.ingress.expose would add one to the plain manifests)
     * routes to the Service's API port alone: health and metrics are never exposed outside the cluster.
     */
    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void noIngressRoutesToTheManagementPort(ValueSet values) throws IOException {
        List<JsonNode> objects = new ArrayList<>(render(values));
        objects.addAll(objects(Files.readString(PLAIN_MANIFESTS)));
        for (JsonNode ingress : ofKind(objects, "Ingress")) {
            for (JsonNode port : ingress.findValues("service").stream().map(backend -> backend.path("port")).toList()) {
                assertTrue(port.path("name").asText().equals("http") || port.path("number").asInt() == 80, values + ": " + ingress);
            }
        }
    }

    /**
     * Readiness runs the pool's wait and a validation: its probe waits longer than both, so that a busy
     * pod stays in the Service, and takes a pod whose database hangs out within 10 s. Liveness restarts
     * only a JVM that has answered nothing for half a minute.
     */
    @Test
    void probesOutwaitTheBoundsOfTheirChecksAndTakeAPodWithAHungDatabaseOutWithin10Seconds() throws IOException {
        JsonNode container = container(render(ValueSet.DEFAULTS));
        JsonNode readiness = container.path("readinessProbe");
        Duration checkBound = appDuration("quarkus.datasource.jdbc.acquisition-timeout")
                .plus(appDuration("quarkus.datasource.jdbc.validation-query-timeout"));
        assertTrue(readiness.path("timeoutSeconds").asInt() > checkBound.toSeconds(), readiness + " vs " + checkBound);
        assertTrue(readiness.path("periodSeconds").asInt() * readiness.path("failureThreshold").asInt() <= 10, readiness.toString());
        JsonNode liveness = container.path("livenessProbe");
        assertTrue(liveness.path("timeoutSeconds").asInt() >= readiness.path("timeoutSeconds").asInt(), liveness.toString());
        assertTrue(liveness.path("periodSeconds").asInt() * liveness.path("failureThreshold").asInt() >= 30, liveness.toString());
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
        // Scraped on the management interface, where the metrics are served, and nowhere else.
        assertEquals(servicePortsReaching(service, container(objects), "management"), Set.of(endpoint.path("port").asText()));
        assertEquals("/q/metrics", endpoint.path("path").asText());
        assertEquals("30s", endpoint.path("interval").asText());
        ManagementInterface.given().get(endpoint.path("path").asText()).then().statusCode(200).body(containsString("# TYPE"));

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
        // Synchronous: a commit is on a standby too before the app acknowledges it, so a failover loses none.
        JsonNode synchronous = cluster.path("spec").path("postgresql").path("synchronous");
        assertEquals("any", synchronous.path("method").asText());
        assertEquals(1, synchronous.path("number").asInt());
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
        assertEquals("9", env.get("QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_SOCKETTIMEOUT").path("value").asText());
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

    @Test
    void tracingValuesSwitchTheSdkOnWithEndpointRatioAndThePodAsResource() {
        JsonNode container = container(render(ValueSet.TRACING));
        Map<String, JsonNode> env = env(container);
        assertEquals("false", env.get("QUARKUS_OTEL_SDK_DISABLED").path("value").asText());
        assertEquals("http://otel-collector.observability:4317",
                env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT").path("value").asText());
        assertEquals("0.25", env.get("QUARKUS_OTEL_TRACES_SAMPLER_ARG").path("value").asText());
        Map<String, String> downwardApi = Map.of("POD_NAME", "metadata.name", "POD_NAMESPACE", "metadata.namespace",
                "NODE_NAME", "spec.nodeName");
        downwardApi.forEach((name, field) -> assertEquals(field,
                env.get(name).path("valueFrom").path("fieldRef").path("fieldPath").asText(), name));
        assertEquals("k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),k8s.node.name=$(NODE_NAME)",
                env.get("OTEL_RESOURCE_ATTRIBUTES").path("value").asText());
        // Kubernetes expands $(NAME) only for variables listed before the one that uses them.
        List<String> order = container.path("env").findValuesAsText("name");
        downwardApi.keySet().forEach(name -> assertTrue(
                order.indexOf(name) < order.indexOf("OTEL_RESOURCE_ATTRIBUTES"), name + " in " + order));

        Set<String> tracingEnv = Set.of("QUARKUS_OTEL_SDK_DISABLED", "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT",
                "QUARKUS_OTEL_TRACES_SAMPLER_ARG", "OTEL_RESOURCE_ATTRIBUTES");
        assertTrue(env(container(render(ValueSet.DEFAULTS))).keySet().stream().noneMatch(tracingEnv::contains),
                "tracing is off by default: the prod profile disables the SDK");
        Exception noEndpoint = assertThrows(IllegalStateException.class,
                () -> new Helm(CHART).template().set("app.tracing.enabled", "true").call());
        assertTrue(noEndpoint.getMessage().contains("app.tracing.endpoint is required"), noEndpoint.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void everySettingTheProdAppNeedsIsInTheEnvAndTheKeysAreMountedFromTheSecret(ValueSet values) {
        List<JsonNode> objects = render(values);
        JsonNode container = container(objects);
        Map<String, JsonNode> env = env(container);
        // The settings the *IT tests give the packaged app to start it in the prod profile.
        for (String property : ProdProfileConfig.deploymentSettings().keySet()) {
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
    void theImagesJvmOptionsRunUnlessValuesAppendSomeAndTheirHeapLeavesHalfTheMemoryLimitToTheRestOfTheJvm()
            throws IOException {
        JsonNode container = container(render(ValueSet.DEFAULTS));
        assertFalse(env(container).containsKey("JAVA_OPTS_APPEND"), "by default the image's options alone");
        String options = imageJavaOptions();
        long heap = mebibytes(options.replaceAll(".*-Xmx(\\S+).*", "$1"));
        long limit = mebibytes(container.path("resources").path("limits").path("memory").asText());
        // Metaspace, code cache, thread stacks, the AOT cache and malloc took about 200 MiB beside the heap
        // (docs/deploy.md): a heap over half the limit would leave the JVM too little under it.
        assertTrue(heap > 0 && heap * 2 <= limit, options + " with a memory limit of " + limit + " MiB");

        assertEquals("-Xmx320m -XX:TieredStopAtLevel=1", env(container(render(ValueSet.EXTERNAL_DATABASE)))
                .get("JAVA_OPTS_APPEND").path("value").asText());
    }

    @Test
    void theImagesInitialHeapExceedsTheJvmsDefaultForTheMemoryLimitSoThatTheAotCacheFits() throws IOException {
        // The JVM copies the AOT cache's archived objects into the heap it starts with and does not start
        // when they do not fit; its default initial heap, 1/64 of the limit, was too small (docs/deploy.md).
        String options = imageJavaOptions();
        long limit = mebibytes(container(render(ValueSet.DEFAULTS)).path("resources").path("limits").path("memory").asText());
        assertTrue(options.contains("-Xms"), options);
        long initialHeap = mebibytes(options.replaceAll(".*-Xms(\\S+).*", "$1"));
        long heap = mebibytes(options.replaceAll(".*-Xmx(\\S+).*", "$1"));
        assertTrue(initialHeap > limit / 64 && initialHeap <= heap, options + " with a memory limit of " + limit + " MiB");
    }

    /** The JVM options the image runs, from their one definition in the Dockerfile. */
    private static String imageJavaOptions() throws IOException {
        var measured = Pattern.compile("(?m)^ARG MEASURED_JAVA_OPTS=\"(.*)\"$").matcher(Files.readString(DOCKERFILE));
        assertTrue(measured.find(), "the image's options in " + DOCKERFILE);
        return measured.group(1);
    }

    @Test
    void thePlainManifestsCarryTheEnvTheChartRendersForTheirCloudNativePgDatabase() throws IOException {
        // The plain manifests name the chart's default CloudNativePG cluster; quarkus-helm replaces their
        // env with the chart's template, so the two are kept equal here rather than derived.
        String chart = new Helm(CHART).template().withName("postwire").withNamespace("postwire")
                .set("app.cnpg.enabled", "true").call();
        JsonNode rendered = container(objects(chart)).path("env");
        JsonNode plain = container(objects(Files.readString(PLAIN_MANIFESTS))).path("env");
        assertEquals(rendered, plain, "src/main/kubernetes/kubernetes.yml's env against the chart's \"postwire.env\"");
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

    @Test
    void theAutoscalerTargetsTheDeploymentAndTheDisruptionBudgetSelectsItsPods() {
        List<JsonNode> objects = render(ValueSet.SCALE_OUT);
        JsonNode deployment = only(objects, "Deployment");
        JsonNode hpa = only(objects, "HorizontalPodAutoscaler");
        assertEquals("autoscaling/v2", hpa.path("apiVersion").asText());
        JsonNode target = hpa.path("spec").path("scaleTargetRef");
        assertEquals("apps/v1", target.path("apiVersion").asText());
        assertEquals("Deployment", target.path("kind").asText());
        assertEquals(deployment.path("metadata").path("name").asText(), target.path("name").asText());
        assertEquals(3, hpa.path("spec").path("minReplicas").asInt());
        assertEquals(10, hpa.path("spec").path("maxReplicas").asInt());
        JsonNode cpu = hpa.path("spec").path("metrics").get(0).path("resource");
        assertEquals("cpu", cpu.path("name").asText());
        assertEquals(60, cpu.path("target").path("averageUtilization").asInt());
        // Warming pods use their whole CPU limit: scale-up waits a warm-up period between doublings.
        JsonNode scaleUp = hpa.path("spec").path("behavior").path("scaleUp");
        for (JsonNode policy : scaleUp.path("policies")) {
            assertEquals(60, policy.path("periodSeconds").asInt(), scaleUp.toString());
        }
        assertEquals(List.of("Percent", "Pods"), scaleUp.path("policies").findValuesAsText("type"), scaleUp.toString());
        assertEquals(3, deployment.path("spec").path("replicas").asInt(), "a first install starts at minReplicas");

        Map<String, String> podLabels = strings(deployment.path("spec").path("template").path("metadata").path("labels"));
        JsonNode budget = only(objects, "PodDisruptionBudget");
        Map<String, String> selector = strings(budget.path("spec").path("selector").path("matchLabels"));
        assertFalse(selector.isEmpty());
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), podLabels + " vs " + selector);
        assertEquals(1, budget.path("spec").path("maxUnavailable").asInt());

        assertEquals(1, ofKind(render(ValueSet.EXTERNAL_DATABASE), "PodDisruptionBudget").size(), "2 replicas");
        assertTrue(ofKind(render(ValueSet.EXTERNAL_DATABASE), "HorizontalPodAutoscaler").isEmpty());
        assertTrue(ofKind(render(ValueSet.DEFAULTS), "PodDisruptionBudget").isEmpty(), "1 replica: no budget");
        assertTrue(ofKind(render(ValueSet.DEFAULTS), "HorizontalPodAutoscaler").isEmpty(), "off by default");
    }

    @Test
    void podsLeaveTheEndpointsBeforeTheyStopAndSpreadOverNodesAndZones() {
        for (ValueSet values : List.of(ValueSet.DEFAULTS, ValueSet.SCALE_OUT)) {
            List<JsonNode> objects = render(values);
            JsonNode deployment = only(objects, "Deployment");
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = container(objects);
            int preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt();
            String shutdownTimeout = env(container).get("QUARKUS_SHUTDOWN_TIMEOUT").path("value").asText();
            int grace = pod.path("terminationGracePeriodSeconds").asInt();
            assertTrue(preStop > 0, values + ": a preStop pause");
            assertTrue(grace > preStop + Integer.parseInt(shutdownTimeout.replace("s", "")),
                    values + ": grace " + grace + " vs preStop " + preStop + " + shutdown " + shutdownTimeout);
            JsonNode rollingUpdate = deployment.path("spec").path("strategy").path("rollingUpdate");
            assertEquals(0, rollingUpdate.path("maxUnavailable").asInt(-1), values.toString());

            Map<String, String> podLabels = strings(deployment.path("spec").path("template").path("metadata").path("labels"));
            Set<String> keys = pod.path("topologySpreadConstraints").findValuesAsText("topologyKey").stream()
                    .collect(Collectors.toSet());
            assertEquals(Set.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"), keys);
            pod.path("topologySpreadConstraints").forEach(constraint -> assertTrue(podLabels.entrySet()
                    .containsAll(strings(constraint.path("labelSelector").path("matchLabels")).entrySet())));
        }
        assertEquals("30s", env(container(render(ValueSet.SCALE_OUT))).get("QUARKUS_SHUTDOWN_TIMEOUT").path("value").asText());
        assertEquals(60, only(render(ValueSet.SCALE_OUT), "Deployment").path("spec").path("template").path("spec")
                .path("terminationGracePeriodSeconds").asInt());
    }

    @Test
    void withThePoolerOnTheAppConnectsToThePoolerServiceSetForItsPreparedStatements() {
        List<JsonNode> objects = render(ValueSet.SCALE_OUT);
        JsonNode cluster = only(objects, "Cluster");
        assertEquals(3, cluster.path("spec").path("instances").asInt());
        JsonNode pooler = only(objects, "Pooler");
        assertEquals("postgresql.cnpg.io/v1", pooler.path("apiVersion").asText());
        assertEquals(cluster.path("metadata").path("name").asText(), pooler.path("spec").path("cluster").path("name").asText());
        assertEquals("rw", pooler.path("spec").path("type").asText());
        JsonNode pgbouncer = pooler.path("spec").path("pgbouncer");
        assertEquals("transaction", pgbouncer.path("poolMode").asText());
        assertTrue(pgbouncer.path("parameters").path("max_prepared_statements").isMissingNode());

        Map<String, JsonNode> env = env(container(objects));
        // The operator names the pooler's Service after the Pooler.
        assertEquals("jdbc:postgresql://" + pooler.path("metadata").path("name").asText() + ":5432/posts?prepareThreshold=0",
                env.get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        assertSecretKey(env, "QUARKUS_DATASOURCE_USERNAME", "posts-pg-app", "username");

        // How the pools add up: every pod's pool fits the pooler's clients, its servers fit PostgreSQL.
        int pods = only(objects, "HorizontalPodAutoscaler").path("spec").path("maxReplicas").asInt();
        int appPool = env.get("QUARKUS_DATASOURCE_JDBC_MAX_SIZE").path("value").asInt();
        assertEquals(10, appPool);
        assertTrue(pods * appPool <= pgbouncer.path("parameters").path("max_client_conn").asInt());
        assertTrue(pooler.path("spec").path("instances").asInt() * pgbouncer.path("parameters").path("default_pool_size").asInt()
                < cluster.path("spec").path("postgresql").path("parameters").path("max_connections").asInt());

        List<JsonNode> prepared = render(ValueSet.POOLER_PREPARED_STATEMENTS);
        JsonNode preparedPooler = only(prepared, "Pooler");
        assertEquals("500", preparedPooler.path("spec").path("pgbouncer").path("parameters").path("max_prepared_statements").asText());
        assertEquals("jdbc:postgresql://postwire-db-pooler-rw:5432/postwire",
                env(container(prepared)).get("QUARKUS_DATASOURCE_JDBC_URL").path("value").asText());
        assertTrue(ofKind(render(ValueSet.CNPG), "Pooler").isEmpty(), "the pooler is off by default");
    }

    @Test
    void behindThePoolerTheStatementTimeoutIsTheOwnersInItsDatabase() throws IOException {
        JsonNode initdb = only(render(ValueSet.SCALE_OUT), "Cluster").path("spec").path("bootstrap").path("initdb");
        assertEquals("ALTER ROLE posts_app IN DATABASE posts SET statement_timeout = '"
                + appProperties().getProperty("postwire.database.statement-timeout") + "'",
                initdb.path("postInitApplicationSQL").get(0).asText());
        assertTrue(only(render(ValueSet.CNPG), "Cluster").path("spec").path("bootstrap").path("initdb")
                .path("postInitApplicationSQL").isMissingNode(), "without the pooler every connection sets it");
    }

    @Test
    void backupsGoToTheObjectStoreOnSchedule() {
        List<JsonNode> objects = render(ValueSet.SCALE_OUT);
        JsonNode cluster = only(objects, "Cluster");
        JsonNode store = cluster.path("spec").path("backup").path("barmanObjectStore");
        assertEquals("s3://backups/posts-pg", store.path("destinationPath").asText());
        assertEquals("https://minio.example.internal:9000", store.path("endpointURL").asText());
        assertEquals("posts-backup-s3", store.path("s3Credentials").path("accessKeyId").path("name").asText());
        assertEquals("posts-backup-s3", store.path("s3Credentials").path("secretAccessKey").path("name").asText());
        assertEquals("14d", cluster.path("spec").path("backup").path("retentionPolicy").asText());
        JsonNode scheduled = only(objects, "ScheduledBackup");
        assertEquals(cluster.path("metadata").path("name").asText(), scheduled.path("spec").path("cluster").path("name").asText());
        assertEquals("barmanObjectStore", scheduled.path("spec").path("method").asText());
        assertEquals("0 30 2 * * *", scheduled.path("spec").path("schedule").asText());

        assertTrue(ofKind(render(ValueSet.CNPG), "ScheduledBackup").isEmpty(), "backups are off by default");
        assertTrue(only(render(ValueSet.CNPG), "Cluster").path("spec").path("backup").isMissingNode());
    }

    @ParameterizedTest
    @ValueSource(strings = { "pool-overcommit.yaml:exceed cnpg.pooler.maxClientConn 100",
            "short-grace-period.yaml:must exceed preStopSleepSeconds + timeoutSeconds = 30",
            "too-many-synchronous-standbys.yaml:cnpg.synchronousStandbys 2 must be fewer than cnpg.instances 2" })
    void valuesWhoseNumbersDoNotAddUpAreRefused(String fileAndMessage) {
        String[] parts = fileAndMessage.split(":", 2);
        Exception refused = assertThrows(IllegalStateException.class, () -> new Helm(CHART).template()
                .withValuesFile(Path.of("src/test/resources/helm-values", parts[0])).call());
        assertTrue(refused.getMessage().contains(parts[1]), refused.getMessage());
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
                List<JsonNode> objects = objects(manifests);
                System.out.printf("helm template (%s): %s%n", set, objects.stream()
                        .map(node -> node.path("kind").asText() + "/" + node.path("metadata").path("name").asText())
                        .toList());
                return objects;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<JsonNode> objects(String manifests) throws IOException {
        return YAML.readerFor(JsonNode.class).<JsonNode> readValues(manifests)
                .readAll().stream().filter(node -> node != null && node.has("kind")).toList();
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

    /** The application's own settings, without a profile: what the jar in the image runs with. */
    private static Properties appProperties() throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            properties.load(reader);
        }
        return properties;
    }

    /** A Quarkus duration setting such as 2S. */
    private static Duration appDuration(String key) throws IOException {
        return Duration.parse("PT" + appProperties().getProperty(key));
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port " + name);
    }

    /** The names of the Service's ports whose target is the container's port of this name (by name or number). */
    private static Set<String> servicePortsReaching(JsonNode service, JsonNode container, String containerPortName) {
        String number = String.valueOf(port(container, containerPortName));
        return service.path("spec").path("ports").findParents("port").stream()
                .filter(servicePort -> Set.of(containerPortName, number).contains(servicePort.path("targetPort").asText()))
                .map(servicePort -> servicePort.path("name").asText()).collect(Collectors.toSet());
    }

    private static Set<String> mountPaths(JsonNode container) {
        return container.path("volumeMounts").findValuesAsText("mountPath").stream().collect(Collectors.toSet());
    }

    /** A Kubernetes quantity (128Mi) or a JVM size (128m, 1g) in MiB. */
    private static long mebibytes(String size) {
        var matcher = Pattern.compile("(\\d+)(Mi|Gi|m|g)").matcher(size);
        assertTrue(matcher.matches(), "a size in Mi, Gi, m or g: " + size);
        long number = Long.parseLong(matcher.group(1));
        return matcher.group(2).toLowerCase().startsWith("g") ? number * 1024 : number;
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
