package com.twosixty.relay.terraform;

import com.twosixty.relay.client.ClientDefinitionException;
import com.twosixty.relay.client.ClientDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * terraform/README.md's deployment walkthrough as a user runs it: its fenced blocks read out of the
 * Markdown, its {@code sh} blocks run in order in one {@code bash -euo pipefail} shell in a copy of the
 * repository, with the commands that need GCP or GitHub ({@code gcloud}, {@code terraform}, {@code gh},
 * {@code git}, {@code curl}, {@code ./mvnw}) replaced by stubs that record their arguments; then what
 * they were called with is held to the Terraform: targets, outputs, secret, trigger, connection and
 * repository names. Shell tools ({@code jq}, {@code openssl}, {@code cp}, {@code tee}) are the real ones.
 */
final class Walkthrough {
  private Walkthrough() {}

  /** One fenced block: its language, its text without the list indentation, the line it starts on. */
  record Fence(String language, String text, int line) {}

  /** One recorded call of a stubbed command. */
  record Call(String tool, List<String> args) {
    String arg(int i) {
      return i < args.size() ? args.get(i) : "";
    }

    /** The value of {@code --name=value} or {@code -name=value}, or null. */
    String option(String name) {
      for (String a : args) {
        if (a.startsWith(name + "=")) {
          return a.substring(name.length() + 1);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return tool + " " + String.join(" ", args);
    }
  }

  /** What running the walkthrough did: the shell's exit code and output, and every stubbed call. */
  record Run(int exitCode, String output, List<Call> calls) {
    List<Call> of(String tool, String... leading) {
      return calls.stream().filter(c -> c.tool().equals(tool))
          .filter(c -> {
            for (int i = 0; i < leading.length; i++) {
              if (!c.arg(i).equals(leading[i])) {
                return false;
              }
            }
            return true;
          }).toList();
    }
  }

  private static final Pattern FENCE = Pattern.compile("(?m)^([ \\t]*)```([a-z]*)[ \\t]*\\n(.*?)^[ \\t]*```[ \\t]*$", Pattern.DOTALL);

  /** The fenced blocks of {@code markdown} between the heading {@code from} and the next heading of its level. */
  static List<Fence> fences(String markdown, String from) {
    int start = markdown.indexOf("\n" + from + "\n");
    if (start < 0) {
      throw new IllegalStateException("no heading '" + from + "'");
    }
    String level = from.substring(0, from.indexOf(' ') + 1);
    int end = markdown.indexOf("\n" + level, start + from.length() + 2);
    String section = markdown.substring(start, end < 0 ? markdown.length() : end);
    int sectionLine = (int) markdown.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
    List<Fence> fences = new ArrayList<>();
    Matcher m = FENCE.matcher(section);
    while (m.find()) {
      String indent = m.group(1);
      String body = m.group(3).lines()
          .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading())
          .collect(Collectors.joining("\n", "", "\n"));
      int line = sectionLine + (int) section.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      fences.add(new Fence(m.group(2), body, line));
    }
    return fences;
  }

  // ------------------------------------------------------------------------------------------
  // Running the sh blocks
  // ------------------------------------------------------------------------------------------

  private static final String RECORD = """
      #!/usr/bin/env bash
      # A stand-in for %1$s: records its arguments, answers what the walkthrough reads from it.
      { printf '%%s' "%1$s"; for a in "$@"; do printf '\\037%%s' "$a"; done; printf '\\n'; } >> "$WALKTHROUGH_LOG"
      for a in "$@"; do if [ "$a" = "--data-file=-" ]; then cat > /dev/null; fi; done
      """;

  private static final Map<String, String> ANSWERS = Map.of(
      "gcloud", """
          case "$*" in
            "resource-manager folders list"*) echo "folders/123456789012" ;;
            "config get-value account"*) echo "ops@example.com" ;;
            "auth print-identity-token"*) echo "identity-token" ;;
          esac
          """,
      "terraform", """
          if [ "${1:-}" = output ]; then
            case "${2:-}" in
              -raw) echo "https://${3}.example.run.app" ;;
              -json) echo "$WALKTHROUGH_OUTPUT_JSON" ;;
            esac
          fi
          """,
      "gh", """
          case "$*" in
            *installations*) echo "12345678" ;;
          esac
          """,
      "git", "",
      "curl", "");

