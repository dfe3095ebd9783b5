package com.twosixty.relay.terraform;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.twosixty.relay.contract.DeploySubstitutions;
import com.twosixty.relay.contract.ServiceSelection;
import com.twosixty.relay.push.PushWebhookHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a cloudbuild.yaml's substitutions against the build that runs it, as Cloud Build does before
 * the first step.
 *
 * <p>What Cloud Build provides is taken from its documentation ("Substituting variable values",
 * build/docs/configuring-builds/substitute-variable-values): for every build PROJECT_ID, BUILD_ID,
 * PROJECT_NUMBER, LOCATION; for builds invoked by triggers also TRIGGER_NAME, COMMIT_SHA, REVISION_ID,
 * SHORT_SHA, REPO_NAME, REPO_FULL_NAME, BRANCH_NAME, TAG_NAME, REF_NAME, TRIGGER_BUILD_CONFIG_PATH
 * (SERVICE_ACCOUNT_EMAIL and SERVICE_ACCOUNT are listed after these on that page; the copy read while
 * writing this was cut off there, so those two are from memory, and neither file uses them). User-defined substitutions start with an underscore and
 * use only upper-case letters, digits and underscores; {@code $$} is a literal dollar. Both Relay
 * builds are started with RunBuildTrigger: push-webhook at the pushed commit, client-deployer at the
 * trigger's own ref. Neither names a branch or tag in the request, so BRANCH_NAME, TAG_NAME and
 * REF_NAME are not relied on (push-webhook passes the branch as {@code _BRANCH} for that reason).
 *
 * <p>With the default substitution option (MUST_MATCH) Cloud Build also fails a build whose substitution
 * map, the file's {@code substitutions:} plus what the trigger and the request set, has a key the
 * config never uses; {@code options.substitutionOption: ALLOW_LOOSE} turns that off.
 */
final class CloudBuildSubstitutions {
  private CloudBuildSubstitutions() {}

  static final Set<String> EVERY_BUILD = Set.of("PROJECT_ID", "BUILD_ID", "PROJECT_NUMBER", "LOCATION");
  static final Set<String> TRIGGERED = Set.of("TRIGGER_NAME", "COMMIT_SHA", "REVISION_ID", "SHORT_SHA", "REPO_NAME",
      "REPO_FULL_NAME", "TRIGGER_BUILD_CONFIG_PATH", "SERVICE_ACCOUNT_EMAIL", "SERVICE_ACCOUNT");
  /** Set only when the trigger runs for a branch or tag the request (or the push) names. */
  static final Set<String> REF_ONLY = Set.of("BRANCH_NAME", "TAG_NAME", "REF_NAME");

  static final Pattern USER_KEY = Pattern.compile("_[A-Z0-9_]+");

  /**
   * How a build is run: who sets its substitutions and how it is started (for messages), and the user
   * substitutions it gets, with where each comes from ({@code _SERVICES} → {@code "Terraform google_cloudbuild_trigger.monorepo"}).
   */
  record Run(String runBy, String howRun, Map<String, String> substitutions) {
    Set<String> builtIns() {
      Set<String> all = new TreeSet<>(EVERY_BUILD);
      all.addAll(TRIGGERED);
      return all;
    }
  }

  /** The monorepo build: the hub's trigger, run by push-webhook at the pushed commit. */
  static Run monorepo(Path terraform) {
    Map<String, String> set = new LinkedHashMap<>();
    triggerSubstitutions(terraform, "modules/release-hub").forEach(set::put);
    set.putIfAbsent(ServiceSelection.SUBSTITUTION, "push-webhook (PushWebhookHandler)");
    set.putIfAbsent(PushWebhookHandler.BRANCH_SUBSTITUTION, "push-webhook (PushWebhookHandler)");
    return new Run("the monorepo trigger (Terraform) or push-webhook",
        "push-webhook runs it with RunBuildTrigger at the pushed commit", set);
  }

  /** A client's deploy build: the client project's trigger, run by client-deployer. */
  static Run deploy(Path terraform) {
    Map<String, String> set = new LinkedHashMap<>();
    triggerSubstitutions(terraform, "modules/client-environment").forEach(set::put);
    DeploySubstitutions.KEYS.forEach(key -> set.putIfAbsent(key, "client-deployer (DeploymentCoordinator)"));
    return new Run("the deploy trigger (Terraform) or client-deployer",
        "client-deployer runs it with RunBuildTrigger at the trigger's own ref", set);
  }

