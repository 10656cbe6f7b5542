package ai.bvrai.platform.deployment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the deployment descriptors (root {@code docker-compose.yml}, {@code Dockerfile}, the gateway's nginx.conf and
 * {@code infra/k8s}) for what a reader would otherwise verify by hand: names that refer to each other, files that
 * must exist, the Axon Server wiring of the split services, the token issuer, unique host ports, probe paths.
 * Nothing here needs Docker or Kubernetes.
 */
class DeploymentDescriptorsTest {

    /** Surefire runs in the module directory; the descriptors live in the reactor root. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    private static final Path K8S_DIR = ROOT.resolve("infra/k8s");

    /** The services that run Axon Framework in the split deployment. */
    private static final List<String> AXON_SERVICES = List.of("command-side", "query-side", "voice-saga");
    private static final String AXON_SERVER_SERVICE = "axonserver";
    private static final Pattern HTTP_BACKEND = Pattern.compile("http://([A-Za-z0-9._-]+):(\\d+)");

    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void loadCompose() throws IOException {
        assertThat(ROOT.resolve("pom.xml")).as("reactor root").isRegularFile();
        assertThat(COMPOSE_FILE).isRegularFile();
        compose = map(loadYaml(COMPOSE_FILE).getFirst(), "docker-compose.yml");
        services = new LinkedHashMap<>();
        map(compose.get("services"), "services").forEach((name, body) -> services.put(name, map(body, name)));
    }

    // ------------------------------------------------------------------------------------------ compose

    @Test
    void givenComposeServices_whenTheyDependOnOthers_thenEveryDependencyNamesADefinedService() {
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        services.forEach((name, service) -> dependsOn(service).keySet().stream()
                .filter(dependency -> !services.containsKey(dependency))
                .forEach(dependency -> unknown.computeIfAbsent(name, k -> new TreeSet<>()).add(dependency)));

        assertThat(unknown).as("depends_on naming no service").isEmpty();
    }

    @Test
    void givenHealthyConditions_whenTheDependencyIsInspected_thenItHasAHealthcheck() throws IOException {
        boolean dockerfileHasHealthcheck = Files.readString(ROOT.resolve("Dockerfile")).lines()
                .anyMatch(line -> line.strip().startsWith("HEALTHCHECK"));
        List<String> withoutHealthcheck = new ArrayList<>();
        services.forEach((name, service) -> dependsOn(service).forEach((dependency, condition) -> {
            if ("service_healthy".equals(condition) && services.containsKey(dependency)) {
                Map<String, Object> target = services.get(dependency);
                boolean own = target.get("healthcheck") instanceof Map<?, ?> check && !Boolean.TRUE.equals(check.get("disable"));
                boolean fromDockerfile = target.containsKey("build") && dockerfileHasHealthcheck;
                if (!own && !fromDockerfile) {
                    withoutHealthcheck.add(name + " -> " + dependency);
                }
            }
        }));

        assertThat(withoutHealthcheck).as("service_healthy on a service that never turns healthy").isEmpty();
    }

