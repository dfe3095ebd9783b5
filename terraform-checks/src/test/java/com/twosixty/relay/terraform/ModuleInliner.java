package com.twosixty.relay.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The resources a module call creates, as the caller sees them: the called module's resource blocks
 * with each {@code var.X} replaced by what the call passes for X (or X's default), each
 * {@code local.X} by the local's value, {@code merge(...)} of object literals merged, and each
 * {@code dynamic} block expanded for the value its {@code for_each} gets. So a function written once
 * in {@code modules/relay-function} is checked, call by call, like a resource written in the caller.
 *
 * <p>Values are those the checks read ({@link Hcl#values}): a block is a map (repeated blocks a list
 * of maps), an object literal a map, a list literal a list, a string literal its text without quotes,
 * and any other expression its source text in the caller's terms (such as
 * {@code google_service_account.x.email}).
 */
final class ModuleInliner {
  private ModuleInliner() {}

  private static final Pattern REFERENCE = Pattern.compile("(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z_][A-Za-z0-9_-]*)+)");

  /** One parsed module: its variables (name → default expression, or null when it has none), locals and resources. */
  private record Callee(Path dir, Map<String, HclTree.Block> variables, Map<String, String> locals, List<HclTree.Block> resources) {}

  /** Names in scope while a called module's expressions are rewritten. */
  private record Scope(Callee callee, Map<String, Object> vars, Map<String, Object> iterators, Map<String, Object> localCache) {
    Scope with(String iterator, Object value) {
      Map<String, Object> iterators = new HashMap<>(this.iterators);
      iterators.put(iterator, value);
      return new Scope(callee, vars, iterators, localCache);
    }
  }

  /** A marker for "declared without a default and not passed". */
  private static final Object UNSET = new Object();

  /**
   * The resources of the module that {@code call} (a {@code module} block of a .tf file in
   * {@code callerDir}) instantiates, each with its type, name and body in the caller's terms; only
   * those of {@code type} unless it is null.
   */
  static List<TerraformModule.Resource> resources(Path callerDir, String callName, HclTree.Block call, String callFile, String type) {
    HclTree.Attribute source = call.body().attribute("source");
    String sourcePath = source == null ? null : literal(source.expression());
    if (sourcePath == null || !sourcePath.startsWith(".")) {
      return List.of(); // a registry module: not in this repository
    }
    Callee callee = load(callerDir.resolve(sourcePath).normalize());
    Map<String, Object> vars = new LinkedHashMap<>();
    callee.variables().forEach((name, variable) -> {
      HclTree.Attribute passed = call.body().attribute(name);
      HclTree.Attribute fallback = variable.body().attribute("default");
      vars.put(name, passed != null ? value(passed.expression()) : fallback != null ? value(fallback.expression()) : UNSET);
    });
    Scope scope = new Scope(callee, vars, Map.of(), new HashMap<>());
    List<TerraformModule.Resource> resources = new ArrayList<>();
    for (HclTree.Block block : callee.resources()) {
      if (type != null && !type.equals(block.labels().get(0))) {
        continue;
      }
      Map<String, Object> body = body(block.body(), scope);
      body.put(Hcl.FILE_KEY, callFile);
      resources.add(new TerraformModule.Resource(callName, block.labels().get(0), block.labels().get(1), body));
    }
    return resources;
  }

  private static Callee load(Path dir) {
    Map<String, HclTree.Block> variables = new LinkedHashMap<>();
    Map<String, String> locals = new LinkedHashMap<>();
    List<HclTree.Block> resources = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList()) {
        HclTree.Body parsed = HclTree.parse(dir.getFileName() + "/" + file.getFileName(), Files.readString(file));
        for (HclTree.Block block : parsed.blocks()) {
          switch (block.type()) {
            case "variable" -> variables.put(block.labels().get(0), block);
            case "locals" -> block.body().attributes().forEach(a -> locals.put(a.name(), a.expression()));
            case "resource" -> resources.add(block);
            default -> { }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
    return new Callee(dir, variables, locals, resources);
  }

  private static Map<String, Object> body(HclTree.Body body, Scope scope) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (HclTree.Attribute attribute : body.attributes()) {
      out.put(attribute.name(), substitute(attribute.expression(), scope));
    }
    Map<String, List<Map<String, Object>>> blocks = new LinkedHashMap<>();
    for (HclTree.Block block : body.blocks()) {
      if (!block.type().equals("dynamic")) {
        blocks.computeIfAbsent(block.type(), k -> new ArrayList<>()).add(body(block.body(), scope));
        continue;
      }
      String name = block.labels().get(0);
      HclTree.Attribute iteratorName = block.body().attribute("iterator");
      String iterator = iteratorName == null ? name : iteratorName.expression();
      HclTree.Block content = block.body().blocks("content").get(0);
      List<Map<String, Object>> generated = blocks.computeIfAbsent(name, k -> new ArrayList<>());
      for (Map.Entry<Object, Object> each : forEach(block, scope).entrySet()) {
        Map<String, Object> iteration = new LinkedHashMap<>();
        iteration.put("key", each.getKey());
        iteration.put("value", each.getValue());
        generated.add(body(content.body(), scope.with(iterator, iteration)));
      }
    }
    blocks.forEach((type, list) -> {
      if (list.size() == 1) {
        out.put(type, list.get(0));
      } else if (!list.isEmpty()) {
        out.put(type, new ArrayList<Object>(list));
      }
    });
    return out;
  }

  /** The (key, value) pairs a dynamic block's for_each gives: {@code x[*]} is none for null, else one. */
  private static Map<Object, Object> forEach(HclTree.Block dynamic, Scope scope) {
    String expression = dynamic.body().attribute("for_each").expression().trim();
    Map<Object, Object> pairs = new LinkedHashMap<>();
    boolean splat = expression.endsWith("[*]");
    Object value = substitute(splat ? expression.substring(0, expression.length() - 3) : expression, scope);
    if (value == null || value == UNSET) {
      return pairs;
    }
    if (splat) {
      pairs.put(0, value);
      return pairs;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach(pairs::put);
      return pairs;
    }
    throw new IllegalStateException(scope.callee().dir() + ": dynamic \"" + dynamic.labels().get(0) + "\": cannot expand for_each = "
        + expression + " (" + value + "); terraform-checks expand a map, or x[*] of an object or null");
  }

  /** An expression of the called module, rewritten in the caller's terms. */
  static Object substitute(String expression, Scope scope) {
    String e = ProviderSchemaCheck.unparenthesize(expression.trim());
    Matcher whole = REFERENCE.matcher(e);
    if (whole.matches() && inScope(whole.group(1), scope)) {
      return lookup(whole.group(1), whole.group(2), scope);
    }
    if (e.startsWith("merge(") && ProviderSchemaCheck.topLevelEnd(e, 5) == e.length() - 1) {
      Map<String, Object> merged = new LinkedHashMap<>();
      for (String argument : ProviderSchemaCheck.splitTopLevel(e.substring(6, e.length() - 1))) {
        Object part = substitute(argument, scope);
        if (!(part instanceof Map<?, ?> map)) {
          return rewrite(e, scope);
        }
        map.forEach((k, v) -> merged.put(k.toString(), v));
      }
      return merged;
    }
    if (e.startsWith("{") && ProviderSchemaCheck.topLevelEnd(e, 0) == e.length() - 1 && !forExpression(e)) {
      Map<String, Object> object = new LinkedHashMap<>();
      objectEntries(e).forEach((k, v) -> object.put(k, substitute(v, scope)));
      return object;
    }
    return value(rewrite(e, scope));
  }

  private static boolean inScope(String root, Scope scope) {
    return root.equals("var") || root.equals("local") || scope.iterators().containsKey(root);
  }

  /** A reference such as var.x.y, local.x or an iterator's .key / .value.field. */
  private static Object lookup(String root, String path, Scope scope) {
    String[] fields = path.substring(1).split("\\.");
    Object value;
    int next = 1;
    switch (root) {
      case "var" -> {
        if (!scope.vars().containsKey(fields[0])) {
          throw new IllegalStateException(scope.callee().dir() + ": var." + fields[0] + " is not declared");
        }
        value = scope.vars().get(fields[0]);
      }
      case "local" -> {
        String local = scope.callee().locals().get(fields[0]);
        if (local == null) {
          throw new IllegalStateException(scope.callee().dir() + ": local." + fields[0] + " is not declared");
        }
        value = scope.localCache().computeIfAbsent(fields[0], k -> substitute(local, scope));
      }
      default -> {
        value = scope.iterators().get(root);
        next = 0;
      }
    }
    for (int i = next; i < fields.length; i++) {
      if (value == null || value == UNSET) {
        return null;
      }
      value = value instanceof Map<?, ?> map ? map.get(fields[i]) : value + "." + fields[i];
    }
    return value == UNSET ? null : value;
  }

  /** Rewrites each reference in a larger expression to the text of its value. */
  private static String rewrite(String expression, Scope scope) {
    Matcher m = REFERENCE.matcher(expression);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group();
      if (inScope(m.group(1), scope) && !insideLiteralText(expression, m.start())) {
        Object value = lookup(m.group(1), m.group(2), scope);
        replacement = String.valueOf(value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether a position is in the literal part of a string (not inside ${...}). */
  private static boolean insideLiteralText(String e, int position) {
    boolean inString = false;
    int template = 0;
    for (int i = 0; i < position; i++) {
      char c = e.charAt(i);
      if (inString && template == 0) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        } else if (c == '$' && i + 1 < e.length() && e.charAt(i + 1) == '{') {
          template = 1;
          i++;
        }
      } else if (template > 0) {
        if (c == '{') {
          template++;
        } else if (c == '}') {
          template--;
        }
      } else if (c == '"') {
        inString = true;
      }
    }
    return inString && template == 0;
  }

  /** An expression as the checks read it: null, a literal's text, an object as a map, a list as a list, or the expression's text. */
  static Object value(String expression) {
    String e = ProviderSchemaCheck.unparenthesize(expression.trim());
    if (e.equals("null")) {
      return null;
    }
    String literal = literal(e);
    if (literal != null) {
      return literal;
    }
    if (e.startsWith("{") && ProviderSchemaCheck.topLevelEnd(e, 0) == e.length() - 1 && !forExpression(e)) {
      Map<String, Object> object = new LinkedHashMap<>();
      objectEntries(e).forEach((k, v) -> object.put(k, value(v)));
      return object;
    }
    if (e.startsWith("[") && ProviderSchemaCheck.topLevelEnd(e, 0) == e.length() - 1 && !forExpression(e)) {
      List<Object> list = new ArrayList<>();
      ProviderSchemaCheck.splitTopLevel(e.substring(1, e.length() - 1)).forEach(element -> list.add(value(element)));
      return list;
    }
    return e;
  }

  /** {@code [for x in ...]} or {@code {for k, v in ...}}: an expression, not a literal. */
  private static boolean forExpression(String e) {
    return e.substring(1).stripLeading().startsWith("for ");
  }

  /** A string literal's text (without interpolation), or null. */
  static String literal(String expression) {
    Matcher m = ProviderSchemaCheck.STRING_LITERAL.matcher(expression.trim());
    return m.matches() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : null;
  }

  /** The entries of an object literal {@code { a = x, "b" = y }}, keys without quotes, values as text. */
  static Map<String, String> objectEntries(String object) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (String entry : ProviderSchemaCheck.splitTopLevel(object.substring(1, object.length() - 1))) {
      int eq = ProviderSchemaCheck.topLevel(entry, '=', 0);
      int sep = eq >= 0 ? eq : ProviderSchemaCheck.topLevel(entry, ':', 0);
      if (sep <= 0) {
        throw new IllegalStateException("not an object entry: " + entry);
      }
      String key = entry.substring(0, sep).trim();
      String unquoted = literal(key);
      entries.put(unquoted != null ? unquoted : key, entry.substring(sep + 1).trim());
    }
    return entries;
  }
}
