package com.twosixty.relay.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks every {@code resource} and {@code data} block of a module against the google provider's schema
 * ({@link ProviderSchema}), as {@code terraform validate} would with the provider installed: unknown
 * arguments and blocks, missing required ones, an argument written as a block or a block as an
 * argument, and values outside an argument's enum, whether written as a literal or admitted by the
 * validation of the variable (or local) that feeds it. {@code dynamic} blocks are checked as the block
 * they generate; {@code moved} blocks must move a resource that is gone to one that is declared. Each
 * problem names the file and line, the resource's address and the field.
 */
public final class ProviderSchemaCheck {
  private ProviderSchemaCheck() {}

  /** Terraform's meta-arguments: in every resource and data block, in no provider schema. */
  static final Set<String> META_ARGUMENTS = Set.of("count", "for_each", "depends_on", "provider");
  static final Set<String> META_BLOCKS = Set.of("lifecycle", "provisioner", "connection");
  static final Set<String> LIFECYCLE_ARGUMENTS = Set.of("create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by");
  static final Set<String> LIFECYCLE_BLOCKS = Set.of("precondition", "postcondition");

  static final Pattern STRING_LITERAL = Pattern.compile("^\"((?:[^\"\\\\$%]|\\\\.|\\$(?!\\{)|%(?!\\{))*)\"$");
  private static final Pattern NAME_REF = Pattern.compile("^(var|local)\\.([A-Za-z_][A-Za-z0-9_-]*)$");
  private static final Pattern LOOKUP = Pattern.compile("^local\\.([A-Za-z_][A-Za-z0-9_-]*)\\[.*\\]$", Pattern.DOTALL);

  /** One .tf file's top-level blocks. */
  private record Source(String file, HclTree.Body body) {}

  /** What a module declares that values can come from. */
  private record Declarations(Map<String, HclTree.Block> variables, Map<String, String> variableFiles,
      Map<String, HclTree.Attribute> locals, Map<String, String> localFiles) {}

  /** A value an enum argument may receive, and where it comes from. */
  private record Candidate(String value, String origin) {}

  public static List<String> check(Path dir, String label, ProviderSchema schema) {
    return check(dir, label, List.of(schema));
  }