    @Test
    void givenAxonServices_whenTheirEnvironmentIsRead_thenTheUpdateCheckerIsDisabled() {
        for (String name : AXON_SERVICES) {
            assertThat(services).as("service %s", name).containsKey(name);
            assertThat(environment(name)).as("environment of %s", name)
                    .containsEntry("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        }
    }

    @Test
    void givenAxonServices_whenTheirEnvironmentIsRead_thenProfileAxonserverPointsAtTheAxonServerService() {
        assertThat(services).containsKey(AXON_SERVER_SERVICE);
        for (String name : AXON_SERVICES) {
            Map<String, String> env = environment(name);
            assertThat(List.of(env.getOrDefault("SPRING_PROFILES_ACTIVE", "").split("\\s*,\\s*")))
                    .as("profiles of %s", name).contains("axonserver");
            String servers = env.get("AXON_AXONSERVER_SERVERS");
            assertThat(servers).as("AXON_AXONSERVER_SERVERS of %s", name).isNotBlank();
            for (String server : servers.split(",")) {
                assertThat(server.strip().split(":")[0]).as("Axon Server host of %s", name).isEqualTo(AXON_SERVER_SERVICE);
            }
            assertThat(dependsOn(services.get(name))).as("%s waits for Axon Server", name)
                    .containsEntry(AXON_SERVER_SERVICE, "service_healthy");
        }
    }

    @Test
    void givenAxonServices_whenTheirDatabaseIsRead_thenAllShareTheOneBvraiDatabaseOfThePostgresService() {
        Set<String> databases = new TreeSet<>();
        for (String name : AXON_SERVICES) {
            URI url = URI.create(environment(name).get("DATABASE_URL"));
            assertThat(services).as("database host of %s", name).containsKey(url.getHost());
            databases.add(url.getHost() + url.getPath());
        }

        assertThat(databases).containsExactly("postgres/bvrai");
        assertThat(Files.exists(ROOT.resolve("infra/docker/postgres-init"))).isTrue();
    }

    @Test
    void givenKeycloakHostname_whenServicesValidateTokens_thenTheyExpectThePublicIssuerAndFetchKeysInside() {
        Map<String, String> keycloak = environment("keycloak");
        String publicUrl = keycloak.get("KC_HOSTNAME");
        assertThat(publicUrl).as("KC_HOSTNAME fixes the issuer").isNotBlank();
        String containerPort = keycloak.getOrDefault("KC_HTTP_PORT", "8080");

        for (String name : AXON_SERVICES) {
            Map<String, String> env = environment(name);
            assertThat(env.get("BVRAI_SECURITY_ISSUER_URI")).as("issuer of %s", name).isEqualTo(publicUrl + "/realms/bvrai");
            URI jwks = URI.create(env.get("BVRAI_SECURITY_JWK_SET_URI"));
            assertThat(jwks.getHost()).as("JWKS host of %s", name).isEqualTo("keycloak");
            assertThat(String.valueOf(jwks.getPort())).as("JWKS port of %s", name).isEqualTo(containerPort);
            assertThat(jwks.getPath()).isEqualTo("/realms/bvrai/protocol/openid-connect/certs");
        }
    }

    @Test
    void givenKeycloak_whenTheRealmDirectoryIsMounted_thenItHoldsTheRealmJson() {
        Map<String, String> mounts = bindMounts("keycloak");
        String source = mounts.entrySet().stream()
                .filter(mount -> mount.getValue().startsWith("/opt/keycloak/data/import"))
                .map(Map.Entry::getKey).findFirst().orElse(null);

        assertThat(source).as("a bind mount on /opt/keycloak/data/import").isNotNull();
        assertThat(ROOT.resolve(source).resolve("bvrai-realm.json")).isRegularFile();
        assertThat(ROOT.resolve("keycloak/realm/bvrai-realm.json")).isRegularFile();
    }

    @Test
    void givenBindMounts_whenTheirSourcesAreResolved_thenEveryMountedPathExists() {
        List<String> missing = new ArrayList<>();
        services.keySet().forEach(name -> bindMounts(name).keySet().stream()
                .filter(source -> !Files.exists(ROOT.resolve(source)))
                .forEach(source -> missing.add(name + ": " + source)));

        assertThat(missing).isEmpty();
    }

    @Test
    void givenBuiltServices_whenTheBuildIsRead_thenContextDockerfileAndModuleExist() throws Exception {
        Set<String> modules = rootPomModules();
        List<String> built = new ArrayList<>();
        services.forEach((name, service) -> {
            Object build = service.get("build");
            if (build == null) {
                return;
            }
            built.add(name);
            Map<String, Object> spec = build instanceof String context ? Map.of("context", context) : map(build, name + ".build");
            Path context = ROOT.resolve(String.valueOf(spec.getOrDefault("context", ".")));
            assertThat(context).as("build context of %s", name).isDirectory();
            assertThat(context.resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile"))))
                    .as("Dockerfile of %s", name).isRegularFile();
            String module = stringMap(spec.get("args")).get("MODULE");
            assertThat(module).as("MODULE build-arg of %s", name).isNotBlank();
            assertThat(modules).as("MODULE of %s among the root pom's modules", name).contains(module);
            assertThat(context.resolve(module).resolve("pom.xml")).isRegularFile();
        });

        assertThat(built).containsAll(AXON_SERVICES);
    }

    @Test
    void givenDockerfile_whenItsDefaultsAreRead_thenItRunsThePlatformAsNonRootWithAHealthcheck() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

        assertThat(dockerfile).contains("ARG MODULE=platform", "ENV AXONIQ_UPDATE_CHECKER_DISABLED=true",
                "/actuator/health/readiness", "EXPOSE 8080");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("USER "))).as("a USER instruction").isNotEmpty()
                .noneMatch(line -> line.matches("USER\\s+(root|0)(:.*)?\\s*"));
        assertThat(rootPomModules()).contains("platform");
    }

