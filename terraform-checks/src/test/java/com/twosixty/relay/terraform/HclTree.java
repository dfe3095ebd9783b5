package com.twosixty.relay.terraform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one HCL reader of terraform-checks: the structure of a .tf file as written, blocks (with their
 * labels and line) and arguments (with the source text of their expression and line). It keeps apart
 * what an evaluating reader merges ({@code x = {...}} and {@code x {...}}, a {@code dynamic} block and
 * the block it generates), which the schema check needs. Expressions are kept as text, not evaluated;
 * {@link Hcl#values} turns a body into the maps the other checks read.
 */
final class HclTree {
  record Attribute(String name, String expression, int line) {}

  record Block(String type, List<String> labels, Body body, int line) {}

  record Body(List<Attribute> attributes, List<Block> blocks) {
    Attribute attribute(String name) {
      return attributes.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    List<Block> blocks(String type) {
      return blocks.stream().filter(b -> b.type().equals(type)).toList();
    }
  }

  private final String file;
  private final String text;
  private final int[] lineStarts;
  private int i;

  private HclTree(String file, String text) {
    this.file = file;
    this.text = text;
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int k = 0; k < text.length(); k++) {
      if (text.charAt(k) == '\n') {
        starts.add(k + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Parses a whole file; {@code file} names it in errors. */
  static Body parse(String file, String text) {
    HclTree parser = new HclTree(file, text);
    return parser.body(false);
  }

  private int line(int offset) {
    int at = Arrays.binarySearch(lineStarts, offset);
    return at >= 0 ? at + 1 : -at - 1;
  }

  private IllegalStateException error(String message) {
    return new IllegalStateException(file + ":" + line(i) + ": " + message);
  }

  private boolean at(String s) {
    return text.startsWith(s, i);
  }

  private char peek() {
    return i < text.length() ? text.charAt(i) : '\0';
  }

  private Body body(boolean nested) {
    List<Attribute> attributes = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    while (true) {
      skipSpace(true);
      if (i >= text.length()) {
        if (nested) {
          throw error("unexpected end of file: a block is not closed");
        }
        return new Body(attributes, blocks);
      }
      if (peek() == '}') {
        if (!nested) {
          throw error("'}' without a block to close");
        }
        i++;
        return new Body(attributes, blocks);
      }
      int start = i;
      String name = identifier();
      skipSpace(false);
      if (peek() == '=' && !at("==")) {
        i++;
        attributes.add(new Attribute(name, expression(), line(start)));
        continue;
      }
      List<String> labels = new ArrayList<>();
      while (peek() != '{') {
        if (peek() == '"') {
          int from = i;
          skipString();
          labels.add(text.substring(from + 1, i - 1));
        } else if (Character.isLetter(peek()) || peek() == '_') {
          labels.add(identifier());
        } else {
          throw error("expected '=', a label or '{' after '" + name + "'");
        }
        skipSpace(false);
      }
      i++;
      blocks.add(new Block(name, List.copyOf(labels), body(true), line(start)));
    }
  }

  private String identifier() {
    int start = i;
    if (!(Character.isLetter(peek()) || peek() == '_')) {
      throw error("expected a name, found '" + peek() + "'");
    }
    while (i < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
      i++;
    }
    return text.substring(start, i);
  }

  /** Skips blanks and comments; newlines too when {@code newlines}. */
  private void skipSpace(boolean newlines) {
    while (i < text.length()) {
      char c = peek();
      if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
        i++;
      } else if (c == '#' || at("//")) {
        while (i < text.length() && peek() != '\n') {
          i++;
        }
      } else if (at("/*")) {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
      } else {
        return;
      }
    }
  }

  /** An argument's expression, without its comments. */
  private String expression() {
    String raw = rawExpression();
    StringBuilder out = new StringBuilder(raw);
    HclTree inner = new HclTree(file, raw);
    while (inner.i < raw.length()) {
      char c = inner.peek();
      if (c == '"') {
        inner.skipString();
      } else if (c == '#' || inner.at("//") || inner.at("/*")) {
        int from = inner.i;
        inner.skipSpace(false);
        for (int k = from; k < inner.i; k++) {
          out.setCharAt(k, ' ');
        }
      } else {
        inner.i++;
      }
    }
    return out.toString().trim();
  }

  /** An argument's expression: up to the end of the line outside brackets, or a '}' closing the block. */
  private String rawExpression() {
    int start = i;
    int depth = 0;
    while (i < text.length()) {
      char c = peek();
      if (c == '"') {
        skipString();
        continue;
      }
      if (at("<<")) {
        throw error("heredocs are not supported by terraform-checks; use a quoted string or file()");
      }
      if (c == '#' || at("//")) {
        int from = i;
        while (i < text.length() && peek() != '\n') {
          i++;
        }
        if (depth == 0) {
          return text.substring(start, from).trim();
        }
        continue;
      }
      if (at("/*")) {
        int end = text.indexOf("*/", i + 2);
        i = end < 0 ? text.length() : end + 2;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) {
          if (c == '}') {
            return text.substring(start, i).trim(); // a one-line block: x { a = 1 }
          }
          throw error("unbalanced '" + c + "'");
        }
        depth--;
      } else if (c == '\n' && depth == 0) {
        String expression = text.substring(start, i).trim();
        i++;
        return expression;
      }
      i++;
    }
    return text.substring(start).trim();
  }

  /** From an opening quote to after its closing quote, across ${...} and %{...} templates. */
  private void skipString() {
    i++;
    while (i < text.length()) {
      char c = peek();
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        i++;
        return;
      } else if ((at("${") || at("%{")) && !(i > 0 && text.charAt(i - 1) == c)) {
        i += 2;
        int depth = 0;
        while (i < text.length()) {
          char d = peek();
          if (d == '"') {
            skipString();
            continue;
          }
          if (d == '{') {
            depth++;
          } else if (d == '}') {
            if (depth == 0) {
              break;
            }
            depth--;
          }
          i++;
        }
        i++;
      } else if (c == '\n') {
        throw error("string not closed on its line");
      } else {
        i++;
      }
    }
  }
}
