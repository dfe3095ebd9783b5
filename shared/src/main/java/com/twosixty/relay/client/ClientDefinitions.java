package com.twosixty.relay.client;

import com.twosixty.relay.client.ClientDefinition.Approval;
import com.twosixty.relay.client.ClientDefinition.ChannelPolicy;
import com.twosixty.relay.client.ClientDefinition.FreezeWindow;
import com.twosixty.relay.contract.ImagePolicy;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The one loader of client definitions, for {@code clients/<id>.yaml} files and for the JSON that
 * Terraform puts in {@code RELAY_CLIENT} (JSON is YAML, so one parser reads both). Errors name the
 * source and the field.
 */
public final class ClientDefinitions {
  private static final Pattern ID = Pattern.compile("^[a-z][a-z0-9-]{1,28}[a-z0-9]$");
  /** The client of the hub's own {@code relay.deployment/v1} events (RolloutCoordinator.HUB): no client may be called so. */
  public static final String RESERVED_ID = "hub";
  private static final Pattern PRINCIPAL = Pattern.compile(
      "^(domain:[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");

  private ClientDefinitions() {}

  public static ClientDefinition loadFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ClientDefinitionException(file + ": cannot read: " + e.getMessage());
    }
    ClientDefinition definition = parse(file.toString(), text);
    String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    if (!definition.id().equals(expected)) {
      throw new ClientDefinitionException(file + ": field 'id': is '" + definition.id()
          + "' but the file is named for '" + expected + "'");
    }
    return definition;
  }

  /**
   * The file's content as JSON, as Terraform hands it to a function in RELAY_CLIENT
   * ({@code jsonencode(yamldecode(file))}); the file is validated first.
   */
  public static String toJson(Path file) {
    loadFile(file);
    try {
      Object tree = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
      return new com.google.gson.Gson().toJson(tree);
    } catch (IOException e) {
      throw new ClientDefinitionException(file + ": cannot read: " + e.getMessage());
    }
  }

  /** Every {@code *.yaml} in a folder, sorted by id. */
  public static List<ClientDefinition> loadDirectory(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$"))
          .sorted()
          .map(ClientDefinitions::loadFile)
          .toList();
    } catch (IOException e) {
      throw new ClientDefinitionException(directory + ": cannot list client files: " + e.getMessage());
    }
  }

  /** Parses YAML or JSON; {@code source} names where it came from in error messages. */
  public static ClientDefinition parse(String source, String text) {
    return definition(source, tree(source, text));
  }

  /**
   * The tree of a definition's text. Strict JSON (what Terraform hands a function) is read by Gson's
   * reader, which every function has loaded already: the YAML parser's ~120 classes would cost a cold
   * start about 40-70 ms of CPU (BENCHMARKS.md). Anything else, a client file or JSON with a mistake,
   * goes to the YAML parser, whose tree is the same for JSON and which names the mistake.
   */
  private static Object tree(String source, String text) {
    Optional<Object> json = strictJson(text);
    if (json.isPresent()) {
      return json.get();
    }
    try {
      return new Load(LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new ClientDefinitionException(source + ": not valid YAML/JSON: " + e.getMessage());
    }
  }

  /** Strict JSON as the YAML parser reads it (ordered maps, lists, strings, booleans, whole numbers as Integer or Long, null); empty if not strict JSON or a key repeats. */
  private static Optional<Object> strictJson(String text) {
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      Object tree = jsonValue(reader);
      return reader.peek() == JsonToken.END_DOCUMENT ? Optional.ofNullable(tree) : Optional.empty();
    } catch (IOException | IllegalStateException | NumberFormatException notStrictJson) {
      return Optional.empty();
    }
  }

  private static Object jsonValue(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String key = reader.nextName();
          if (object.containsKey(key)) {
            throw new IOException("key '" + key + "' appears twice");
          }
          object.put(key, jsonValue(reader));
        }
        reader.endObject();
        return object;
      }
      case BEGIN_ARRAY -> {
        List<Object> array = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          array.add(jsonValue(reader));
        }
        reader.endArray();
        return array;
      }
      case STRING -> {
        return reader.nextString();
      }
      case NUMBER -> {
        String number = reader.nextString();
        if (!number.matches("-?\\d+")) {
          return Double.parseDouble(number);
        }
        long whole = Long.parseLong(number);
        return whole == (int) whole ? (Object) (int) whole : (Object) whole;
      }
      case BOOLEAN -> {
        return reader.nextBoolean();
      }
      case NULL -> {
        reader.nextNull();
        return null;
      }
      default -> throw new IOException("unexpected " + reader.peek());
    }
  }

  private static ClientDefinition definition(String source, Object tree) {
    Node root = new Node(source, "", tree);
    Node gcp = root.object("gcp");
    Node cluster = root.object("cluster");
    Node deploy = root.object("deploy");
    String id = root.matching("id", ID, "must be 3-30 lowercase letters, digits or '-', starting with a letter");
    if (RESERVED_ID.equals(id)) {
      // The hub announces an operator's halt on deployments as client "hub": a client of that name would be mistaken for it.
      throw root.error("id", "'" + RESERVED_ID + "' is reserved: the hub's own events (an operator's halt) carry it as their client");
    }
    return new ClientDefinition(
        id,
        root.optionalString("displayName", id),
        new ClientDefinition.Gcp(gcp.nonEmpty("project"), gcp.nonEmpty("region")),
        new ClientDefinition.Cluster(cluster.nonEmpty("name"), cluster.nonEmpty("location"),
            cluster.optionalBoolean("autopilot", true)),
        new ClientDefinition.Deploy(deploy.nonEmpty("repo"), deploy.nonEmpty("trigger")),
        root.optionalList("services").stream().map(n -> n.asName()).toList(),
        root.optionalEnum("channel", ChannelPolicy.class, ChannelPolicy.BOTH),
        root.optionalEnum("approval", Approval.class, Approval.AUTOMATIC),
        root.optionalList("freeze").stream().map(ClientDefinitions::freezeWindow).toList(),
        pins(root),
        root.optionalBoolean("autoRollback", false),
        images(root),
        principals(root, "approvers"),
        principals(root, "operators"),
        root.optionalWave());
  }

  /**
   * Every client definition, as Terraform hands them to the hub's functions in RELAY_CLIENTS: one JSON
   * array, gzip-compressed and Base64-encoded (its {@code base64gzip}, {@link #encodeAll}), so that a
   * hub of many clients fits in the 32 KiB Cloud Run allows all of a function's variables together;
   * a plain JSON array is read as it is. Ids must be unique.
   */
  public static List<ClientDefinition> parseAll(String source, String setting) {
    String stripped = setting.strip();
    String jsonArray = stripped.startsWith("[") || stripped.startsWith("{") ? setting : gunzipBase64(source, stripped);
    Object tree = strictJson(jsonArray)
        .orElseThrow(() -> new ClientDefinitionException(source + ": not valid JSON (strict, each key once)"));
    if (!(tree instanceof List<?> definitions)) {
      throw new ClientDefinitionException(source + ": must be a JSON array of client definitions");
    }
    List<ClientDefinition> clients = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < definitions.size(); i++) {
      ClientDefinition client = definition(source + "[" + i + "]", definitions.get(i));
      if (!ids.add(client.id())) {
        throw new ClientDefinitionException(source + "[" + i + "]: client '" + client.id() + "' appears twice");
      }
      clients.add(client);
    }
    return clients;
  }

  /** A JSON array of client definitions as RELAY_CLIENTS carries it: what Terraform's {@code base64gzip} writes. */
  public static String encodeAll(String jsonArray) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(jsonArray.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** More than any client list decompresses to (a hundred files of this repository's size are 60 KiB). */
  private static final int MAX_DECOMPRESSED_BYTES = 16 << 20;

  private static String gunzipBase64(String source, String encoded) {
    try (GZIPInputStream gzip = new GZIPInputStream(
        new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      byte[] json = gzip.readNBytes(MAX_DECOMPRESSED_BYTES + 1);
      if (json.length > MAX_DECOMPRESSED_BYTES) {
        throw new ClientDefinitionException(source + ": decompresses to more than " + (MAX_DECOMPRESSED_BYTES >> 20) + " MiB");
      }
      return new String(json, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | IOException e) {
      throw new ClientDefinitionException(source + ": neither a JSON array nor one gzip-compressed and Base64-encoded"
          + " (Terraform's base64gzip): " + e.getMessage());
    }
  }

  /** {@code approvers:} / {@code operators:}: email addresses or {@code domain:example.com}, kept lower case. */
  private static List<String> principals(Node root, String field) {
    List<String> principals = new ArrayList<>();
    for (Node entry : root.optionalList(field)) {
      if (!(entry.value instanceof String s) || !PRINCIPAL.matcher(s.trim()).matches()) {
        throw entry.error("must be an email address or domain:example.com, got '" + entry.value + "'");
      }
      principals.add(s.trim().toLowerCase(Locale.ROOT));
    }
    return principals;
  }

  /** {@code images: {allow: [prefix, …]}}: optional; each prefix is checked as the deployer will match it. */
  private static ClientDefinition.Images images(Node root) {
    Node images = root.optionalObject("images");
    if (images == null) {
      return ClientDefinition.Images.NONE;
    }
    List<String> allow = new ArrayList<>();
    for (Node entry : images.optionalList("allow")) {
      if (!(entry.value instanceof String s)) {
        throw entry.error("must be an image repository prefix such as europe-docker.pkg.dev/acme-tools/sidecars/");
      }
      try {
        allow.add(ImagePolicy.prefix(s.trim()));
      } catch (IllegalArgumentException e) {
        throw entry.error(e.getMessage());
      }
    }
    return new ClientDefinition.Images(allow);
  }

  private static FreezeWindow freezeWindow(Node window) {
    String day = window.nonEmpty("day");
    DayOfWeek dayOfWeek;
    try {
      dayOfWeek = DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw window.error("day", "must be a day of the week such as FRIDAY, got '" + day + "'");
    }
    String start = window.nonEmpty("start");
    LocalTime startTime;
    try {
      startTime = LocalTime.parse(start);
    } catch (DateTimeException e) {
      throw window.error("start", "must be a time of day such as \"16:00\", got '" + start + "'");
    }
    String duration = window.nonEmpty("duration");
    Duration length;
    try {
      length = Duration.parse(duration);
    } catch (DateTimeException e) {
      throw window.error("duration", "must be an ISO-8601 duration such as PT64H, got '" + duration + "'");
    }
    if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(7)) > 0) {
      throw window.error("duration", "must be longer than zero and at most one week");
    }
    String zone = window.nonEmpty("timeZone");
    ZoneId timeZone;
    try {
      timeZone = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw window.error("timeZone", "must be a time zone such as Europe/London, got '" + zone + "'");
    }
    return new FreezeWindow(dayOfWeek, startTime, length, timeZone);
  }

  private static Map<String, String> pins(Node root) {
    Map<String, String> pins = new LinkedHashMap<>();
    Node node = root.optionalObject("pins");
    if (node != null) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) node.value).entrySet()) {
        String service = String.valueOf(entry.getKey());
        Node release = node.child(service, entry.getValue());
        if (!NAME.matcher(service).matches()) {
          throw root.error("pins." + service, "is not a service name");
        }
        pins.put(service, release.asName());
      }
    }
    return pins;
  }

  /** A position in the parsed tree that knows its path for error messages. */
  private record Node(String source, String path, Object value) {
    ClientDefinitionException error(String field, String problem) {
      String at = path.isEmpty() ? field : path + "." + field;
      return new ClientDefinitionException(source + ": field '" + at + "': " + problem);
    }

    private ClientDefinitionException error(String problem) {
      return new ClientDefinitionException(source + ": " + (path.isEmpty() ? "" : "field '" + path + "': ") + problem);
    }

    Node child(String field, Object childValue) {
      return new Node(source, path.isEmpty() ? field : path + "." + field, childValue);
    }

    private Map<?, ?> map() {
      if (!(value instanceof Map<?, ?> map)) {
        throw error("must be a mapping of fields");
      }
      return map;
    }

    private Object get(String field) {
      return map().get(field);
    }

    Node object(String field) {
      Object v = get(field);
      if (v == null) {
        throw error(field, "required field is missing");
      }
      Node child = child(field, v);
      child.map();
      return child;
    }

    Node optionalObject(String field) {
      Object v = get(field);
      if (v == null) {
        return null;
      }
      Node child = child(field, v);
      child.map();
      return child;
    }

    String nonEmpty(String field) {
      Object v = get(field);
      if (v == null) {
        throw error(field, "required field is missing");
      }
      if (!(v instanceof String s) || s.isBlank()) {
        throw error(field, "must be a non-empty string");
      }
      return s.trim();
    }

    String matching(String field, Pattern pattern, String rule) {
      String v = nonEmpty(field);
      if (!pattern.matcher(v).matches()) {
        throw error(field, rule + ", got '" + v + "'");
      }
      return v;
    }

    String optionalString(String field, String fallback) {
      Object v = get(field);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof String s)) {
        throw error(field, "must be a string");
      }
      return s;
    }

    boolean optionalBoolean(String field, boolean fallback) {
      Object v = get(field);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Boolean b)) {
        throw error(field, "must be true or false");
      }
      return b;
    }

    /** {@code wave:} a whole number from 1 to {@link ClientDefinition#MAX_WAVE}; 0 when absent (or null, as Terraform's jsonencode writes it). */
    int optionalWave() {
      Object v = get("wave");
      if (v == null) {
        return 0;
      }
      if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
          && n.doubleValue() <= ClientDefinition.MAX_WAVE) {
        return n.intValue();
      }
      throw error("wave", "must be a whole number from 1 to " + ClientDefinition.MAX_WAVE + ", got '" + v + "'");
    }

    <E extends Enum<E>> E optionalEnum(String field, Class<E> type, E fallback) {
      Object v = get(field);
      if (v == null) {
        return fallback;
      }
      List<String> allowed = java.util.Arrays.stream(type.getEnumConstants())
          .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
      if (!(v instanceof String s) || !allowed.contains(s)) {
        throw error(field, "must be one of " + allowed + ", got '" + v + "'");
      }
      return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    }

    List<Node> optionalList(String field) {
      Object v = get(field);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> list)) {
        throw error(field, "must be a list");
      }
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        nodes.add(child(field + "[" + i + "]", list.get(i)));
      }
      return nodes;
    }

    String asName() {
      if (!(value instanceof String s) || !NAME.matcher(s).matches()) {
        throw error("must be a name of letters, digits, '.', '_' or '-', got '" + value + "'");
      }
      return s;
    }
  }
}