    @Test
    void givenGateway_whenItsNginxConfIsRead_thenItProxiesToEveryServiceItWaitsForAndOnlyToDefinedServices() throws IOException {
        Map<String, Object> gateway = services.get("gateway");
        assertThat(gateway).as("gateway service").isNotNull();
        String source = bindMounts("gateway").entrySet().stream()
                .filter(mount -> mount.getValue().startsWith("/etc/nginx/"))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        assertThat(source).as("nginx.conf mount").isNotNull();
        Path conf = ROOT.resolve(source);
        assertThat(conf).isRegularFile();
        assertThat(ROOT.relativize(conf.normalize()).toString().replace('\\', '/')).isEqualTo("infra/docker/gateway/nginx.conf");
        String nginx = Files.readString(conf);

        Set<String> backends = new TreeSet<>();
        Matcher matcher = HTTP_BACKEND.matcher(nginx);
        while (matcher.find()) {
            backends.add(matcher.group(1));
        }
        assertThat(backends).as("backends named in nginx.conf").containsAll(dependsOn(gateway).keySet());
        assertThat(services.keySet()).as("compose services").containsAll(backends);
        assertThat(backends).contains("command-side", "query-side");
    }

    @Test
    void givenPublishedPorts_whenCollectedAcrossServices_thenNoHostPortIsPublishedTwice() {
        Map<String, List<String>> byHostPort = new HashMap<>();
        services.forEach((name, service) -> {
            for (Object port : list(service.get("ports"))) {
                String hostPort = hostPort(port);
                if (hostPort != null) {
                    byHostPort.computeIfAbsent(hostPort, k -> new ArrayList<>()).add(name);
                }
            }
        });

        assertThat(byHostPort).as("published ports").isNotEmpty();
        assertThat(byHostPort).as("host port -> services").allSatisfy((port, owners) -> assertThat(owners).hasSize(1));
        assertThat(byHostPort).containsKey("8080/tcp");
        assertThat(byHostPort.get("8080/tcp")).containsExactly("gateway");
    }

    // --------------------------------------------------------------------------------------------- k8s

