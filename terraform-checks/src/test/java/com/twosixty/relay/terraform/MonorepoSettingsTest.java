package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.twosixty.relay.push.MonorepoLayout;
import com.twosixty.relay.push.MonorepoRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELAY_SERVICES and RELAY_SHARED_PATHS as the release-hub module writes them, evaluated by
 * terraform itself (the expressions are copied from the module, with its variables' types), then
 * parsed by the Java type push-webhook reads them with (MonorepoLayout): the same services, folders
 * and shared paths come out, and Java prints the same text. Skipped where terraform is not installed.
 */
class MonorepoSettingsTest {
  static final Path HUB = Repo.terraform().resolve("modules/release-hub");
  static final Pattern SETTING = Pattern.compile("(?m)^\\s*(RELAY_SERVICES|RELAY_SHARED_PATHS)\\s*=\\s*(.+?)\\s*$");
  static final Pattern LOCAL = Pattern.compile("^local\\.([A-Za-z0-9_]+)$");
  static final Pattern REPOSITORY = Pattern.compile("(?m)^\\s*(RELAY_MONOREPO_REPOSITORY)\\s*=\\s*(.+?)\\s*$");

  @TempDir
  Path temp;

  @Test
  void whatTerraformWritesPushWebhookParsesBackToTheModulesInputs() throws IOException {
    assumeTrue(Commands.onPath("terraform"), "terraform is not installed");
    assumeTrue(Commands.onPath("sh"), "sh is not installed");
    Map<String, HclTree.Body> hub = parseModule(HUB);
    Map<String, String> expressions = settingExpressions(hub);
    assertEquals(List.of("RELAY_SERVICES", "RELAY_SHARED_PATHS"), List.copyOf(expressions.keySet()),
        "release-hub sets both monorepo settings on push-webhook");

    // Neither sorted nor in an order Terraform would sort into, with a nested folder.
    Map<String, String> services = new LinkedHashMap<>();
    services.put("portal", "portal/");
    services.put("billing", "billing/");
    services.put("reports-v2", "reports/v2/");
    List<String> sharedPaths = List.of("shared/", "pom.xml", "cloudbuild.yaml");

    StringBuilder config = new StringBuilder();
    for (String variable : List.of("services", "shared_paths")) {
      config.append("variable \"").append(variable).append("\" {\n  type = ").append(variableType(hub, variable))
          .append("\n}\n");
    }
    config.append("locals {\n");
    expressions.forEach((setting, expression) -> config.append("  ").append(setting.toLowerCase()).append(" = ")
        .append(expression).append('\n'));
    config.append("}\n");
    Files.writeString(temp.resolve("main.tf"), config);
    Files.writeString(temp.resolve("inputs.auto.tfvars.json"), "{\"services\": {"
        + String.join(", ", services.entrySet().stream().map(e -> quote(e.getKey()) + ": " + quote(e.getValue())).toList())
        + "}, \"shared_paths\": [" + String.join(", ", sharedPaths.stream().map(MonorepoSettingsTest::quote).toList())
        + "]}");

    String relayServices = evaluate("local.relay_services");
    String relaySharedPaths = evaluate("local.relay_shared_paths");
    MonorepoLayout parsed = MonorepoLayout.parse(relayServices, relaySharedPaths);
    assertEquals(services, parsed.serviceFolders(), "RELAY_SERVICES '" + relayServices + "'");
    assertEquals(sharedPaths, parsed.sharedPaths(), "RELAY_SHARED_PATHS '" + relaySharedPaths + "'");
    // Terraform lists a map's keys sorted; Java prints the order it was given: the same text once sorted.
    assertEquals(relayServices, MonorepoLayout.parse(relayServices, "").servicesSetting());
    assertEquals(relaySharedPaths, parsed.sharedPathsSetting());
  }

  /**
   * RELAY_MONOREPO_REPOSITORY as release-hub derives it from monorepo_uri (the expression and the
   * variable's type and validations copied from the module), for URLs of both providers: the path
   * GitLab and GitHub name the repository by, which push-webhook's MonorepoRepository accepts; a
   * URL whose path push-webhook would refuse fails the variable's validation instead of deploying.
   */
  @Test
  void theMonorepoRepositoryIsTheUrisPathAsPushesNameIt() throws IOException {
    assumeTrue(Commands.onPath("terraform"), "terraform is not installed");
    assumeTrue(Commands.onPath("sh"), "sh is not installed");
    Map<String, HclTree.Body> hub = parseModule(HUB);
    Map<String, String> expressions = settingExpressions(hub, REPOSITORY);
    assertEquals(List.of("RELAY_MONOREPO_REPOSITORY"), List.copyOf(expressions.keySet()),
        "release-hub sets RELAY_MONOREPO_REPOSITORY on push-webhook");
    HclTree.Block variable = variable(hub, "monorepo_uri");
    StringBuilder config = new StringBuilder("variable \"monorepo_uri\" {\n  type = ")
        .append(variable.body().attribute("type").expression().trim()).append('\n');
    for (HclTree.Block validation : variable.body().blocks("validation")) {
      config.append("  validation {\n    condition = ").append(validation.body().attribute("condition").expression().trim())
          .append("\n    error_message = ").append(validation.body().attribute("error_message").expression().trim())
          .append("\n  }\n");
    }
    config.append("}\nlocals {\n  relay_monorepo_repository = ").append(expressions.get("RELAY_MONOREPO_REPOSITORY"))
        .append("\n}\n");
    Files.writeString(temp.resolve("main.tf"), config);

    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("https://github.com/twosixty/relay-monorepo", "twosixty/relay-monorepo");
    paths.put("https://github.com/twosixty/relay-monorepo.git", "twosixty/relay-monorepo");
    paths.put("https://gitlab.com/twosixty/relay-monorepo/", "twosixty/relay-monorepo");
    paths.put("https://gitlab.example.com/group/sub.group/mono_repo", "group/sub.group/mono_repo");
    for (Map.Entry<String, String> uri : paths.entrySet()) {
      Files.writeString(temp.resolve("inputs.auto.tfvars.json"), "{\"monorepo_uri\": " + quote(uri.getKey()) + "}");
      String setting = evaluate("local.relay_monorepo_repository");
      assertEquals(uri.getValue(), setting, uri.getKey());
      assertTrue(new MonorepoRepository(setting).names(uri.getValue()), setting);
    }
    for (String refused : List.of("https://github.com/twosixty", "https://github.com/", "git@github.com:twosixty/monorepo.git",
        "https://github.com/twosixty/relay monorepo")) {
      Files.writeString(temp.resolve("inputs.auto.tfvars.json"), "{\"monorepo_uri\": " + quote(refused) + "}");
      Commands.Result result = Commands.run(temp, Map.of("CHECKPOINT_DISABLE", "1"),
          List.of("sh", "-c", "echo 'local.relay_monorepo_repository' | terraform console"));
      assertTrue(result.exitCode() != 0 && result.output().contains("monorepo_uri must be"), refused + ":\n" + result.output());
    }
  }

  /** The value terraform console gives for an expression of the copied config: one quoted string. */
  private String evaluate(String expression) {
    Commands.Result result = Commands.run(temp, Map.of("CHECKPOINT_DISABLE", "1"),
        List.of("sh", "-c", "echo '" + expression + "' | terraform console"));
    assertEquals(0, result.exitCode(), result.output());
    List<String> strings = result.output().lines().filter(l -> l.startsWith("\"") && l.endsWith("\"")).toList();
    assertEquals(1, strings.size(), "terraform console " + expression + ":\n" + result.output());
    String quoted = strings.get(0);
    assertTrue(!quoted.substring(1, quoted.length() - 1).contains("\\"), "no escapes expected: " + quoted);
    return quoted.substring(1, quoted.length() - 1);
  }

  /** Each setting's expression, a {@code local.x} replaced by the local's own expression. */
  private static Map<String, String> settingExpressions(Map<String, HclTree.Body> module) {
    return settingExpressions(module, SETTING);
  }

  private static Map<String, String> settingExpressions(Map<String, HclTree.Body> module, Pattern settings) {
    Map<String, String> locals = new LinkedHashMap<>();
    module.values().forEach(body -> body.blocks("locals")
        .forEach(block -> block.body().attributes().forEach(a -> locals.put(a.name(), a.expression().trim()))));
    Map<String, String> expressions = new java.util.TreeMap<>();
    for (Path file : module.keySet().stream().map(Path::of).toList()) {
      Matcher m = settings.matcher(read(file));
      while (m.find()) {
        String expression = m.group(2);
        Matcher local = LOCAL.matcher(expression);
        if (local.matches()) {
          expression = locals.get(local.group(1));
          assertNotNull(expression, "no local." + local.group(1) + " in " + HUB);
        }
        expressions.put(m.group(1), expression);
      }
    }
    return expressions;
  }

  private static String variableType(Map<String, HclTree.Body> module, String name) {
    return variable(module, name).body().attribute("type").expression().trim();
  }

  private static HclTree.Block variable(Map<String, HclTree.Body> module, String name) {
    for (HclTree.Body body : module.values()) {
      for (HclTree.Block variable : body.blocks("variable")) {
        if (variable.labels().equals(List.of(name))) {
          return variable;
        }
      }
    }
    throw new AssertionError("release-hub has no variable \"" + name + "\"");
  }

  private static Map<String, HclTree.Body> parseModule(Path module) {
    Map<String, HclTree.Body> files = new LinkedHashMap<>();
    try (Stream<Path> paths = Files.list(module)) {
      List<Path> tf = new ArrayList<>(paths.filter(p -> p.toString().endsWith(".tf")).sorted().toList());
      for (Path file : tf) {
        files.put(file.toString(), HclTree.parse(file.getFileName().toString(), read(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String value) {
    return "\"" + value + "\"";
  }
}
