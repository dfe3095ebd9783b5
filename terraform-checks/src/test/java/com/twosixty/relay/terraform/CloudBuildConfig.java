package com.twosixty.relay.terraform;

import com.google.cloudbuild.v1.Build;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * A cloudbuild.yaml read the way Cloud Build reads it: YAML turned into JSON, then into
 * google-cloud-build's {@link Build} message with protobuf's JSON parser, which refuses a field the
 * message does not have. Cloud Build's YAML uses the message's JSON names (camelCase) and also takes the
 * proto names (snake_case); so does the parser.
 *
 * <p>protobuf-java's parser is lenient where Cloud Build is not: it takes {@code args: [1]} or
 * {@code timeout: 1200} (numbers where the message has a string or a Duration), which Cloud Build's
 * own unmarshalling refuses. So before the parser runs, every value is compared with the field's type
 * and a YAML number, boolean or null where a string belongs is a problem: quote it. Plain
 * {@code yes}/{@code no}/{@code on}/{@code off} count as booleans too (YAML 1.1 readers take them so).
 *
 * <p>Every problem names the file, the field's path ({@code steps[2] (id billing).waitfor}) and its line.
 */
record CloudBuildConfig(String label, Build build, JsonObject json, Map<String, Integer> lines, List<String> problems) {

  private static final Pattern STEP = Pattern.compile("^steps\\[(\\d+)]");
  private static final Pattern YAML11_BOOLEAN = Pattern.compile("(?i)y|n|yes|no|on|off|true|false");
  private static final Set<String> STRING_WELL_KNOWN = Set.of("google.protobuf.Duration", "google.protobuf.Timestamp",
      "google.protobuf.FieldMask");

  static CloudBuildConfig load(Path file, String label) {
    return parse(Repo.read(file), label);
  }

