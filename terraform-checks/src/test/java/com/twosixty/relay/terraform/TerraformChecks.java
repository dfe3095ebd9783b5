package com.twosixty.relay.terraform;

import com.twosixty.relay.config.RelayFunction;
import com.twosixty.relay.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks terraform-checks runs, as functions from a parsed module to the problems found (empty =
 * fine), so tests can feed them a deliberately broken copy. What Terraform must match is read from
 * the Java code: {@link RelayFunction} and {@link Setting}.
 */
public final class TerraformChecks {
  private TerraformChecks() {}

  /** Module-call arguments that are Terraform's, not the module's inputs. */
  static final Set<String> META_ARGUMENTS = Set.of("source", "version", "for_each", "count", "providers", "depends_on", Hcl.FILE_KEY);

  /**
   * Settings whose empty default is a meaningful value (empty = Google's endpoint), so a deployed
   * function need not set them. Every other setting without a default must be set.
   */

  static final Map<String, Setting> TOPIC_SETTINGS = Map.of(
      Setting.RELAY_RELEASES_TOPIC.name(), Setting.RELAY_RELEASES_TOPIC,
      Setting.RELAY_RELEASE_COMMANDS_TOPIC.name(), Setting.RELAY_RELEASE_COMMANDS_TOPIC,
      Setting.RELAY_DEPLOYMENTS_TOPIC.name(), Setting.RELAY_DEPLOYMENTS_TOPIC);

  private static final Pattern SERVICE_ACCOUNT_REF = Pattern.compile("google_service_account\\.([A-Za-z0-9_-]+)\\.(?:email|member|id|name)");
  /** A Google service agent, such as serviceAccount:service-NUMBER@gcp-sa-cloudbuild.iam.gserviceaccount.com. */
  private static final Pattern SERVICE_AGENT = Pattern.compile("serviceAccount:service-[^@\"]*@gcp-sa-([a-z0-9-]+)\\.iam\\.gserviceaccount\\.com");
  private static final Pattern VAR_REF = Pattern.compile("^var\\.([A-Za-z0-9_-]+)$");
  private static final Pattern TOPIC_REF = Pattern.compile("^google_pubsub_topic\\.([A-Za-z0-9_-]+)\\.(?:name|id)$");
  private static final Pattern FUNCTION_REF = Pattern.compile("google_cloudfunctions2_function\\.([A-Za-z0-9_-]+)\\.");

  // ------------------------------------------------------------------------------------------
  // Variables
  // ------------------------------------------------------------------------------------------

