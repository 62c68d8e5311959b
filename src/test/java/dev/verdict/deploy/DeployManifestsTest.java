package dev.verdict.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.TestModels;
import dev.verdict.VerdictServer;
import dev.verdict.app.Serve;
import dev.verdict.app.VerdictConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes and KServe manifests under {@code deploy/}: valid against the Kubernetes API schemas and the
 * KServe schemas (offline, {@code deploy/validate}), clean under yamllint, and in step with the server they
 * run: ports, probe paths, environment names and the termination grace period are read from the real
 * config, routes and code.
 */
class DeployManifestsTest {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path VALIDATE = ROOT.resolve("deploy/validate");
  /** Read by the JVM, glibc and DJL rather than by VerdictConfig. */
  private static final Set<String> NOT_VERDICT_CONFIG = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX", "DJL_CACHE_DIR",
      "VERDICT_LOG_LEVEL", "VERDICT_REQUEST_LOG_LEVEL");

  record Run(int code, String out, String err) {
  }

  static Run run(Path dir, String... cmd) throws Exception {
    Path out = Files.createTempFile("deploy", ".out");
    Path err = Files.createTempFile("deploy", ".err");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  @BeforeAll
  static void installValidator() throws Exception {
    dev.verdict.Tools.require("node", "nodejs");
    dev.verdict.Tools.require("npm", "npm");
    if (!Files.isDirectory(VALIDATE.resolve("node_modules/kubernetes-models"))) {
      // pinned by package-lock.json; .ci/run installs Node.js and npm
      Run r = run(VALIDATE, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
      assertThat(r.code()).as("npm ci in deploy/validate: " + r.err()).isZero();
    }
  }

  static Run validate(Path... dirs) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", VALIDATE.resolve("validate.mjs").toString(), "--json"));
    for (Path d : dirs) {
      cmd.add(d.toString());
    }
    return run(ROOT, cmd.toArray(String[]::new));
  }

  @Test
  void everyManifestIsValidAndABrokenOneIsCaught(@TempDir Path tmp) throws Exception {
    Run ok = validate(ROOT.resolve("deploy/kubernetes"), ROOT.resolve("deploy/kserve"));
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(new JsonArray(ok.out())).hasSizeGreaterThanOrEqualTo(14);

    TestModels.copyTree(ROOT.resolve("deploy/kubernetes"), tmp.resolve("kubernetes"));
    TestModels.copyTree(ROOT.resolve("deploy/kserve"), tmp.resolve("kserve"));
    Path deployment = tmp.resolve("kubernetes/deployment.yaml");
    Files.writeString(deployment, Files.readString(deployment).replace("replicas: 2", "replicas: two"));
    Path isvc = tmp.resolve("kserve/inference-service.yaml");
    Files.writeString(isvc, Files.readString(isvc).replace("protocolVersion: v2", "protocolVersoin: v2"));
    Run broken = validate(tmp.resolve("kubernetes"), tmp.resolve("kserve"));
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.err()).contains("deployment.yaml: Deployment/verdict: data/spec/replicas must be integer")
        .contains("inference-service.yaml: InferenceService/product-classifier: /spec/predictor/model must NOT have"
            + " additional properties");
  }

  @Test
  void yamllintPassesAndCatchesABrokenFile(@TempDir Path tmp) throws Exception {
    dev.verdict.Tools.require("yamllint", "yamllint");
    Run ok = run(ROOT, "yamllint", "-c", "deploy/.yamllint.yaml", "deploy", "conf/prometheus.yml");
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "a: 1\na: 2\nb:\n   - x\n  - y\n");
    assertThat(run(ROOT, "yamllint", "-c", "deploy/.yamllint.yaml", bad.toString()).code()).isNotZero();
  }

  @Test
  void manifestsMatchTheServerTheyRun() throws Exception {
    Run r = validate(ROOT.resolve("deploy/kubernetes"), ROOT.resolve("deploy/kserve"));
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject conf = new JsonObject(Files.readString(ROOT.resolve("conf/config.json")));
    int port = conf.getInteger("port");
    int grpcPort = conf.getJsonObject("http").getInteger("grpc_port");
    assertThat(grpcPort).as("conf/config.json and the built-in default agree")
        .isEqualTo(VerdictConfig.fromJson(new JsonObject()).http().getInteger("grpc_port"));
    int grpcDeclared = 0;
    Set<String> envNames = new TreeSet<>(VerdictConfig.environmentNames());
    Set<String> probePaths = new TreeSet<>();
    List<JsonObject> containers = new ArrayList<>();
    Map<String, JsonObject> byKind = new HashMap<>();
    for (Object o : new JsonArray(r.out())) {
      JsonObject entry = (JsonObject) o;
      JsonObject doc = entry.getJsonObject("doc");
      byKind.put(doc.getString("kind") + "/" + doc.getJsonObject("metadata").getString("name") + "@" + entry.getString("file"), doc);
      JsonObject pod = "Deployment".equals(doc.getString("kind"))
          ? doc.getJsonObject("spec").getJsonObject("template").getJsonObject("spec")
          : "ClusterServingRuntime".equals(doc.getString("kind")) ? doc.getJsonObject("spec") : null;
      if (pod == null) {
        continue;
      }
      for (Object c : pod.getJsonArray("containers")) {
        JsonObject container = (JsonObject) c;
        containers.add(container);
        String where = entry.getString("file");
        Map<String, Integer> ports = new HashMap<>();
        for (Object p : container.getJsonArray("ports")) {
          JsonObject pp = (JsonObject) p;
          ports.put(pp.getString("name", "http"), pp.getInteger("containerPort"));
        }
        if (ports.containsKey("h2c") || ports.containsKey("grpc")) {
          // the gRPC door: KServe names its port h2c, the Deployment grpc; either is the configured port
          assertThat(ports.getOrDefault("h2c", ports.get("grpc"))).as(where + " gRPC port").isEqualTo(grpcPort);
          grpcDeclared++;
        }
        if (!ports.containsKey("h2c")) {
          assertThat(ports.get("http")).as(where + " HTTP port").isEqualTo(port);
        }
        Map<String, String> env = new HashMap<>();
        for (Object e : container.getJsonArray("env")) {
          JsonObject ev = (JsonObject) e;
          String name = ev.getString("name");
          assertThat(envNames.contains(name) || NOT_VERDICT_CONFIG.contains(name)).as(where + ": " + name
              + " is read by nothing (known: " + envNames + ")").isTrue();
          if (ev.containsKey("value")) {
            env.put(name, ev.getString("value"));
          }
        }
        assertThat(env.get("PORT")).as(where).isEqualTo(String.valueOf(port));
        // every literal value parses as the server would parse it
        VerdictConfig loaded = VerdictConfig.load(ROOT.resolve("conf/config.json"), env);
        assertThat(loaded.port()).isEqualTo(port);
        if (ports.containsKey("h2c") || ports.containsKey("grpc")) {
          assertThat(loaded.http().getInteger("grpc_port")).as(where + " gRPC port the server binds").isEqualTo(grpcPort);
        }
        if (env.containsKey("VERDICT_CLUSTER_HAZELCAST_XML")) {
          // the Dockerfile copies conf/ to /app/conf
          String xml = env.get("VERDICT_CLUSTER_HAZELCAST_XML");
          assertThat(xml).startsWith("/app/conf/");
          Path file = ROOT.resolve(xml.substring("/app/".length()));
          assertThat(file).exists();
          assertThat(Files.readString(file)).contains("<service-name>verdict-hazelcast</service-name>");
          assertThat(ports.get("hazelcast")).isEqualTo(Integer.parseInt(env.get("VERDICT_CLUSTER_HAZELCAST_PORT")));
          assertThat(ports.get("event-bus")).isEqualTo(Integer.parseInt(env.get("VERDICT_CLUSTER_EVENT_BUS_PORT")));
        }
        for (String probe : new String[] {"startupProbe", "readinessProbe", "livenessProbe"}) {
          JsonObject p = container.getJsonObject(probe);
          if (p != null && p.containsKey("tcpSocket")) {
            // a probe of the gRPC port (Knative probes the one serving port) is a probe of the configured one
            assertThat(p.getJsonObject("tcpSocket").getInteger("port")).as(where + " " + probe).isEqualTo(grpcPort);
          } else if (p != null) {
            JsonObject http = p.getJsonObject("httpGet");
            probePaths.add(http.getString("path"));
            Object probePort = http.getValue("port");
            assertThat(probePort instanceof String s ? ports.get(s) : (Integer) probePort).as(where + " " + probe)
                .isEqualTo(port);
          }
        }
        // every option the container passes is one the serve command has
        var serve = new picocli.CommandLine(new dev.verdict.app.Main()).getSubcommands().get("serve").getCommandSpec();
        for (Object a : container.getJsonArray("args", new JsonArray())) {
          String arg = (String) a;
          if (arg.startsWith("--")) {
            assertThat(serve.optionsMap()).as(where + " " + arg).containsKey(arg.split("=")[0]);
          } else {
            assertThat(arg).as(where).isEqualTo("serve");
          }
        }
        if (pod.containsKey("terminationGracePeriodSeconds")) {
          JsonArray preStop = container.getJsonObject("lifecycle").getJsonObject("preStop").getJsonObject("exec")
              .getJsonArray("command");
          long needed = Long.parseLong(preStop.getString(1)) + (Serve.DRAIN_MS + Serve.CLOSE_MS) / 1000;
          assertThat(pod.getLong("terminationGracePeriodSeconds")).as(where + " grace period").isGreaterThanOrEqualTo(needed);
        }
      }
    }
    assertThat(containers).hasSizeGreaterThanOrEqualTo(5);
    assertThat(grpcDeclared).as("the Deployment and the gRPC KServe runtime declare the gRPC port").isGreaterThanOrEqualTo(2);
    assertThat(probePaths).contains("/health/ready", "/health/live", "/v2/health/ready");
    try (VerdictServer s = VerdictServer.start()) {
      for (String path : probePaths) {
        assertThat(s.get(path).statusCode()).as(path).isEqualTo(200);
      }
      assertThat(s.get("/metrics").statusCode()).isEqualTo(200);
    }
    // Services point at container ports that exist; the headless one at the cluster ports
    JsonObject hazelcast = byKind.get("Service/verdict-hazelcast@deploy/kubernetes/cluster/hazelcast.yaml");
    assertThat(hazelcast.getJsonObject("spec").getString("clusterIP")).isEqualTo("None");
    JsonObject service = byKind.get("Service/verdict@deploy/kubernetes/service.yaml");
    assertThat(service.getJsonObject("spec").getJsonArray("ports").getJsonObject(0).getString("targetPort")).isEqualTo("http");
    assertThat(service.getJsonObject("spec").getJsonArray("ports").getJsonObject(1).getString("targetPort")).isEqualTo("grpc");
    assertThat(service.getJsonObject("spec").getJsonArray("ports").getJsonObject(1).getInteger("port")).isEqualTo(grpcPort);
  }
}