  /** The keys of the {@code substitutions} map of the module's one google_cloudbuild_trigger. */
  static Map<String, String> triggerSubstitutions(Path terraform, String module) {
    TerraformModule loaded = TerraformModule.load(terraform.resolve(module), module);
    List<TerraformModule.Resource> triggers = loaded.resourcesOfType("google_cloudbuild_trigger");
    if (triggers.size() != 1) {
      throw new IllegalStateException(module + ": expected one google_cloudbuild_trigger, found " + triggers.size());
    }
    Map<String, String> keys = new LinkedHashMap<>();
    Object substitutions = triggers.get(0).body().get("substitutions");
    if (substitutions != null) {
      Hcl.map(substitutions).keySet().forEach(key -> keys.put(key,
          "Terraform " + triggers.get(0).address() + " (" + module + "/" + Hcl.file(triggers.get(0).body()) + ")"));
    }
    return keys;
  }

  /** A {@code $NAME} or {@code ${NAME...}} in a value. */
  record Use(String name, String path) {}

  static List<Use> uses(CloudBuildConfig config) {
    List<Use> uses = new ArrayList<>();
    config.strings().forEach((path, value) -> {
      for (String name : names(value)) {
        uses.add(new Use(name, path));
      }
    });
    return uses;
  }

  /** The substitution names in one value; {@code $$} is an escaped dollar, not a substitution. */
  static List<String> names(String value) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < value.length() - 1; i++) {
      if (value.charAt(i) != '$') {
        continue;
      }
      char next = value.charAt(i + 1);
      if (next == '$') {
        i++;
        continue;
      }
      int start = next == '{' ? i + 2 : i + 1;
      int end = start;
      while (end < value.length() && (Character.isLetterOrDigit(value.charAt(end)) || value.charAt(end) == '_')) {
        end++;
      }
      if (end > start && !Character.isDigit(value.charAt(start))) {
        names.add(value.substring(start, end));
      }
      i = end - 1;
    }
    return names;
  }

  static List<String> check(CloudBuildConfig config, Run run) {
    List<String> problems = new ArrayList<>();
    JsonObject json = config.json();

    // The substitution map: the file's own defaults, then what the trigger and its runner set.
    Map<String, String> declared = new LinkedHashMap<>();
    if (json.get("substitutions") instanceof JsonObject own) {
      own.keySet().forEach(key -> declared.put(key, "declared in substitutions:"));
      for (String key : own.keySet()) {
        if (!USER_KEY.matcher(key).matches()) {
          problems.add(config.where("substitutions." + key) + ": user substitution '" + key
              + "' must be _UPPER_CASE (an underscore, then upper-case letters, digits, underscores)");
        }
      }
    }
    run.substitutions().forEach((key, from) -> {
      declared.putIfAbsent(key, "set by " + from);
      if (!USER_KEY.matcher(key).matches()) {
        problems.add(config.label() + ": " + from + " sets substitution '" + key
            + "', which must be _UPPER_CASE (an underscore, then upper-case letters, digits, underscores)");
      }
    });

    Set<String> used = new LinkedHashSet<>();
    for (Use use : uses(config)) {
      String name = use.name();
      used.add(name);
      String at = config.where(use.path());
      if (name.startsWith("_")) {
        if (!USER_KEY.matcher(name).matches()) {
          problems.add(at + ": uses ${" + name + "}: user substitutions must be _UPPER_CASE");
        }
        if (!declared.containsKey(name)) {
          problems.add(at + ": uses ${" + name + "}, which neither the file's substitutions: nor " + run.runBy()
              + " sets (known: " + declared.keySet() + ")");
        }
      } else if (REF_ONLY.contains(name)) {
        problems.add(at + ": uses $" + name + ", which Cloud Build does not set here: " + run.howRun()
            + ", naming no branch or tag"
            + (run.substitutions().containsKey("_BRANCH") ? "; use ${_BRANCH}" : ""));
      } else if (!run.builtIns().contains(name)) {
        problems.add(at + ": uses $" + name + ", which is not a Cloud Build substitution (built-ins here: "
            + run.builtIns() + "); write $$" + name + " to hand a literal $ to the shell");
      }
    }

    boolean loose = json.get("options") instanceof JsonObject options
        && (value(options, "substitutionOption", "substitution_option").equals("ALLOW_LOOSE"));
    if (!loose) {
      declared.forEach((key, from) -> {
        if (!used.contains(key)) {
          String at = from.startsWith("declared") ? config.where("substitutions." + key) : config.label();
          problems.add(at + ": substitution " + key + " (" + from + ") is never used; Cloud Build fails such a"
              + " build (substitutionOption MUST_MATCH) before any step runs");
        }
      });
    }
    return problems;
  }

  private static String value(JsonObject object, String... keys) {
    for (String key : keys) {
      JsonElement value = object.get(key);
      if (value instanceof JsonPrimitive p && p.isString()) {
        return p.getAsString();
      }
    }
    return "";
  }
}
