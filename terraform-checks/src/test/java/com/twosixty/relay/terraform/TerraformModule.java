package com.twosixty.relay.terraform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One Terraform module (a folder of .tf files) as {@link HclTree} reads it: its variables, resources,
 * module calls and locals as the values the checks read ({@link Hcl#values}: expressions are kept as
 * source text, not evaluated), and the {@code var.*} references in its expressions.
 */
public record TerraformModule(
    Path dir,
    String label,
    Map<String, Map<String, Object>> variables,
    Map<String, Map<String, Map<String, Object>>> resources,
    Map<String, Map<String, Object>> moduleCalls,
    Map<String, Object> locals,
    List<Reference> variableReferences,
    Map<String, Call> calls,
    Binding caller) {

  /** How a module is instantiated: by which module, as which call, with which arguments ({@link Hcl#values}). */
  public record Binding(TerraformModule module, String call, Map<String, Object> arguments) {}

  /** A module block as written ({@link HclTree}, expressions as text), and the file it is in. */
  public record Call(String name, HclTree.Block block, String file) {}

  /** A {@code var.NAME} in a file, with its line. */
  public record Reference(String name, String file, int line) {}

  /**
   * A resource block: {@code type.name} and its attributes. {@code module} is null for the module's
   * own resources, and the name of the module call for a resource a called module creates
   * ({@link ModuleInliner}: its body is in this module's terms).
   */
  public record Resource(String module, String type, String name, Map<String, Object> body) {
    public Resource(String type, String name, Map<String, Object> body) {
      this(null, type, name, body);
    }

    public String address() {
      return (module == null ? "" : "module." + module + ".") + type + "." + name;
    }

    /** How this module refers to the resource's attributes: {@code type.name.} or, through the call's outputs, {@code module.call.}. */
    public String reference() {
      return module == null ? type + "." + name + "." : "module." + module + ".";
    }
  }

  public static TerraformModule load(Path dir, String label) {
    Map<String, Map<String, Object>> variables = new TreeMap<>();
    Map<String, Map<String, Map<String, Object>>> resources = new TreeMap<>();
    Map<String, Map<String, Object>> modules = new TreeMap<>();
    Map<String, Object> locals = new TreeMap<>();
    List<Reference> references = new ArrayList<>();
    Map<String, Call> calls = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(dir + ": cannot list .tf files: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalStateException(dir + ": no .tf files");
    }
    for (Path file : files) {
      HclTree.Body parsed = parse(file, label);
      putAll(variables, section(parsed, "variable"), file);
      putAll(modules, section(parsed, "module"), file);
      for (HclTree.Block block : parsed.blocks("locals")) {
        locals.putAll(Hcl.values(block.body()));
      }
      for (HclTree.Block block : parsed.blocks("resource")) {
        Map<String, Map<String, Object>> ofType = resources.computeIfAbsent(block.labels().get(0), k -> new TreeMap<>());
        putAll(ofType, Map.of(block.labels().get(1), Hcl.values(block.body())), file);
      }
      references.addAll(Hcl.variableReferences(file.getFileName().toString(), parsed));
      for (HclTree.Block block : parsed.blocks("module")) {
        calls.put(block.labels().get(0), new Call(block.labels().get(0), block, file.getFileName().toString()));
      }
    }
    return new TerraformModule(dir, label, variables, resources, modules, locals, references, calls, null);
  }

  /**
   * The module a call of this one instantiates, bound to the call, so that a {@code var.X} in it
   * can be followed to what this module passes (see {@link TerraformChecks#resolve}).
   */
  public TerraformModule called(String call) {
    Map<String, Object> arguments = moduleCalls.get(call);
    if (arguments == null) {
      throw new IllegalStateException(label + ": no module \"" + call + "\" (calls: " + moduleCalls.keySet() + ")");
    }
    String source = Hcl.string(arguments, "source");
    TerraformModule callee = load(dir.resolve(source).normalize(), Path.of(label).resolve(source).normalize().toString());
    return new TerraformModule(callee.dir, callee.label, callee.variables, callee.resources, callee.moduleCalls, callee.locals,
        callee.variableReferences, callee.calls, new Binding(this, call, arguments));
  }

  /** The module's outputs: name → the output block (its {@code value} as {@link Hcl#values} reads it). */
  public Map<String, Map<String, Object>> outputs() {
    Map<String, Map<String, Object>> outputs = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : list.filter(p -> p.getFileName().toString().endsWith(".tf")).sorted().toList()) {
        putAll(outputs, section(parse(file, label), "output"), file);
      }
    } catch (IOException e) {
      throw new IllegalStateException(dir + ": " + e.getMessage(), e);
    }
    return outputs;
  }

  /** A value as written, or the local it names ({@code local.NAME}) as written there. */
  public String literal(Object value) {
    String text = Hcl.text(value);
    if (text != null && text.startsWith("local.") && locals.containsKey(text.substring("local.".length()))) {
      return Hcl.text(locals.get(text.substring("local.".length())));
    }
    return text;
  }

  /** The module's own resources of a type, then those its module calls create (one level down). */
  public List<Resource> resourcesOfType(String type) {
    List<Resource> list = new ArrayList<>();
    resources.getOrDefault(type, Map.of()).forEach((name, body) -> list.add(new Resource(type, name, body)));
    list.addAll(calledResources(type));
    return list;
  }

  public List<Resource> allResources() {
    List<Resource> list = new ArrayList<>();
    resources.forEach((type, byName) -> byName.forEach((name, body) -> list.add(new Resource(type, name, body))));
    list.addAll(calledResources(null));
    return list;
  }

  /** The resources the module calls create, of one type (null: all), in this module's terms. */
  public List<Resource> calledResources(String type) {
    List<Resource> list = new ArrayList<>();
    calls.values().forEach(call -> list.addAll(ModuleInliner.resources(dir, call.name(), call.block(), call.file(), type)));
    return list;
  }

  /** One .tf file, read by {@link HclTree}; {@code label} names its module in errors. */
  static HclTree.Body parse(Path file, String label) {
    try {
      return HclTree.parse(label + "/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
  }

  /** The blocks of one type with one label (variable, module, output), by label, as {@link Hcl#values}. */
  private static Map<String, Object> section(HclTree.Body parsed, String type) {
    Map<String, Object> section = new LinkedHashMap<>();
    for (HclTree.Block block : parsed.blocks(type)) {
      if (section.put(block.labels().get(0), Hcl.values(block.body())) != null) {
        throw new IllegalStateException(type + " \"" + block.labels().get(0) + "\" is declared twice in one file");
      }
    }
    return section;
  }

  private static void putAll(Map<String, Map<String, Object>> into, Map<String, Object> from, Path file) {
    for (Map.Entry<String, Object> e : from.entrySet()) {
      if (into.containsKey(e.getKey())) {
        throw new IllegalStateException(file + ": '" + e.getKey() + "' is declared twice in " + file.getParent());
      }
      Map<String, Object> body = new LinkedHashMap<>(Hcl.map(e.getValue()));
      body.put(Hcl.FILE_KEY, file.getFileName().toString());
      into.put(e.getKey(), body);
    }
  }
}