  /**
   * The check against several providers' schemas, each resource and data source against the one whose
   * prefix its type has ({@code google_}, {@code github_}); a type of a provider none of them describes
   * is reported, so nothing goes unchecked. {@code provider} blocks are checked against the provider's
   * own arguments.
   */
  public static List<String> check(Path dir, String label, List<ProviderSchema> schemas) {
    List<Source> sources = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList()) {
        sources.add(new Source(file.getFileName().toString(), HclTree.parse(label + "/" + file.getFileName(), Files.readString(file))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Declarations declared = new Declarations(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    for (Source source : sources) {
      for (HclTree.Block block : source.body().blocks()) {
        if (block.type().equals("variable") && block.labels().size() == 1) {
          declared.variables().put(block.labels().get(0), block);
          declared.variableFiles().put(block.labels().get(0), source.file());
        } else if (block.type().equals("locals")) {
          for (HclTree.Attribute local : block.body().attributes()) {
            declared.locals().put(local.name(), local);
            declared.localFiles().put(local.name(), source.file());
          }
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (Source source : sources) {
      for (HclTree.Block block : source.body().blocks()) {
        if (block.type().equals("moved")) {
          moved(dir, label + "/" + source.file(), block, problems);
          continue;
        }
        if (block.type().equals("provider") && block.labels().size() == 1) {
          providerBlock(label + "/" + source.file(), block, schemas, declared, problems);
          continue;
        }
        boolean data = block.type().equals("data");
        if (!(data || block.type().equals("resource")) || block.labels().size() != 2) {
          continue;
        }
        String type = block.labels().get(0);
        String address = (data ? "data." : "") + type + "." + block.labels().get(1);
        String where = label + "/" + source.file();
        ProviderSchema schema = schemas.stream().filter(candidate -> type.startsWith(candidate.provider().prefix())).findFirst().orElse(null);
        if (schema == null) {
          problems.add(where + ":" + block.line() + ": " + address + ": no provider schema checks " + type + " (checked: "
              + String.join(", ", schemas.stream().map(candidate -> candidate.provider().toString()).toList())
              + "); add its provider to ProviderSchema.PROVIDERS");
          continue;
        }
        ProviderSchema.Block schemaBlock = data ? schema.dataSource(type) : schema.resource(type);
        if (schemaBlock == null) {
          problems.add(where + ":" + block.line() + ": " + address + ": the " + schema.provider().localName() + " provider " + schema.provider().providerVersion()
              + " has no " + (data ? "data source " : "resource ") + type);
          continue;
        }
        new Walk(where, address, declared, problems).body(block.body(), schemaBlock, "", block.line(), true);
      }
    }
    return problems;
  }

  /** A {@code provider "NAME"} block: a provider that is checked, and only its arguments (and {@code alias}). */
  private static void providerBlock(String where, HclTree.Block block, List<ProviderSchema> schemas, Declarations declared,
      List<String> problems) {
    String name = block.labels().get(0);
    ProviderSchema schema = schemas.stream().filter(candidate -> candidate.provider().localName().equals(name)).findFirst().orElse(null);
    if (schema == null || schema.configuration() == null) {
      problems.add(where + ":" + block.line() + ": provider \"" + name + "\": no provider schema checks it (checked: "
          + String.join(", ", schemas.stream().map(candidate -> candidate.provider().toString()).toList()) + ")");
      return;
    }
    new Walk(where, "provider \"" + name + "\"", declared, problems).body(block.body(), schema.configuration(), "", block.line(), false);
  }

  private static final String INDEX = "(?:\\[(?:[0-9]+|\"[^\"]*\")\\])?";
  private static final Pattern RESOURCE_ADDRESS = Pattern.compile(
      "^(?:module\\.[A-Za-z_][A-Za-z0-9_-]*" + INDEX + "\\.)*([A-Za-z_][A-Za-z0-9_-]*)\\.([A-Za-z_][A-Za-z0-9_-]*)" + INDEX + "$");

  /**
   * A {@code moved} block, as {@code terraform plan} would take it: no labels, exactly {@code from}
   * and {@code to}, each a resource address ({@code type.name} or {@code module.CALL.type.name}, each
   * part with an optional instance key such as {@code [0]}); {@code to} names a resource this module declares (through the called module's source for
   * {@code module.CALL.}), {@code from} one it no longer declares, and both are of the same type.
   */
  static void moved(Path dir, String where, HclTree.Block block, List<String> problems) {
    String at = where + ":" + block.line() + ": moved";
    if (!block.labels().isEmpty() || !block.body().blocks().isEmpty()) {
      problems.add(at + ": a moved block has no labels and no nested blocks");
    }
    for (HclTree.Attribute attribute : block.body().attributes()) {
      if (!attribute.name().equals("from") && !attribute.name().equals("to")) {
        problems.add(at + ": unknown argument '" + attribute.name() + "' (a moved block takes from and to)");
      }
    }
    HclTree.Attribute from = block.body().attribute("from");
    HclTree.Attribute to = block.body().attribute("to");
    if (from == null || to == null) {
      problems.add(at + ": needs both from and to");
      return;
    }
    Matcher fromAddress = RESOURCE_ADDRESS.matcher(from.expression());
    Matcher toAddress = RESOURCE_ADDRESS.matcher(to.expression());
    if (!fromAddress.matches() || !toAddress.matches()) {
      problems.add(at + ": from and to must be resource addresses (type.name or module.CALL.type.name, unquoted): "
          + from.expression() + " -> " + to.expression());
      return;
    }
    if (!fromAddress.group(1).equals(toAddress.group(1))) {
      problems.add(at + ": moves a " + fromAddress.group(1) + " to a " + toAddress.group(1) + "; a move keeps the resource type");
    }
    if (!declares(dir, to.expression(), 0)) {
      problems.add(at + ": to = " + to.expression() + " names no resource of this module: the state would move to nothing");
    }
    if (declares(dir, from.expression(), 0)) {
      problems.add(at + ": from = " + from.expression() + " is still declared: a moved block's source must be gone");
    }
  }

  /** Whether the module in {@code dir} declares a resource at {@code address}, following module calls to their source. */
  static boolean declares(Path dir, String indexed, int depth) {
    String address = indexed.replaceAll("\\[[^\\]]*\\]", "");
    List<HclTree.Block> blocks = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList()) {
        blocks.addAll(HclTree.parse(dir.getFileName() + "/" + file.getFileName(), Files.readString(file)).blocks());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (address.startsWith("module.") && depth < 8) {
      String rest = address.substring("module.".length());
      String call = rest.substring(0, rest.indexOf('.'));
      for (HclTree.Block block : blocks) {
        if (block.type().equals("module") && block.labels().equals(List.of(call))) {
          HclTree.Attribute source = block.body().attribute("source");
          String path = source == null ? null : ModuleInliner.literal(source.expression());
          return path != null && path.startsWith(".") && declares(dir.resolve(path).normalize(), rest.substring(call.length() + 1), depth + 1);
        }
      }
      return false;
    }
    int dot = address.indexOf('.');
    List<String> labels = List.of(address.substring(0, dot), address.substring(dot + 1));
    return blocks.stream().anyMatch(b -> b.type().equals("resource") && b.labels().equals(labels));
  }

  /** One resource's check: where it is, and the problems found so far. */
  private record Walk(String where, String address, Declarations declared, List<String> problems) {
    void problem(int line, String path, String message) {
      problems.add(where + ":" + line + ": " + address + ": " + path + (path.isEmpty() ? "" : ": ") + message);
    }

    void body(HclTree.Body body, ProviderSchema.Block schema, String path, int line, boolean top) {
      Set<String> present = new LinkedHashSet<>();
      for (HclTree.Attribute attribute : body.attributes()) {
        String at = path + attribute.name();
        present.add(attribute.name());
        if (top && META_ARGUMENTS.contains(attribute.name())) {
          continue;
        }
        ProviderSchema.Field field = schema.fields().get(attribute.name());
        if (field == null) {
          problem(attribute.line(), at, "unknown argument (" + (path.isEmpty() ? "the resource" : path.substring(0, path.length() - 1))
              + " takes: " + ProviderSchema.names(schema) + ")");
        } else if (field.block()) {
          problem(attribute.line(), at, "is a block, written as an argument: write " + attribute.name() + " { ... }");
        } else if (field.isEnum()) {
          enumValue(field, attribute, at);
        }
      }
      Map<String, Integer> counts = new HashMap<>();
      for (HclTree.Block block : body.blocks()) {
        String name = block.type();
        HclTree.Body content = block.body();
        boolean dynamic = name.equals("dynamic");
        if (dynamic) {
          if (block.labels().size() != 1) {
            problem(block.line(), path + "dynamic", "a dynamic block needs exactly one label, the block it generates");
            continue;
          }
          name = block.labels().get(0);
          List<HclTree.Block> contents = content.blocks("content");
          if (content.attribute("for_each") == null) {
            problem(block.line(), path + name, "dynamic block without for_each");
          }
          if (contents.size() != 1) {
            problem(block.line(), path + name, "dynamic block needs exactly one content block");
            continue;
          }
          content = contents.get(0).body();
        }
        String at = path + name;
        present.add(name);
        if (top && META_BLOCKS.contains(name)) {
          if (name.equals("lifecycle")) {
            lifecycle(block, at);
          }
          continue;
        }
        ProviderSchema.Field field = schema.fields().get(name);
        if (field == null) {
          problem(block.line(), at, "unknown block (" + (path.isEmpty() ? "the resource" : path.substring(0, path.length() - 1))
              + " takes: " + ProviderSchema.names(schema) + ")");
          continue;
        }
        if (!field.block()) {
          problem(block.line(), at, "is an argument, written as a block: write " + name + " = ...");
          continue;
        }
        int count = counts.merge(name, dynamic ? 2 : 1, Integer::sum);
        if (!field.repeated() && count == 2 && !dynamic) {
          problem(block.line(), at, "block written more than once; the provider takes at most one");
        }
        body(content, field.nested(), at + ".", block.line(), false);
      }
      for (ProviderSchema.Field field : schema.fields().values()) {
        if (field.required() && !present.contains(field.name())) {
          problem(line, path + field.name(), "missing required " + (field.block() ? "block" : "argument"));
        }
      }
    }

    void lifecycle(HclTree.Block lifecycle, String at) {
      for (HclTree.Attribute attribute : lifecycle.body().attributes()) {
        if (!LIFECYCLE_ARGUMENTS.contains(attribute.name())) {
          problem(attribute.line(), at + "." + attribute.name(), "unknown lifecycle argument (takes: " + LIFECYCLE_ARGUMENTS + ")");
        }
      }
      for (HclTree.Block block : lifecycle.body().blocks()) {
        if (!LIFECYCLE_BLOCKS.contains(block.type())) {
          problem(block.line(), at + "." + block.type(), "unknown lifecycle block (takes: " + LIFECYCLE_BLOCKS + ")");
        }
      }
    }

    void enumValue(ProviderSchema.Field field, HclTree.Attribute attribute, String at) {
      for (Candidate candidate : candidates(attribute.expression(), 0)) {
        if (!field.values().contains(candidate.value())) {
          problem(attribute.line(), at, candidate.origin() + " '" + candidate.value() + "', which is not one of the provider's values "
              + field.values());
        }
      }
    }

    /**
     * The values an expression can take, where they can be known without evaluating it: a literal,
     * the branches of a conditional, a variable's validation (contains([...], var.x)) and default, a
     * local, the values of a local map that is indexed, the elements of a list. An expression it
     * cannot see into contributes nothing.
     */
    List<Candidate> candidates(String expression, int depth) {
      String e = unparenthesize(expression.trim());
      List<Candidate> found = new ArrayList<>();
      if (depth > 8 || e.isEmpty() || e.equals("null")) {
        return found;
      }
      Matcher literal = STRING_LITERAL.matcher(e);
      if (literal.matches()) {
        found.add(new Candidate(literal.group(1), "the value is"));
        return found;
      }
      int question = topLevel(e, '?', 0);
      if (question > 0) {
        int colon = conditionalColon(e, question + 1);
        if (colon > 0) {
          found.addAll(candidates(e.substring(question + 1, colon), depth + 1));
          found.addAll(candidates(e.substring(colon + 1), depth + 1));
        }
        return found;
      }
      if (e.startsWith("[") && e.endsWith("]") && topLevelEnd(e, 0) == e.length() - 1) {
        for (String element : splitTopLevel(e.substring(1, e.length() - 1))) {
          found.addAll(candidates(element, depth + 1));
        }
        return found;
      }
      Matcher ref = NAME_REF.matcher(e);
      if (ref.matches() && ref.group(1).equals("var")) {
        return variable(ref.group(2));
      }
      if (ref.matches()) {
        HclTree.Attribute local = declared.locals().get(ref.group(2));
        return local == null ? found : candidates(local.expression(), depth + 1);
      }
      Matcher lookup = LOOKUP.matcher(e);
      if (lookup.matches()) {
        HclTree.Attribute local = declared.locals().get(lookup.group(1));
        String map = local == null ? "" : unparenthesize(local.expression().trim());
        if (map.startsWith("{") && map.endsWith("}")) {
          for (String entry : splitTopLevel(map.substring(1, map.length() - 1))) {
            int eq = topLevel(entry, '=', 0);
            int sep = eq >= 0 ? eq : topLevel(entry, ':', 0);
            if (sep > 0) {
              for (Candidate c : candidates(entry.substring(sep + 1), depth + 1)) {
                found.add(new Candidate(c.value(), "local." + lookup.group(1) + " (" + declared.localFiles().get(lookup.group(1))
                    + ":" + local.line() + ") maps " + entry.substring(0, sep).trim() + " to"));
              }
            }
          }
        }
      }
      return found;
    }

    /** A variable's admitted values: those of its contains([...], var.x) validation, and its default. */
    List<Candidate> variable(String name) {
      List<Candidate> found = new ArrayList<>();
      HclTree.Block variable = declared.variables().get(name);
      if (variable == null) {
        return found; // TerraformChecks.variables reports undeclared variables
      }
      String file = declared.variableFiles().get(name);
      Pattern contains = Pattern.compile("contains\\(\\s*\\[([^\\]]*)\\]\\s*,\\s*var\\." + Pattern.quote(name) + "\\s*\\)");
      boolean restricted = false;
      for (HclTree.Block validation : variable.body().blocks("validation")) {
        HclTree.Attribute condition = validation.body().attribute("condition");
        Matcher m = condition == null ? null : contains.matcher(condition.expression());
        if (m != null && m.find()) {
          restricted = true;
          for (String element : splitTopLevel(m.group(1))) {
            Matcher literal = STRING_LITERAL.matcher(element.trim());
            if (literal.matches()) {
              found.add(new Candidate(literal.group(1), "var." + name + " admits (validation in " + file + ":" + condition.line() + ")"));
            }
          }
        }
      }
      HclTree.Attribute fallback = variable.body().attribute("default");
      if (fallback != null) {
        Matcher literal = STRING_LITERAL.matcher(fallback.expression().trim());
        if (literal.matches()) {
          found.add(new Candidate(literal.group(1), "var." + name + " defaults to (" + file + ":" + fallback.line() + ")"));
        }
      }
      if (!restricted) {
        found.add(new Candidate("<any string>", "var." + name + " (" + file + ":" + variable.line()
            + ") has no validation { condition = contains([...], var." + name + ") }, so it admits"));
      }
      return found;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Expression text helpers: positions at bracket depth 0, outside strings.
  // ------------------------------------------------------------------------------------------

  /** The index just after the string starting at {@code from} (a quote), across templates. */
  static int skipString(String e, int from) {
    int i = from + 1;
    while (i < e.length()) {
      char c = e.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else if ((c == '$' || c == '%') && i + 1 < e.length() && e.charAt(i + 1) == '{') {
        i = topLevelEnd(e, i + 1) + 1;
      } else {
        i++;
      }
    }
    return i;
  }

  /** The index of the bracket closing the one at {@code open}. */
  static int topLevelEnd(String e, int open) {
    int depth = 0;
    for (int i = open; i < e.length(); ) {
      char c = e.charAt(i);
      if (c == '"') {
        i = skipString(e, i);
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
      i++;
    }
    return e.length();
  }

  /** The first {@code wanted} at depth 0 from {@code from}, or -1. */
  static int topLevel(String e, char wanted, int from) {
    int depth = 0;
    for (int i = from; i < e.length(); ) {
      char c = e.charAt(i);
      if (c == '"') {
        i = skipString(e, i);
        continue;
      }
      if (depth == 0 && c == wanted && !(wanted == '=' && i + 1 < e.length() && e.charAt(i + 1) == '=')
          && !(wanted == '=' && i > 0 && "!<>=".indexOf(e.charAt(i - 1)) >= 0)) {
        return i;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      }
      i++;
    }
    return -1;
  }

  /** The ':' of a conditional whose '?' is before {@code from}, skipping nested conditionals. */
  static int conditionalColon(String e, int from) {
    int nested = 0;
    for (int i = from; i < e.length(); ) {
      int q = topLevel(e, '?', i);
      int c = topLevel(e, ':', i);
      if (c < 0) {
        return -1;
      }
      if (q >= 0 && q < c) {
        nested++;
        i = q + 1;
      } else if (nested > 0) {
        nested--;
        i = c + 1;
      } else {
        return c;
      }
    }
    return -1;
  }

  /** Elements separated by ',' or newlines at depth 0. */
  static List<String> splitTopLevel(String e) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < e.length(); ) {
      char c = e.charAt(i);
      if (c == '"') {
        i = skipString(e, i);
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (depth == 0 && (c == ',' || c == '\n')) {
        parts.add(e.substring(start, i));
        start = i + 1;
      }
      i++;
    }
    parts.add(e.substring(start));
    return parts.stream().map(String::trim).filter(s -> !s.isEmpty() && !s.startsWith("#") && !s.startsWith("//")).toList();
  }

  static String unparenthesize(String e) {
    while (e.startsWith("(") && topLevelEnd(e, 0) == e.length() - 1) {
      e = e.substring(1, e.length() - 1).trim();
    }
    return e;
  }
}