    @Test
    void givenK8sDeployment_whenItsProbesAreRead_thenTheyUseTheActuatorLivenessAndReadinessPaths() throws IOException {
        Map<String, Object> container = platformContainer();

        assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
        if (container.containsKey("startupProbe")) {
            assertThat(probePath(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
        }
        Map<String, Object> resources = map(container.get("resources"), "resources");
        assertThat(map(resources.get("requests"), "requests")).containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits"), "limits")).containsKey("memory");
    }

    @Test
    void givenK8sManifests_whenTheDeploymentIsWired_thenConfigMapSecretServiceAndKustomizationMatch() throws IOException {
        Map<String, List<Map<String, Object>>> byKind = k8sDocuments();
        Map<String, Object> container = platformContainer();

        Set<String> configMaps = names(byKind.get("ConfigMap"));
        Set<String> secrets = names(byKind.get("Secret"));
        for (Object source : list(container.get("envFrom"))) {
            Map<String, Object> ref = map(source, "envFrom");
            if (ref.containsKey("configMapRef")) {
                assertThat(configMaps).contains(String.valueOf(map(ref.get("configMapRef"), "configMapRef").get("name")));
            }
            if (ref.containsKey("secretRef")) {
                assertThat(secrets).contains(String.valueOf(map(ref.get("secretRef"), "secretRef").get("name")));
            }
        }
        Map<String, String> config = new HashMap<>();
        byKind.get("ConfigMap").forEach(cm -> config.putAll(stringMap(cm.get("data"))));
        assertThat(config).containsEntry("AXONIQ_UPDATE_CHECKER_DISABLED", "true");

        Map<String, Object> deployment = byKind.get("Deployment").getFirst();
        Map<String, Object> template = map(map(deployment.get("spec"), "spec").get("template"), "template");
        Map<String, String> podLabels = stringMap(map(template.get("metadata"), "metadata").get("labels"));
        Set<String> containerPorts = new TreeSet<>();
        list(container.get("ports")).forEach(port -> containerPorts.add(String.valueOf(map(port, "port").get("name"))));
        for (Map<String, Object> service : byKind.get("Service")) {
            Map<String, Object> spec = map(service.get("spec"), "spec");
            assertThat(podLabels).as("pod labels").containsAllEntriesOf(stringMap(spec.get("selector")));
            list(spec.get("ports")).forEach(port -> assertThat(containerPorts)
                    .contains(String.valueOf(map(port, "port").get("targetPort"))));
        }

        Path kustomization = K8S_DIR.resolve("kustomization.yaml");
        if (Files.exists(kustomization)) {
            Set<String> listed = new TreeSet<>();
            list(map(loadYaml(kustomization).getFirst(), "kustomization").get("resources"))
                    .forEach(resource -> listed.add(String.valueOf(resource)));
            listed.forEach(resource -> assertThat(K8S_DIR.resolve(resource)).isRegularFile());
            assertThat(listed).as("every manifest is applied by kustomization.yaml").containsAll(manifestFiles());
        }
    }

    // --------------------------------------------------------------------------------------------- helpers

    private static List<Object> loadYaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Object> documents = new ArrayList<>();
            new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader).forEach(document -> {
                if (document != null) {
                    documents.add(document);
                }
            });
            assertThat(documents).as("YAML documents in %s", file).isNotEmpty();
            return documents;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as("%s is a mapping", what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> items ? new ArrayList<>(items) : List.of();
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, v) -> result.put(String.valueOf(key), v == null ? "" : String.valueOf(v)));
        } else if (value instanceof List<?> items) {        // [ "KEY=value", ... ]
            items.forEach(item -> {
                String entry = String.valueOf(item);
                int eq = entry.indexOf('=');
                result.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            });
        }
        return result;
    }

    private static Map<String, String> environment(String service) {
        assertThat(services).containsKey(service);
        return stringMap(services.get(service).get("environment"));
    }

    /** depends_on in both forms: a list of names, or names mapped to {@code {condition: ...}}. */
    private static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> result = new LinkedHashMap<>();
        Object dependsOn = service.get("depends_on");
        if (dependsOn instanceof List<?> names) {
            names.forEach(name -> result.put(String.valueOf(name), "service_started"));
        } else if (dependsOn instanceof Map<?, ?> entries) {
            entries.forEach((name, spec) -> result.put(String.valueOf(name),
                    spec instanceof Map<?, ?> m && m.get("condition") != null ? String.valueOf(m.get("condition")) : "service_started"));
        }
        return result;
    }

    /** Bind mounts of a service (source relative to the compose file -> target), short and long syntax. */
    private static Map<String, String> bindMounts(String service) {
        Set<String> namedVolumes = compose.get("volumes") instanceof Map<?, ?> volumes
                ? new LinkedHashSet<>(volumes.keySet().stream().map(String::valueOf).toList()) : Set.of();
        Map<String, String> result = new LinkedHashMap<>();
        for (Object volume : list(services.get(service).get("volumes"))) {
            String source;
            String target;
            if (volume instanceof Map<?, ?> spec) {
                if (!"bind".equals(spec.get("type"))) {
                    continue;
                }
                source = String.valueOf(spec.get("source"));
                target = String.valueOf(spec.get("target"));
            } else {
                String[] parts = String.valueOf(volume).split(":");
                if (parts.length < 2 || namedVolumes.contains(parts[0])) {
                    continue;
                }
                source = parts[0];
                target = parts[1];
            }
            result.put(source, target);
        }
        return result;
    }

    /** "8080:8080", "127.0.0.1:8080:8080", "8080:8080/udp", {published, target, protocol}; null when not published. */
    private static String hostPort(Object port) {
        if (port instanceof Map<?, ?> spec) {
            Object published = spec.get("published");
            Object protocol = spec.get("protocol");
            return published == null ? null : published + "/" + (protocol == null ? "tcp" : protocol);
        }
        String value = String.valueOf(port);
        String protocol = "tcp";
        int slash = value.indexOf('/');
        if (slash >= 0) {
            protocol = value.substring(slash + 1);
            value = value.substring(0, slash);
        }
        String[] parts = value.split(":");
        return parts.length < 2 ? null : parts[parts.length - 2] + "/" + protocol;
    }

    private static Set<String> rootPomModules() throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList nodes = factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile()).getElementsByTagName("module");
        Set<String> modules = new TreeSet<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            modules.add(nodes.item(i).getTextContent().strip());
        }
        return modules;
    }

    private static List<String> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(K8S_DIR)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .filter(name -> !name.startsWith("kustomization."))
                    .sorted().toList();
        }
    }

    private static Map<String, List<Map<String, Object>>> k8sDocuments() throws IOException {
        assertThat(K8S_DIR).isDirectory();
        Map<String, List<Map<String, Object>>> byKind = new HashMap<>();
        for (String file : manifestFiles()) {
            for (Object document : loadYaml(K8S_DIR.resolve(file))) {
                Map<String, Object> manifest = map(document, file);
                byKind.computeIfAbsent(String.valueOf(manifest.get("kind")), k -> new ArrayList<>()).add(manifest);
            }
        }
        for (String kind : List.of("Deployment", "Service", "ConfigMap", "Secret")) {
            assertThat(byKind).as("a %s in infra/k8s", kind).containsKey(kind);
        }
        return byKind;
    }

    private static Map<String, Object> platformContainer() throws IOException {
        List<Map<String, Object>> deployments = k8sDocuments().get("Deployment");
        assertThat(deployments).hasSize(1);
        Map<String, Object> spec = map(deployments.getFirst().get("spec"), "spec");
        Map<String, Object> podSpec = map(map(spec.get("template"), "template").get("spec"), "pod spec");
        List<Object> containers = list(podSpec.get("containers"));
        assertThat(containers).hasSize(1);
        return map(containers.getFirst(), "container");
    }

    private static String probePath(Map<String, Object> container, String probe) {
        Map<String, Object> httpGet = map(map(container.get(probe), probe).get("httpGet"), probe + ".httpGet");
        return String.valueOf(httpGet.get("path"));
    }

    private static Set<String> names(List<Map<String, Object>> manifests) {
        Set<String> names = new TreeSet<>();
        manifests.forEach(manifest -> names.add(String.valueOf(map(manifest.get("metadata"), "metadata").get("name"))));
        return names;
    }
}