  static CloudBuildConfig parse(String text, String label) {
    Reader reader = new Reader(label);
    Optional<Node> root;
    try {
      root = new Compose(LoadSettings.builder().setSchema(new CoreSchema()).setLabel(label).build()).composeString(text);
    } catch (YamlEngineException e) {
      return new CloudBuildConfig(label, null, new JsonObject(), Map.of(), List.of(label + ": not YAML: " + e.getMessage()));
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode)) {
      return new CloudBuildConfig(label, null, new JsonObject(), Map.of(), List.of(label + ": not a YAML mapping"));
    }
    JsonObject json = reader.object((MappingNode) root.get(), "");
    reader.check(Build.getDescriptor(), json, "");
    Build build = null;
    try {
      Build.Builder builder = Build.newBuilder();
      JsonFormat.parser().merge(json.toString(), builder); // no ignoringUnknownFields(): an unknown field fails
      build = builder.build();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      if (reader.problems.isEmpty()) {
        reader.problems.add(label + ": Build message refuses it: " + e.getMessage());
      }
    }
    return new CloudBuildConfig(label, build, json, Map.copyOf(reader.lines), List.copyOf(reader.problems));
  }

  /** {@code label:LINE: path} for a JSON path such as {@code steps[2].env[0]}, with the step's id. */
  String where(String path) {
    return where(label, json, lines, path);
  }

  private static String where(String label, JsonObject json, Map<String, Integer> lines, String path) {
    Integer line = lines.get(path);
    String shown = path;
    var step = STEP.matcher(path);
    if (step.find() && json.get("steps") instanceof JsonArray steps) {
      int index = Integer.parseInt(step.group(1));
      if (index < steps.size() && steps.get(index) instanceof JsonObject s && s.get("id") instanceof JsonPrimitive id) {
        shown = "steps[" + index + "] (id " + id.getAsString() + ")" + path.substring(step.end());
      }
    }
    return label + ":" + (line == null ? "?" : line) + ": " + shown;
  }

  /** Every string value with its path (map keys are not values). */
  Map<String, String> strings() {
    Map<String, String> out = new LinkedHashMap<>();
    collect(json, "", out);
    return out;
  }

  private static void collect(JsonElement element, String path, Map<String, String> out) {
    if (element instanceof JsonObject object) {
      object.entrySet().forEach(e -> collect(e.getValue(), join(path, e.getKey()), out));
    } else if (element instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        collect(array.get(i), path + "[" + i + "]", out);
      }
    } else if (element instanceof JsonPrimitive p && p.isString()) {
      out.put(path, p.getAsString());
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Turns the YAML tree into JSON, remembering each path's line and its plain (unquoted) scalars. */
  private static final class Reader {
    final String label;
    final Map<String, Integer> lines = new LinkedHashMap<>();
    final Map<String, ScalarNode> scalars = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();
    JsonObject root;

    Reader(String label) {
      this.label = label;
    }

    void line(String path, Node node) {
      node.getStartMark().ifPresent(mark -> lines.put(path, mark.getLine() + 1));
    }

    JsonObject object(MappingNode node, String path) {
      JsonObject object = new JsonObject();
      if (path.isEmpty()) {
        root = object;
      }
      for (NodeTuple tuple : node.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          problems.add(label + ": a key at line " + tuple.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(-1)
              + " is not a plain string");
          continue;
        }
        String child = join(path, key.getValue());
        if (object.has(key.getValue())) {
          problems.add(where(child) + ": duplicate key");
        }
        line(child, key);
        object.add(key.getValue(), element(tuple.getValueNode(), child));
      }
      return object;
    }

    JsonElement element(Node node, String path) {
      if (node instanceof MappingNode mapping) {
        return object(mapping, path);
      }
      if (node instanceof SequenceNode sequence) {
        JsonArray array = new JsonArray();
        for (Node item : sequence.getValue()) {
          String child = path + "[" + array.size() + "]";
          line(child, item);
          array.add(element(item, child));
        }
        return array;
      }
      ScalarNode scalar = (ScalarNode) node;
      scalars.put(path, scalar);
      lines.putIfAbsent(path, scalar.getStartMark().map(m -> m.getLine() + 1).orElse(0));
      String value = scalar.getValue();
      Tag tag = scalar.getTag();
      if (Tag.NULL.equals(tag)) {
        return JsonNull.INSTANCE;
      }
      if (Tag.BOOL.equals(tag)) {
        return new JsonPrimitive(Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT)));
      }
      if (Tag.INT.equals(tag)) {
        try {
          return new JsonPrimitive(new BigInteger(value.replace("_", "")));
        } catch (NumberFormatException e) {
          return new JsonPrimitive(value); // 0x.. / 0o..: the type check below reports it where a string belongs
        }
      }
      if (Tag.FLOAT.equals(tag)) {
        try {
          return new JsonPrimitive(Double.parseDouble(value));
        } catch (NumberFormatException e) {
          return new JsonPrimitive(value);
        }
      }
      return new JsonPrimitive(value);
    }

    String where(String path) {
      return CloudBuildConfig.where(label, root == null ? new JsonObject() : root, lines, path);
    }

    /** Compares each value with the field of {@code type} it fills. */
    void check(Descriptor type, JsonObject object, String path) {
      for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
        String child = join(path, entry.getKey());
        FieldDescriptor field = find(type, entry.getKey());
        if (field == null) {
          problems.add(where(child) + ": unknown field '" + entry.getKey() + "': " + type.getName() + " has no such field"
              + suggestion(type, entry.getKey()));
          continue;
        }
        JsonElement value = entry.getValue();
        if (field.isMapField()) {
          if (!(value instanceof JsonObject map)) {
            problems.add(where(child) + ": must be a mapping (" + field.getJsonName() + ")");
            continue;
          }
          FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
          map.entrySet().forEach(e -> value(valueField, e.getValue(), join(child, e.getKey())));
        } else if (field.isRepeated()) {
          if (!(value instanceof JsonArray array)) {
            problems.add(where(child) + ": must be a list (" + field.getJsonName() + " is repeated)");
            continue;
          }
          for (int i = 0; i < array.size(); i++) {
            value(field, array.get(i), child + "[" + i + "]");
          }
        } else {
          value(field, value, child);
        }
      }
    }

    void value(FieldDescriptor field, JsonElement value, String path) {
      switch (field.getJavaType()) {
        case STRING, BYTE_STRING -> string(value, path, "a string", "quote it");
        case MESSAGE -> {
          if (STRING_WELL_KNOWN.contains(field.getMessageType().getFullName())) {
            string(value, path, "a " + field.getMessageType().getName() + " string such as 1200s",
                field.getMessageType().getName().equals("Duration") ? "write seconds with an s, e.g. 1200s" : "quote it");
          } else if (value instanceof JsonObject object) {
            check(field.getMessageType(), object, path);
          } else {
            problems.add(where(path) + ": must be a mapping (" + field.getMessageType().getName() + ")");
          }
        }
        case BOOLEAN -> {
          if (!(value instanceof JsonPrimitive p && p.isBoolean())) {
            problems.add(where(path) + ": must be true or false, not " + describe(value));
          }
        }
        case ENUM -> {
          List<String> names = field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList();
          if (!(value instanceof JsonPrimitive p && p.isString() && names.contains(p.getAsString()))) {
            problems.add(where(path) + ": " + describe(value) + " is not one of " + names);
          }
        }
        default -> {
          if (!(value instanceof JsonPrimitive p && (p.isNumber() || p.isString()))) {
            problems.add(where(path) + ": must be a number, not " + describe(value));
          }
        }
      }
    }

    void string(JsonElement value, String path, String what, String fix) {
      ScalarNode scalar = scalars.get(path);
      if (!(value instanceof JsonPrimitive p && p.isString())) {
        problems.add(where(path) + ": must be " + what + ", but YAML reads " + describe(value) + ": " + fix);
      } else if (scalar != null && scalar.getScalarStyle() == ScalarStyle.PLAIN && YAML11_BOOLEAN.matcher(p.getAsString()).matches()) {
        problems.add(where(path) + ": must be " + what + ", but YAML 1.1 readers take the unquoted '" + p.getAsString()
            + "' for a boolean: quote it");
      }
    }

    String describe(JsonElement value) {
      if (value == null || value.isJsonNull()) {
        return "nothing (null; write \"\" for an empty string)";
      }
      if (value instanceof JsonPrimitive p) {
        return p.isString() ? "'" + p.getAsString() + "'" : (p.isBoolean() ? "the boolean " : "the number ") + p;
      }
      return value.isJsonArray() ? "a list" : "a mapping";
    }
  }

  /** The field Cloud Build (and protobuf's JSON parser) would fill: by JSON name or by proto name. */
  static FieldDescriptor find(Descriptor type, String key) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(key) || field.getName().equals(key)) {
        return field;
      }
    }
    return null;
  }

  private static String suggestion(Descriptor type, String key) {
    String folded = key.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().toLowerCase(java.util.Locale.ROOT).equals(folded)) {
        return " (did you mean '" + field.getJsonName() + "'?)";
      }
    }
    return "";
  }
}