  /** Every var.X referenced is declared; every declared variable has a type and a description. */
  public static List<String> variables(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    for (TerraformModule.Reference ref : module.variableReferences()) {
      if (!module.variables().containsKey(ref.name())) {
        problems.add(module.label() + "/" + ref.file() + ":" + ref.line() + ": var." + ref.name()
            + " is not declared (declared: " + module.variables().keySet() + ")");
      }
    }
    module.variables().forEach((name, body) -> {
      if (body.get("type") == null) {
        problems.add(module.label() + "/" + Hcl.file(body) + ": variable \"" + name + "\" has no type");
      }
      Object description = body.get("description");
      if (!(description instanceof String s) || s.isBlank()) {
        problems.add(module.label() + "/" + Hcl.file(body) + ": variable \"" + name + "\" has no description");
      }
    });
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // Provider pins
  // ------------------------------------------------------------------------------------------

  private static final Pattern SOURCE = Pattern.compile("source\\s*=\\s*\"([^\"]+)\"");
  private static final Pattern PIN = Pattern.compile("version\\s*=\\s*\"~>\\s*([0-9]+)\\.([0-9]+)\"");

  /**
   * The providers a module uses are pinned where terraform-checks can check them: every entry of
   * {@code required_providers} is a provider of {@link ProviderSchema#PROVIDERS}, pinned {@code ~> M.m}
   * so that the version whose schema is checked is admitted; every resource type, data source and
   * {@code provider} block of the module's own is of a required provider.
   */
  public static List<String> providerPins(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<String, ProviderSchema.Provider> required = new java.util.LinkedHashMap<>();
    List<HclTree.Block> blocks = new ArrayList<>();
    try (var files = java.nio.file.Files.list(module.dir())) {
      for (Path file : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
        blocks.addAll(TerraformModule.parse(file, module.label()).blocks());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (HclTree.Block terraform : blocks) {
      if (!terraform.type().equals("terraform")) {
        continue;
      }
      for (HclTree.Block providers : terraform.body().blocks("required_providers")) {
        for (HclTree.Attribute entry : providers.body().attributes()) {
          Matcher source = SOURCE.matcher(entry.expression());
          Matcher pin = PIN.matcher(entry.expression());
          String at = module.label() + ":" + entry.line() + ": required_providers." + entry.name();
          ProviderSchema.Provider provider = source.find()
              ? ProviderSchema.PROVIDERS.stream().filter(p -> p.source().equals(source.group(1))).findFirst().orElse(null) : null;
          if (provider == null) {
            problems.add(at + ": its source is not a provider terraform-checks check (" + ProviderSchema.PROVIDERS + ")");
            continue;
          }
          required.put(entry.name(), provider);
          String[] checked = provider.providerVersion().split("\\.");
          if (!pin.find()) {
            problems.add(at + ": pin it as version = \"~> " + checked[0] + "." + checked[1] + "\" (the checked schema is " + provider + ")");
          } else if (!pin.group(1).equals(checked[0]) || Integer.parseInt(pin.group(2)) > Integer.parseInt(checked[1])) {
            problems.add(at + ": version ~> " + pin.group(1) + "." + pin.group(2) + " does not admit " + provider
                + ", the version whose schema terraform-checks check");
          }
        }
      }
    }
    for (HclTree.Block block : blocks) {
      String local = null;
      if ((block.type().equals("resource") || block.type().equals("data")) && block.labels().size() == 2) {
        String type = block.labels().get(0);
        local = type.substring(0, Math.max(0, type.indexOf('_')));
      } else if (block.type().equals("provider") && block.labels().size() == 1) {
        local = block.labels().get(0);
      }
      if (local != null && !required.containsKey(local)) {
        problems.add(module.label() + ":" + block.line() + ": " + block.type() + " " + String.join(".", block.labels())
            + " uses provider " + local + ", which versions.tf's required_providers does not pin");
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // Module calls
  // ------------------------------------------------------------------------------------------

  /** Every module call passes only declared inputs, and every input without a default. */
  public static List<String> moduleCalls(TerraformModule caller, Function<Path, TerraformModule> loader) {
    List<String> problems = new ArrayList<>();
    caller.moduleCalls().forEach((name, call) -> {
      String source = Hcl.string(call, "source");
      if (source == null || !source.startsWith(".")) {
        problems.add(caller.label() + ": module \"" + name + "\" has no local source (got " + source + ")");
        return;
      }
      TerraformModule callee = loader.apply(caller.dir().resolve(source).normalize());
      Set<String> passed = new TreeSet<>(call.keySet());
      passed.removeAll(META_ARGUMENTS);
      for (String input : passed) {
        if (!callee.variables().containsKey(input)) {
          problems.add(caller.label() + "/" + Hcl.file(call) + ": module \"" + name + "\" passes '" + input
              + "', which " + callee.label() + " does not declare");
        }
      }
      callee.variables().forEach((input, body) -> {
        if (!body.containsKey("default") && !passed.contains(input)) {
          problems.add(caller.label() + "/" + Hcl.file(call) + ": module \"" + name + "\" does not pass required input '"
              + input + "' of " + callee.label());
        }
      });
    });
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // Functions
  // ------------------------------------------------------------------------------------------

  /** The RelayFunction a deployed function is, by its entry point; null when there is none. */
  static RelayFunction relayFunction(TerraformModule.Resource function) {
    String entryPoint = Hcl.string(Hcl.block(function.body(), "build_config"), "entry_point");
    return Arrays.stream(RelayFunction.values()).filter(f -> f.entryPoint().equals(entryPoint)).findFirst().orElse(null);
  }

  /** Names of the environment variables a function sets, plain and from Secret Manager. */
  static Set<String> environment(TerraformModule.Resource function) {
    Map<String, Object> service = Hcl.block(function.body(), "service_config");
    Set<String> names = new TreeSet<>();
    Object plain = service.get("environment_variables");
    if (plain instanceof Map<?, ?> map) {
      map.keySet().forEach(k -> names.add(k.toString()));
    }
    for (Map<String, Object> secret : Hcl.blocks(service, "secret_environment_variables")) {
      names.add(String.valueOf(secret.get("key")));
    }
    return names;
  }

  /**
   * Each google_cloudfunctions2_function is a RelayFunction: its entry point, name, runtime, shape,
   * trigger kind and environment variable names are those the Java code defines; the functions of one
   * module that read {@code RELAY_ROLLOUT} (or {@code RELAY_CLIENTS}) are given the same value.
   */
  public static List<String> functions(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<Setting, Map<String, String>> agreed = new TreeMap<>();
    List<String> known = Arrays.stream(RelayFunction.values()).map(RelayFunction::entryPoint).toList();
    for (TerraformModule.Resource fn : module.resourcesOfType("google_cloudfunctions2_function")) {
      String at = module.label() + "/" + Hcl.file(fn.body()) + ": " + fn.address();
      Map<String, Object> build = Hcl.block(fn.body(), "build_config");
      String entryPoint = Hcl.string(build, "entry_point");
      RelayFunction relay = relayFunction(fn);
      if (relay == null) {
        problems.add(at + ": entry point '" + entryPoint + "' is not a RelayFunction entry point " + known);
        continue;
      }
      if (!relay.functionName().equals(Hcl.string(fn.body(), "name"))) {
        problems.add(at + ": name is '" + fn.body().get("name") + "' but " + relay + " is deployed as '" + relay.functionName() + "'");
      }
      String runtime = module.literal(build.get("runtime"));
      if (!RelayFunction.RUNTIME.equals(runtime)) {
        problems.add(at + ": runtime is '" + runtime + "', but RelayFunction.RUNTIME is '" + RelayFunction.RUNTIME + "'");
      }
      problems.addAll(shape(module, at, relay, Hcl.block(fn.body(), "service_config")));
      Set<String> allowed = relay.settings().stream().map(Setting::name).collect(Collectors.toCollection(TreeSet::new));
      allowed.addAll(RelayFunction.RUNTIME_ENVIRONMENT.keySet());
      Set<String> set = environment(fn);
      Map<String, Object> values = Hcl.map(Hcl.block(fn.body(), "service_config").get("environment_variables"));
      new TreeMap<>(RelayFunction.RUNTIME_ENVIRONMENT).forEach((name, expected) -> {
        String value = module.literal(values.get(name));
        if (value == null) {
          problems.add(at + ": does not set " + name + " (RelayFunction.RUNTIME_ENVIRONMENT, set on every function)");
        } else if (!value.equals(expected)) {
          problems.add(at + ": sets " + name + " to '" + value + "', but RelayFunction.RUNTIME_ENVIRONMENT has '" + expected + "'");
        }
      });
      for (String name : set) {
        if (!allowed.contains(name)) {
          problems.add(at + ": sets " + name + ", which " + relay.functionName() + " does not read (it reads " + allowed + ")");
        }
      }
      for (Setting setting : relay.settings()) {
        if (setting.required() && !set.contains(setting.name())) {
          problems.add(at + ": does not set " + setting.name() + ", which has no default (" + setting.description() + ")");
        }
        if (AGREED.contains(setting)) {
          agreed.computeIfAbsent(setting, s -> new TreeMap<>()).put(at,
              values.get(setting.name()) == null ? "nothing" : String.valueOf(values.get(setting.name())));
        }
      }
    }
    // Settings the functions of one module must see alike: release-status shows the rollout release-rollout runs.
    agreed.forEach((setting, byFunction) -> {
      if (byFunction.size() > 1 && new java.util.HashSet<>(byFunction.values()).size() > 1) {
        problems.add(module.label() + ": the functions that read " + setting.name() + " must be given the same value, but "
            + byFunction.entrySet().stream().map(e -> e.getKey() + " sets " + e.getValue()).collect(Collectors.joining("; ")));
      }
    });
    return problems;
  }

  /** Settings every function of a module that reads them must be given alike (leaving one out is not alike). */
  private static final Set<Setting> AGREED = Set.of(Setting.RELAY_ROLLOUT, Setting.RELAY_CLIENTS);

  /**
   * The function's {@code available_memory} and {@code available_cpu} are {@link RelayFunction#shape()},
   * the shape the benchmark measured it at, and below 1 vCPU it takes one request at a time, as
   * Cloud Run requires.
   */
  static List<String> shape(TerraformModule module, String at, RelayFunction relay, Map<String, Object> service) {
    List<String> problems = new ArrayList<>();
    RelayFunction.Shape shape = relay.shape();
    String memory = module.literal(service.get("available_memory"));
    if (!shape.memory().equals(memory)) {
      problems.add(at + ": available_memory is " + (memory == null ? "not set" : "'" + memory + "'") + ", but "
          + relay + ".shape() has '" + shape.memory() + "'");
    }
    String cpu = module.literal(service.get("available_cpu"));
    if (!shape.cpu().equals(cpu)) {
      problems.add(at + ": available_cpu is " + (cpu == null ? "not set" : "'" + cpu + "'") + ", but "
          + relay + ".shape() has '" + shape.cpu() + "'");
    }
    // Below 1 vCPU (as deployed, or as the shape says where the deployed value is not a number).
    double vcpu = shape.vcpu();
    try {
      vcpu = cpu == null ? vcpu : Double.parseDouble(cpu);
    } catch (NumberFormatException expression) {
      // an expression: the shape's share stands
    }
    String concurrency = module.literal(service.get("max_instance_request_concurrency"));
    if (vcpu < 1 && !"1".equals(concurrency)) {
      problems.add(at + ": max_instance_request_concurrency is " + (concurrency == null ? "not set" : "'" + concurrency + "'")
          + ", but below 1 vCPU Cloud Run takes only 1 request at a time per instance");
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // Wiring
  // ------------------------------------------------------------------------------------------

  private static final Pattern VAR_IN_TEXT = Pattern.compile("var\\.([A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)");

  /**
   * Each function is delivered to as {@link RelayFunction#delivery()} says, the description the
   * local stack delivers by: a DIRECT function has neither an event_trigger nor a subscription
   * pushing to it; an EVENTARC one has one retrying Pub/Sub event_trigger on its feed's topic and no
   * push subscription; a PUSH_SUBSCRIPTION one has no event_trigger and one push subscription per
   * feed, each with an OIDC token and a dead-letter policy of
   * {@link RelayFunction#MAX_DELIVERY_ATTEMPTS} attempts.
   */
  public static List<String> wiring(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    for (TerraformModule.Resource fn : module.resourcesOfType("google_cloudfunctions2_function")) {
      RelayFunction relay = relayFunction(fn);
      if (relay == null) {
        continue; // functions() reports it
      }
      String at = module.label() + "/" + Hcl.file(fn.body()) + ": " + fn.address() + " (" + relay.functionName() + ", "
          + relay.delivery() + " in RelayFunction)";
      List<Map<String, Object>> triggers = Hcl.blocks(fn.body(), "event_trigger");
      List<TerraformModule.Resource> pushers = module.resourcesOfType("google_pubsub_subscription").stream()
          .filter(s -> {
            String endpoint = Hcl.text(Hcl.block(s.body(), "push_config").get("push_endpoint"));
            return endpoint != null && endpoint.startsWith(fn.reference());
          }).toList();
      switch (relay.delivery()) {
        case DIRECT -> {
          if (!triggers.isEmpty() || !pushers.isEmpty()) {
            problems.add(at + ": is called directly, but has " + triggers.size() + " event_trigger(s) and "
                + pushers.size() + " push subscription(s)");
          }
        }
        case EVENTARC -> {
          if (!pushers.isEmpty()) {
            problems.add(at + ": takes CloudEvents from Eventarc, but push subscriptions " + addresses(pushers)
                + " POST raw push bodies to it");
          }
          if (triggers.size() != 1) {
            problems.add(at + ": needs one event_trigger (Eventarc), has " + triggers.size());
          }
          for (Map<String, Object> trigger : triggers) {
            if (!"google.cloud.pubsub.topic.v1.messagePublished".equals(Hcl.string(trigger, "event_type"))) {
              problems.add(at + ": event_trigger's event_type is '" + trigger.get("event_type")
                  + "', not google.cloud.pubsub.topic.v1.messagePublished");
            }
            if (!"RETRY_POLICY_RETRY".equals(Hcl.string(trigger, "retry_policy"))) {
              problems.add(at + ": event_trigger must retry (retry_policy = \"RETRY_POLICY_RETRY\"): a transient failure throws so the event is redelivered");
            }
            String topic = resolve(module, trigger.get("pubsub_topic"), 0);
            Set<String> fed = relay.feeds().stream().map(RelayFunction.Feed::topic).collect(Collectors.toSet());
            if (!fed.contains(topic)) {
              problems.add(at + ": event_trigger's topic is " + trigger.get("pubsub_topic") + " (" + topic + "), not one of " + fed);
            }
          }
        }
        case PUSH_SUBSCRIPTION -> {
          if (!triggers.isEmpty()) {
            problems.add(at + ": is fed by push subscriptions (raw push body), but has an event_trigger (CloudEvents)");
          }
          Set<String> fed = new TreeSet<>();
          for (TerraformModule.Resource subscription : pushers) {
            String sub = module.label() + "/" + Hcl.file(subscription.body()) + ": " + subscription.address();
            fed.add(topicVariableDefault(module, subscription.body().get("topic")));
            String oidc = Hcl.text(Hcl.block(Hcl.block(subscription.body(), "push_config"), "oidc_token").get("service_account_email"));
            if (oidc == null) {
              problems.add(sub + ": push_config has no oidc_token: the function only takes authenticated calls");
            }
            Object attempts = Hcl.block(subscription.body(), "dead_letter_policy").get("max_delivery_attempts");
            String resolved = resolve(module, attempts, 0);
            if (resolved == null || !resolved.equals(String.valueOf(RelayFunction.MAX_DELIVERY_ATTEMPTS))) {
              problems.add(sub + ": dead_letter_policy.max_delivery_attempts is " + attempts + " (" + resolved
                  + "), but RelayFunction.MAX_DELIVERY_ATTEMPTS (the local stack's) is " + RelayFunction.MAX_DELIVERY_ATTEMPTS);
            }
          }
          Set<String> expected = relay.feeds().stream().map(RelayFunction.Feed::topic).collect(Collectors.toCollection(TreeSet::new));
          if (!fed.equals(expected) || pushers.size() != expected.size()) {
            problems.add(at + ": push subscriptions " + addresses(pushers) + " feed it from " + fed + ", but RelayFunction feeds it from "
                + expected + ", one subscription each");
          }
        }
      }
    }
    return problems;
  }

  private static List<String> addresses(List<TerraformModule.Resource> resources) {
    return resources.stream().map(TerraformModule.Resource::address).toList();
  }

  /** The topic a subscription's {@code topic} names, by the default of the variable in it ({@code ".../${var.releases_topic}"}). */
  private static String topicVariableDefault(TerraformModule module, Object topic) {
    Matcher var = VAR_IN_TEXT.matcher(String.valueOf(topic));
    String last = null;
    while (var.find()) {
      last = resolve(module, "var." + var.group(1), 0);
      if (last != null && last.contains("/")) {
        last = last.substring(last.lastIndexOf('/') + 1);
      }
    }
    if (last != null) {
      return last;
    }
    String direct = resolve(module, topic, 0);
    return direct == null ? String.valueOf(topic) : direct.substring(direct.lastIndexOf('/') + 1);
  }

  // ------------------------------------------------------------------------------------------
  // Topics
  // ------------------------------------------------------------------------------------------

  private static final Pattern VAR_FIELD = Pattern.compile("^var\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)$");
  private static final Pattern MODULE_OUTPUT = Pattern.compile("^module\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)(?:\\.([A-Za-z0-9_-]+))?$");

  /**
   * What a value resolves to: a literal, a topic's name, or a variable's value: what the module's
   * caller passes for it when the module is bound to one ({@link TerraformModule#called}), its
   * default otherwise. A field of an object variable ({@code var.hub.releases_topic}) is followed to
   * the caller's argument, and a module output ({@code module.hub.client_inputs.releases_topic}) into
   * the called module's output block.
   */
  static String resolve(TerraformModule module, Object value, int depth) {
    if (value == null || depth > 12) {
      return null;
    }
    String text = value.toString();
    Matcher var = VAR_REF.matcher(text);
    if (var.matches()) {
      TerraformModule.Binding caller = module.caller();
      if (caller != null && caller.arguments().containsKey(var.group(1))) {
        return resolve(caller.module(), caller.arguments().get(var.group(1)), depth + 1);
      }
      Map<String, Object> variable = module.variables().get(var.group(1));
      return variable == null ? null : resolve(module, variable.get("default"), depth + 1);
    }
    Matcher field = VAR_FIELD.matcher(text);
    if (field.matches()) {
      TerraformModule.Binding caller = module.caller();
      Object passed = caller == null ? null : caller.arguments().get(field.group(1));
      if (passed instanceof Map<?, ?> object) {
        return resolve(caller.module(), object.get(field.group(2)), depth + 1);
      }
      return passed == null ? null : resolve(caller.module(), passed + "." + field.group(2), depth + 1);
    }
    Matcher output = MODULE_OUTPUT.matcher(text);
    if (output.matches() && module.moduleCalls().containsKey(output.group(1))) {
      TerraformModule callee = module.called(output.group(1));
      Map<String, Object> block = callee.outputs().get(output.group(2));
      Object outputValue = block == null ? null : block.get("value");
      if (output.group(3) != null) {
        outputValue = outputValue instanceof Map<?, ?> object ? object.get(output.group(3)) : null;
      }
      return resolve(callee, outputValue, depth + 1);
    }
    Matcher topic = TOPIC_REF.matcher(text);
    if (topic.matches()) {
      Map<String, Object> body = module.resources().getOrDefault("google_pubsub_topic", Map.of()).get(topic.group(1));
      return body == null ? null : resolve(module, body.get("name"), depth + 1);
    }
    if (text.contains(".") && !text.contains("/") && text.matches("^[a-z_][a-z0-9_]*\\..*")) {
      return null; // another reference (local.x, module.x.y, ...)
    }
    return text;
  }

  /** Each RELAY_*_TOPIC a function is given resolves to the Java default of that setting. */
  public static List<String> topics(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    for (TerraformModule.Resource fn : module.resourcesOfType("google_cloudfunctions2_function")) {
      Object env = Hcl.block(fn.body(), "service_config").get("environment_variables");
      if (!(env instanceof Map<?, ?> map)) {
        continue;
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Setting setting = TOPIC_SETTINGS.get(e.getKey().toString());
        if (setting == null) {
          continue;
        }
        String resolved = resolve(module, e.getValue(), 0);
        String at = module.label() + "/" + Hcl.file(fn.body()) + ": " + fn.address() + " " + setting.name();
        if (resolved == null) {
          problems.add(at + " = " + e.getValue() + " cannot be resolved to a topic name");
        } else if (!resolved.equals(setting.defaultValue())) {
          problems.add(at + " is '" + resolved + "' but the Java default is '" + setting.defaultValue() + "'");
        }
      }
    }
    return problems;
  }

  /** The module declares a google_pubsub_topic for each of the given names (resolved to defaults). */
  public static List<String> declaresTopics(TerraformModule module, Set<String> names) {
    Set<String> declared = module.resourcesOfType("google_pubsub_topic").stream()
        .map(t -> resolve(module, t.body().get("name"), 0))
        .filter(n -> n != null)
        .collect(Collectors.toCollection(TreeSet::new));
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      if (!declared.contains(name)) {
        problems.add(module.label() + ": no google_pubsub_topic named '" + name + "' (declared: " + declared + ")");
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // IAM
  // ------------------------------------------------------------------------------------------

  /**
   * Who an IAM grant is to: a function (by the service account it runs as), another service account
   * of the module ("google_service_account.NAME"), a Google service agent however its project number
   * is written ("service-agent:cloudbuild"), or the member expression itself ("allUsers",
   * "local.pubsub_service_agent", "each.value").
   */
  static String principal(Object member, Map<String, RelayFunction> functionAccounts) {
    String text = Hcl.text(member);
    if (text == null) {
      return "(no member)";
    }
    Matcher agent = SERVICE_AGENT.matcher(text);
    if (agent.find()) {
      return "service-agent:" + agent.group(1);
    }
    Matcher sa = SERVICE_ACCOUNT_REF.matcher(text);
    if (sa.find()) {
      RelayFunction fn = functionAccounts.get(sa.group(1));
      return fn != null ? fn.functionName() : "google_service_account." + sa.group(1);
    }
    return text;
  }

  /** Service account resource name → the function that runs as it; one account per function. */
  static Map<String, RelayFunction> functionAccounts(TerraformModule module, List<String> problems) {
    Map<String, RelayFunction> accounts = new HashMap<>();
    for (TerraformModule.Resource fn : module.resourcesOfType("google_cloudfunctions2_function")) {
      RelayFunction relay = relayFunction(fn);
      String email = Hcl.text(Hcl.block(fn.body(), "service_config").get("service_account_email"));
      Matcher sa = email == null ? null : SERVICE_ACCOUNT_REF.matcher(email);
      if (sa == null || !sa.find()) {
        problems.add(module.label() + ": " + fn.address() + " does not run as a service account of its own (service_account_email = " + email + ")");
        continue;
      }
      RelayFunction previous = accounts.put(sa.group(1), relay);
      if (previous != null && previous != relay) {
        problems.add(module.label() + ": google_service_account." + sa.group(1) + " is shared by " + previous.functionName()
            + " and " + (relay == null ? fn.address() : relay.functionName()) + "; each function needs its own");
      }
    }
    return accounts;
  }

  /** Every role granted is within the allow-list of its principal; no authoritative IAM resources. */
  public static List<String> roles(TerraformModule module, Map<String, Set<String>> allowList) {
    List<String> problems = new ArrayList<>();
    Map<String, RelayFunction> accounts = functionAccounts(module, problems);
    for (TerraformModule.Resource r : module.allResources()) {
      if (r.type().endsWith("_iam_binding") || r.type().endsWith("_iam_policy")) {
        problems.add(module.label() + ": " + r.address() + " is authoritative IAM; grant with *_iam_member so other grants survive");
        continue;
      }
      if (!r.type().endsWith("_iam_member")) {
        continue;
      }
      String role = Hcl.string(r.body(), "role");
      String who = principal(r.body().get("member"), accounts);
      String at = module.label() + "/" + Hcl.file(r.body()) + ": " + r.address();
      if (role == null || !role.startsWith("roles/")) {
        problems.add(at + ": role must be a literal roles/... so it can be checked, got " + r.body().get("role"));
        continue;
      }
      Set<String> allowed = allowList.get(who);
      if (allowed == null) {
        problems.add(at + ": grants " + role + " to " + who + ", which has no allow-list entry");
      } else if (!allowed.contains(role)) {
        problems.add(at + ": grants " + role + " to " + who + ", which is not in its allow-list " + new TreeSet<>(allowed));
      }
    }
    return problems;
  }

  private static final Set<String> PUBLISHING_ROLES = Set.of("roles/pubsub.publisher", "roles/pubsub.editor", "roles/pubsub.admin");

  /**
   * Only the command gateway's account, and the tool accounts of {@code var.command_publishers}, may
   * publish on release-commands: any other grant of a publishing role on that topic, or of one on a
   * whole project (which covers every topic in it), is a problem. Commands from anyone else would
   * skip the gateway's identity check.
   */
  public static List<String> commandPublishers(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    Map<String, RelayFunction> accounts = functionAccounts(module, new ArrayList<>());
    String commands = Setting.RELAY_RELEASE_COMMANDS_TOPIC.defaultValue();
    for (TerraformModule.Resource r : module.allResources()) {
      String role = Hcl.string(r.body(), "role");
      if (role == null || !PUBLISHING_ROLES.contains(role)) {
        continue;
      }
      String at = module.label() + "/" + Hcl.file(r.body()) + ": " + r.address();
      String who = principal(r.body().get("member"), accounts);
      if (r.type().startsWith("google_project_iam")) {
        problems.add(at + ": grants " + role + " on a whole project to " + who + ", which covers " + commands);
        continue;
      }
      if (!r.type().startsWith("google_pubsub_topic_iam")) {
        continue;
      }
      String topic = resolve(module, r.body().get("topic"), 0);
      if (topic == null) {
        // Dead-letter topics' names are interpolated ("${var.commands_topic}-dead-letter"), so they
        // do not resolve; any other topic must, or it could be release-commands.
        if (!String.valueOf(r.body().get("topic")).contains("dead_letter")) {
          problems.add(at + ": grants " + role + " on a topic that cannot be resolved (" + r.body().get("topic")
              + "); it could be " + commands);
        }
        continue;
      }
      if (!topic.equals(commands)) {
        continue;
      }
      boolean gateway = (who.equals(RelayFunction.COMMAND_GATEWAY.functionName())
          // release-rollout's wake-ups: a promote to one client, which only re-plans a stored release
          // against the hub's own rollouts/ record (README: Waves); it can start nothing early.
          || who.equals(RelayFunction.RELEASE_ROLLOUT.functionName())) && role.equals("roles/pubsub.publisher");
      boolean listedTools = role.equals("roles/pubsub.publisher") && who.contains("each.value")
          && forEachSource(module, r).matches("toset\\(\\s*var\\.command_publishers\\s*\\)");
      if (!gateway && !listedTools) {
        problems.add(at + ": grants " + role + " on " + commands + " to " + who
            + "; only command-gateway and the accounts in var.command_publishers may publish commands (and release-rollout its wake-ups)");
      }
    }
    return problems;
  }

  /**
   * A resource's {@code for_each} expression as written (the parser evaluates function calls such
   * as {@code toset(...)} to nothing), from its file in the module's folder; "" when not found.
   */
  static String forEachSource(TerraformModule module, TerraformModule.Resource r) {
    Path file = module.dir().resolve(Hcl.file(r.body()));
    if (r.module() != null || !Files.isRegularFile(file)) {
      return "";
    }
    String source;
    try {
      source = Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
    int start = source.indexOf("resource \"" + r.type() + "\" \"" + r.name() + "\"");
    if (start < 0) {
      return "";
    }
    int end = source.indexOf("\n}", start);
    Matcher forEach = Pattern.compile("(?m)^\\s*for_each\\s*=\\s*(.+?)\\s*$")
        .matcher(source.substring(start, end < 0 ? source.length() : end));
    return forEach.find() ? forEach.group(1) : "";
  }

  // ------------------------------------------------------------------------------------------
  // Client variable
  // ------------------------------------------------------------------------------------------

  /**
   * The client-environment's {@code client} object type names every field of the Java client
   * definition, so jsonencode(var.client) (RELAY_CLIENT) drops nothing the function reads.
   */
  public static List<String> clientVariableCovers(TerraformModule module, List<String> fields) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> client = module.variables().get("client");
    if (client == null) {
      return List.of(module.label() + ": no variable \"client\"");
    }
    Set<String> named = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=").matcher(String.valueOf(Hcl.text(client.get("type"))));
    while (m.find()) {
      named.add(m.group(1));
    }
    for (String field : fields) {
      if (!named.contains(field)) {
        problems.add(module.label() + ": variable \"client\" has no field '" + field
            + "'; Terraform would drop it from RELAY_CLIENT (type fields: " + named + ")");
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------------------------------
  // README Inputs tables
  // ------------------------------------------------------------------------------------------

  /**
   * The module README's Inputs table lists every variable of the module once, with the type and
   * default written in variables.tf (object types as {@code object({...})}, no default as
   * {@code n/a}) and Required "yes" exactly when there is no default; it has no row for a variable
   * that is gone. Descriptions are the README's own words and are not compared.
   */
  public static List<String> readmeInputs(TerraformModule module, String readme) {
    List<String> problems = new ArrayList<>();
    String at = module.label() + "/README.md";
    Map<String, String[]> rows = new java.util.LinkedHashMap<>();
    int start = readme.indexOf("\n## Inputs\n");
    if (start < 0) {
      return List.of(at + ": no '## Inputs' section");
    }
    int end = readme.indexOf("\n## ", start + 1);
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split(" \\| ", -1)).map(String::trim).toArray(String[]::new);
      if (cells.length != 5) {
        problems.add(at + ": Inputs row has " + cells.length + " cells, not 5 (Name, Description, Type, Default, Required): " + line);
        continue;
      }
      String name = unquote(cells[0]);
      if (rows.put(name, cells) != null) {
        problems.add(at + ": Inputs lists '" + name + "' twice");
      }
    }
    Map<String, HclTree.Block> declared = new java.util.LinkedHashMap<>();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(module.dir())) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tf")).sorted().toList()) {
        for (HclTree.Block block : HclTree.parse(module.label() + "/" + file.getFileName(), Repo.read(file)).blocks("variable")) {
          declared.put(block.labels().get(0), block);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    declared.forEach((name, variable) -> {
      String[] row = rows.get(name);
      if (row == null) {
        problems.add(at + ": Inputs has no row for variable \"" + name + "\"");
        return;
      }
      HclTree.Attribute type = variable.body().attribute("type");
      HclTree.Attribute fallback = variable.body().attribute("default");
      String wantType = type == null ? "any" : typeText(type.expression());
      if (!wantType.equals(typeText(unquote(row[2])))) {
        problems.add(at + ": Inputs gives '" + name + "' the type " + row[2] + ", variables.tf `" + wantType + "`");
      }
      String wantDefault = fallback == null ? "n/a" : squeeze(fallback.expression());
      String gotDefault = row[3].equals("n/a") ? "n/a" : squeeze(unquote(row[3]));
      if (!wantDefault.equals(gotDefault)) {
        problems.add(at + ": Inputs gives '" + name + "' the default " + row[3] + ", variables.tf " + (fallback == null ? "none (n/a)" : "`" + wantDefault + "`"));
      }
      boolean required = row[4].equals("yes");
      if (required != (fallback == null)) {
        problems.add(at + ": Inputs says '" + name + "' is " + (required ? "" : "not ") + "required (" + row[4]
            + "), but variables.tf gives it " + (fallback == null ? "no default" : "a default"));
      }
    });
    for (String name : rows.keySet()) {
      if (!declared.containsKey(name)) {
        problems.add(at + ": Inputs has a row for '" + name + "', which variables.tf does not declare");
      }
    }
    return problems;
  }

  private static String unquote(String cell) {
    String c = cell.trim();
    return c.length() >= 2 && c.startsWith("`") && c.endsWith("`") ? c.substring(1, c.length() - 1) : c;
  }

  private static String squeeze(String text) {
    return text.replaceAll("\\s+", " ").replaceAll("([\\[{(]) ", "$1").replaceAll(" ([\\]})])", "$1").trim();
  }

  /** A type as the tables write it: every object's fields folded to {@code {...}}, no blanks. */
  static String typeText(String type) {
    String t = type.replaceAll("\\s+", "");
    String folded;
    while (!(folded = t.replaceAll("\\{[^{}]*\\}", "\u0000")).equals(t)) {
      t = folded;
    }
    return t.replace("\u0000", "{...}");
  }
}
