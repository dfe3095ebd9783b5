package com.twosixty.relay.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers over hcl4j's parse tree, and a small lexer for references hcl4j evaluates away. */
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

  /** A nested block: hcl4j gives one block as a map and repeated blocks as a list of maps. */
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

  /** A literal string attribute, or null when absent or an expression hcl4j could not reduce to one. */
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
   * Every {@code var.NAME} in HCL source: in expressions and inside {@code ${...}} interpolations,
   * not in comments or in the literal part of strings.
   */
  static List<TerraformModule.Reference> variableReferences(String file, String text) {
    List<TerraformModule.Reference> refs = new ArrayList<>();
    // Stack of modes: 'c' = code (with brace depth), 's' = string literal.
    StringBuilder modes = new StringBuilder("c");
    List<Integer> depths = new ArrayList<>(List.of(0));
    int line = 1;
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
      // code
      if (ch == '#' || (ch == '/' && i + 1 < n && text.charAt(i + 1) == '/')) {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (ch == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (int k = i; k < end; k++) {
          if (text.charAt(k) == '\n') {
            line++;
          }
        }
        i = end;
        continue;
      }
      if (text.startsWith("<<", i) && i + 2 < n && (Character.isLetter(text.charAt(i + 2)) || text.charAt(i + 2) == '-')) {
        throw new IllegalStateException(file + ":" + line + ": heredocs are not supported by terraform-checks (hcl4j); use a quoted string or file()");
      }
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