  /**
   * Runs every {@code sh} block in order in one shell from the root of a copy of the repository
   * ({@code terraform/} and {@code clients/} copied from {@code repo}), with {@code outputJson} what a
   * stubbed {@code terraform output -json} prints.
   */
  static Run run(List<Fence> fences, Path repo, Path work, String outputJson) {
    try {
      Path root = work.resolve("repo");
      Repo.copyTree(repo.resolve("terraform"), root.resolve("terraform"));
      Repo.copyTree(repo.resolve("clients"), root.resolve("clients"));
      Path stubs = Files.createDirectories(work.resolve("stubs"));
      Path log = work.resolve("calls.log");
      Files.writeString(log, "");
      for (String tool : ANSWERS.keySet()) {
        executable(stubs.resolve(tool), String.format(RECORD, tool) + ANSWERS.get(tool) + "exit 0\n");
      }
      executable(root.resolve("mvnw"), String.format(RECORD, "mvnw"));
      Files.createDirectories(work.resolve("home"));
      StringBuilder script = new StringBuilder();
      for (Fence fence : fences) {
        if (fence.language().equals("sh")) {
          script.append("# terraform/README.md:").append(fence.line()).append('\n').append(fence.text());
        }
      }
      Path file = work.resolve("walkthrough.sh");
      Files.writeString(file, script.toString());
      Commands.Result result = Commands.run(root, Map.of(
              "PATH", stubs + ":/usr/local/bin:/usr/bin:/bin",
              "HOME", work.resolve("home").toString(),
              "WALKTHROUGH_LOG", log.toString(),
              "WALKTHROUGH_OUTPUT_JSON", outputJson),
          List.of("bash", "-euo", "pipefail", file.toString()));
      List<Call> calls = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        List<String> parts = List.of(line.split("\u001f", -1));
        calls.add(new Call(parts.get(0), parts.subList(1, parts.size())));
      }
      return new Run(result.exitCode(), result.output(), calls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Each sh block on its own parses ({@code bash -n}): for the blocks that are not run. */
  static List<String> syntax(List<Fence> fences, Path work) {
    List<String> problems = new ArrayList<>();
    for (Fence fence : fences) {
      if (!fence.language().equals("sh")) {
        continue;
      }
      Path file = work.resolve("block-" + fence.line() + ".sh");
      Repo.write(file, fence.text());
      Commands.Result result = Commands.run(work, Map.of(), List.of("bash", "-n", file.toString()));
      if (result.exitCode() != 0) {
        problems.add("terraform/README.md:" + fence.line() + ": the sh block does not parse: " + result.output().strip());
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // What the calls must name
  // ------------------------------------------------------------------------------------------

  /** Every problem with what the stubbed commands were called with, against the Terraform in {@code terraform}. */
  static List<String> check(Run run, Path terraform) {
    List<String> problems = new ArrayList<>();
    Path production = terraform.resolve("environments/production");
    Set<String> outputs = blockNames(production, "output");
    for (Call call : run.of("terraform", "apply")) {
      for (String arg : call.args()) {
        if (arg.startsWith("-target=")) {
          String address = arg.substring("-target=".length()).replace("'", "");
          boolean module = address.matches("module\\.[A-Za-z0-9_-]+(\\[[^\\]]*\\])?");
          boolean declared = module
              ? blockNames(production, "module").contains(address.replaceAll("^module\\.|\\[.*$", ""))
              : ProviderSchemaCheck.declares(production, address, 0);
          if (!declared) {
            problems.add("`" + call + "`: -target " + address + " is not declared in environments/production");
          }
        }
      }
    }
    for (Call call : run.of("terraform", "output")) {
      String name = call.arg(call.args().size() - 1);
      if (!outputs.contains(name)) {
        problems.add("`" + call + "`: environments/production has no output " + name + " (it has " + outputs + ")");
      }
    }
    Set<String> secrets = terraformSecretIds(terraform.resolve("modules/release-hub"));
    for (Call call : run.of("gcloud", "secrets", "versions", "add")) {
      if (!secrets.contains(call.arg(3))) {
        problems.add("`" + call + "`: Terraform creates no secret " + call.arg(3) + " to add a version to (it creates " + secrets + ")");
      }
    }
    String monorepoTrigger = variableDefault(terraform.resolve("modules/release-hub"), "monorepo_trigger_name");
    for (Call call : run.of("gcloud", "builds", "triggers", "run")) {
      if (!call.arg(3).equals(monorepoTrigger)) {
        problems.add("`" + call + "`: the monorepo trigger is " + monorepoTrigger);
      }
    }
    Map<String, String> github = moduleArguments(terraform.resolve("modules/client-environment"), "deploy_github");
    String connection = github.get("connection_name");
    String repository = github.get("repository_name");
    for (Call call : run.of("gcloud", "builds", "connections", "describe")) {
      if (!call.arg(3).equals(connection)) {
        problems.add("`" + call + "`: client-environment names the GitHub connection " + connection);
      }
    }
    for (Call call : run.of("gcloud", "builds", "repositories", "describe")) {
      if (!call.arg(3).equals(repository) || !connection.equals(call.option("--connection"))) {
        problems.add("`" + call + "`: client-environment names the repository " + repository + " under connection " + connection);
      }
    }
    return problems;
  }

  /** The {@code release_status_url} paths the walkthrough's {@code curl}s request (stubbed outputs are https://NAME.example.run.app). */
  static List<String> releaseStatusPaths(Run run) {
    String base = "https://release_status_url.example.run.app";
    List<String> paths = new ArrayList<>();
    for (Call call : run.of("curl")) {
      for (String arg : call.args()) {
        if (arg.startsWith(base)) {
          paths.add(arg.substring(base.length()));
        }
      }
    }
    return paths;
  }

  /** Every top-level setting of each {@code hcl} block is a variable of environments/production (they are terraform.tfvars lines). */
  static List<String> tfvars(List<Fence> fences, Path terraform) {
    Set<String> variables = blockNames(terraform.resolve("environments/production"), "variable");
    List<String> problems = new ArrayList<>();
    for (Fence fence : fences) {
      if (!fence.language().equals("hcl")) {
        continue;
      }
      HclTree.Body body = HclTree.parse("terraform/README.md:" + fence.line(), fence.text());
      for (HclTree.Attribute setting : body.attributes()) {
        if (!variables.contains(setting.name())) {
          problems.add("terraform/README.md:" + (fence.line() + setting.line()) + ": " + setting.name()
              + " is not a variable of environments/production");
        }
      }
      if (!body.blocks().isEmpty()) {
        problems.add("terraform/README.md:" + fence.line() + ": a terraform.tfvars block holds settings, not blocks");
      }
    }
    return problems;
  }

  /** Each {@code yaml} client file loads with the Java loader, named for its id as clients/ requires. */
  static List<String> clientFiles(List<Fence> fences, Path work) {
    List<String> problems = new ArrayList<>();
    Pattern id = Pattern.compile("(?m)^id:\\s*([a-z0-9-]+)\\s*$");
    for (Fence fence : fences) {
      if (!fence.language().equals("yaml")) {
        continue;
      }
      Matcher m = id.matcher(fence.text());
      if (!m.find()) {
        problems.add("terraform/README.md:" + fence.line() + ": the client file has no id");
        continue;
      }
      try {
        Path dir = Files.createDirectories(work.resolve("client-" + fence.line()));
        Files.writeString(dir.resolve(m.group(1) + ".yaml"), fence.text());
        ClientDefinitions.loadDirectory(dir);
      } catch (ClientDefinitionException e) {
        problems.add("terraform/README.md:" + fence.line() + ": the client file does not load: " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // Reading the Terraform
  // ------------------------------------------------------------------------------------------

  static List<HclTree.Block> blocks(Path dir) {
    List<HclTree.Block> blocks = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
        blocks.addAll(HclTree.parse(dir.getFileName() + "/" + file.getFileName(), Files.readString(file)).blocks());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blocks;
  }

  static Set<String> blockNames(Path dir, String type) {
    return blocks(dir).stream().filter(b -> b.type().equals(type) && b.labels().size() == 1)
        .map(b -> b.labels().get(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  static String variableDefault(Path dir, String variable) {
    return blocks(dir).stream().filter(b -> b.type().equals("variable") && b.labels().equals(List.of(variable)))
        .map(b -> b.body().attribute("default")).filter(a -> a != null).map(a -> ModuleInliner.literal(a.expression()))
        .findFirst().orElse(null);
  }

  /** The literal arguments of module call {@code call} in {@code dir}. */
  static Map<String, String> moduleArguments(Path dir, String call) {
    Map<String, String> arguments = new LinkedHashMap<>();
    for (HclTree.Block b : blocks(dir)) {
      if (b.type().equals("module") && b.labels().equals(List.of(call))) {
        for (HclTree.Attribute a : b.body().attributes()) {
          String literal = ModuleInliner.literal(a.expression());
          if (literal != null) {
            arguments.put(a.name(), literal);
          }
        }
      }
    }
    return arguments;
  }

  private static final Pattern OPTIONAL_DEFAULT = Pattern.compile("%s\\s*=\\s*optional\\(string,\\s*\"([^\"]+)\"\\)");

  /**
   * The ids of the secrets a module creates ({@code google_secret_manager_secret}), as their {@code secret_id}
   * resolves with the defaults: a literal, {@code var.X} (X's default) or {@code var.X.Y} (Y's {@code optional}
   * default in X's object type).
   */
  static Set<String> terraformSecretIds(Path dir) {
    List<HclTree.Block> blocks = blocks(dir);
    Set<String> ids = new TreeSet<>();
    for (HclTree.Block b : blocks) {
      if (!(b.type().equals("resource") && b.labels().get(0).equals("google_secret_manager_secret"))) {
        continue;
      }
      String expression = b.body().attribute("secret_id").expression().strip();
      String literal = ModuleInliner.literal(expression);
      if (literal != null) {
        ids.add(literal);
        continue;
      }
      String[] parts = expression.split("\\.");
      if (parts.length >= 2 && parts[0].equals("var")) {
        HclTree.Block variable = blocks.stream().filter(v -> v.type().equals("variable") && v.labels().equals(List.of(parts[1])))
            .findFirst().orElse(null);
        if (variable == null) {
          continue;
        }
        if (parts.length == 2 && variable.body().attribute("default") != null) {
          ids.add(ModuleInliner.literal(variable.body().attribute("default").expression()));
        } else if (parts.length == 3) {
          Matcher m = Pattern.compile(String.format(OPTIONAL_DEFAULT.pattern(), Pattern.quote(parts[2])))
              .matcher(variable.body().attribute("type").expression());
          if (m.find()) {
            ids.add(m.group(1));
          }
        }
      }
    }
    return ids;
  }
}
