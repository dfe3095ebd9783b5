package com.twosixty.relay.terraform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values the checks read, made from {@link HclTree} (the one HCL reader of terraform-checks): a
 * block as a map (repeated blocks as a list of maps), an object literal as a map, a list literal as a
 * list, a string literal as its text, null as null, and any other expression as its source text (such
 * as {@code google_service_account.x.email} or {@code "${var.x}-dead-letter"}). Also the scan for
 * {@code var.NAME} references in expressions.
 */
final class Hcl {
  /** Key added to each parsed block: the file it came from. */
  static final String FILE_KEY = "__file";

  private Hcl() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalStateException("expected a block or object, got " + value);
  }

  /** A nested block: one block is a map and repeated blocks a list of maps. */
  static List<Map<String, Object>> blocks(Map<String, Object> body, String name) {
    Object value = body.get(name);
    List<Map<String, Object>> list = new ArrayList<>();
    if (value instanceof Map<?, ?>) {
      list.add(map(value));
    } else if (value instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?>) {
          list.add(map(item));
        }
      }
    }
    return list;
  }

  static Map<String, Object> block(Map<String, Object> body, String name) {
    List<Map<String, Object>> list = blocks(body, name);
    return list.isEmpty() ? Map.of() : list.get(0);
  }

  /** A literal string attribute, or null when absent or an expression that is not one. */
  static String string(Map<String, Object> body, String name) {
    Object value = body.get(name);
    return value instanceof String s ? s : null;
  }

  /** The text of an attribute: a literal, or a reference such as {@code var.x} / {@code google_x.y.name}. */
  static String text(Object value) {
    return value == null ? null : value.toString();
  }

  static String file(Map<String, Object> body) {
    Object file = body.get(FILE_KEY);
    return file == null ? "?" : file.toString();
  }

  /**
   * A body as the checks read it: each argument's value ({@link ModuleInliner#value}), each block by
   * its type (a map, or a list of maps when repeated); a {@code dynamic} block stays under
   * {@code dynamic}, keyed by the block it generates.
   */
  static Map<String, Object> values(HclTree.Body body) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (HclTree.Attribute attribute : body.attributes()) {
      out.put(attribute.name(), ModuleInliner.value(attribute.expression()));
    }
    Map<String, List<Object>> blocks = new LinkedHashMap<>();
    for (HclTree.Block block : body.blocks()) {
      if (block.type().equals("dynamic") && block.labels().size() == 1) {
        Map<String, Object> dynamic = new LinkedHashMap<>();
        dynamic.put(block.labels().get(0), values(block.body()));
        blocks.computeIfAbsent("dynamic", k -> new ArrayList<>()).add(dynamic);
      } else {
        blocks.computeIfAbsent(block.type(), k -> new ArrayList<>()).add(values(block.body()));
      }
    }
    blocks.forEach((type, list) -> out.put(type, list.size() == 1 ? list.get(0) : list));
    return out;
  }

  /**
   * Every {@code var.NAME} in an HCL file: in the expressions of its arguments, at any depth, and inside
   * {@code ${...}} interpolations, not in comments or in the literal part of strings.
   */
  static List<TerraformModule.Reference> variableReferences(String file, String text) {
    return variableReferences(file, HclTree.parse(file, text));
  }

  static List<TerraformModule.Reference> variableReferences(String file, HclTree.Body parsed) {
    List<TerraformModule.Reference> refs = new ArrayList<>();
    collectReferences(file, parsed, refs);
    return refs;
  }

  private static void collectReferences(String file, HclTree.Body body, List<TerraformModule.Reference> refs) {
    for (HclTree.Attribute attribute : body.attributes()) {
      refs.addAll(variableReferences(file, attribute.expression(), attribute.line()));
    }
    for (HclTree.Block block : body.blocks()) {
      collectReferences(file, block.body(), refs);
    }
  }

  /** The {@code var.NAME}s of one expression that starts on {@code firstLine}. */
  private static List<TerraformModule.Reference> variableReferences(String file, String text, int firstLine) {
    List<TerraformModule.Reference> refs = new ArrayList<>();
    // Stack of modes: 'c' = code (with brace depth), 's' = string literal.
    StringBuilder modes = new StringBuilder("c");
    List<Integer> depths = new ArrayList<>(List.of(0));
    int line = firstLine;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char ch = text.charAt(i);
      char mode = modes.charAt(modes.length() - 1);
      if (ch == '\n') {
        line++;
      }
      if (mode == 's') {
        if (ch == '\\' && i + 1 < n) {
          i += 2;
          continue;
        }
        if (ch == '"') {
          modes.setLength(modes.length() - 1);
        } else if (ch == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
          modes.append('c');
          depths.add(0);
          i += 2;
          continue;
        }
        i++;
        continue;
      }
      // code (HclTree has already blanked out the expression's comments)
      if (ch == '"') {
        modes.append('s');
        i++;
        continue;
      }
      if (ch == '{') {
        depths.set(depths.size() - 1, depths.get(depths.size() - 1) + 1);
      } else if (ch == '}') {
        int depth = depths.get(depths.size() - 1);
        if (depth == 0 && modes.length() > 1) {
          modes.setLength(modes.length() - 1);
          depths.remove(depths.size() - 1);
          i++;
          continue;
        }
        depths.set(depths.size() - 1, depth - 1);
      }
      if (text.startsWith("var.", i) && (i == 0 || !(isNamePart(text.charAt(i - 1)) || text.charAt(i - 1) == '.'))) {
        int start = i + 4;
        int end = start;
        while (end < n && isNamePart(text.charAt(end))) {
          end++;
        }
        if (end > start) {
          refs.add(new TerraformModule.Reference(text.substring(start, end), file, line));
        }
        i = end;
        continue;
      }
      i++;
    }
    return refs;
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }
}
