package com.twosixty.relay.terraform;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The google provider's schema: every resource and data source, their arguments and nested blocks,
 * which are required and which values an enumerated argument takes.
 *
 * <p>Read from the prebuilt CDKTF bindings of the provider ({@value #PACKAGE}@{@value #VERSION} is
 * generated from hashicorp/google {@value #PROVIDER_VERSION}): their jsii assembly ({@code
 * package/.jsii}, a 98 MB JSON file) has one "Config" interface per resource and data source and one
 * struct per nested block. The package is fetched once with {@code npm pack} into {@code target/},
 * checked against the integrity npm publishes for it, and streamed from the tarball: nothing is
 * unpacked, and only the interfaces' properties are kept.
 *
 * <p>How the assembly maps to Terraform's schema (worked out from the file):
 * <ul>
 *   <li>a class whose summary is "Represents a {&#64;link .../docs/resources/X google_X}" is resource
 *       {@code google_X} ("data-sources" for a data source); its initializer's {@code config}
 *       parameter names its Config interface;</li>
 *   <li>a property is required unless it has {@code optional: true};</li>
 *   <li>a property whose type is a struct ({@code datatype} interface) is a block that appears at
 *       most once; one whose type is an array of structs (usually in a union with {@code
 *       cdktf.IResolvable}) is a repeatable block; everything else (primitives, arrays and maps of
 *       primitives) is an argument;</li>
 *   <li>the Terraform name is the anchor of the property's registry link ({@code ...#repo_type}),
 *       where that anchor is the property's name in snake case: CDKTF renames names that collide
 *       with its own ({@code build} becomes {@code buildAttribute}) and the docs' anchors are
 *       occasionally wrong ({@code fetchhDetails} links to {@code #geth_details});</li>
 *   <li>{@code Possible values: ["A", "B"]} in a property's docs is the provider's enum validation;</li>
 *   <li>Config interfaces extend {@code cdktf.TerraformMetaArguments}, whose properties are not in this
 *       assembly: Terraform's meta-arguments are therefore not in the schema and are accepted by
 *       {@link ProviderSchemaCheck} itself.</li>
 * </ul>
 */
public final class ProviderSchema {
  static final String PACKAGE = "@cdktf/provider-google";
  static final String VERSION = "16.12.1";
  static final String PROVIDER_VERSION = "6.50.0";
  /** The tarball's integrity as the npm registry publishes it (npm view ... dist.integrity). */
  static final String INTEGRITY =
      "sha512-KqNA/5RiFT07r0PSZ6/07cJ2zESUgbj1JchVj21iBFBZVUbD+578xA/k8eq/r0cbyEgLmg9eYWeVslaYah4DCQ==";
  static final String TARBALL = "cdktf-provider-google-" + VERSION + ".tgz";

  /**
   * A provider whose schema is read from its prebuilt CDKTF bindings: the prefix of its resource
   * types, its registry source, the npm package (and the provider version it was generated from,
   * {@code cdktf.provider.version} in the package's metadata) and the integrity npm publishes for it;
   * the counts are a floor below which the assembly was not read as expected.
   */
  public record Provider(String prefix, String source, String npmPackage, String packageVersion, String providerVersion,
      String integrity, int minResources, int minDataSources) {
    String tarball() {
      return npmPackage.replace("@", "").replace("/", "-") + "-" + packageVersion + ".tgz";
    }

    /** The provider's local name, as in {@code provider "google"}: the prefix without its underscore. */
    public String localName() {
      return prefix.substring(0, prefix.length() - 1);
    }

    @Override
    public String toString() {
      return source + " " + providerVersion;
    }
  }

  public static final Provider GOOGLE = new Provider("google_", "hashicorp/google", PACKAGE, VERSION, PROVIDER_VERSION, INTEGRITY, 1000, 100);
  /** integrations/github, which creates the clients' deployment repositories (modules/github-deploy-repo). */
  public static final Provider GITHUB = new Provider("github_", "integrations/github", "@cdktf/provider-github", "15.3.1", "6.9.0",
      "sha512-DyuOasNok4PzA7wAMAjiTqn3Wbnoen0/+UWgRAJv4eEDgXdkIqVYff7Q5rPoMe2oquy5g1iJ+TaathvPSAE92g==", 50, 40);
  /** gitlabhq/gitlab, which creates the clients' deployment repositories on GitLab (modules/gitlab-deploy-repo). */
  public static final Provider GITLAB = new Provider("gitlab_", "gitlabhq/gitlab", "@cdktf/provider-gitlab", "15.6.2", "18.6.1",
      "sha512-mVRiNrdfTOizcCVllma1oF5E0Shz0bpFZiLd1E1xuUnwxNwrcSjY2AoVRz0Kwj7DFfdyF/Lk/ylAFVavUV1thA==", 100, 50);
  /** Every provider the Terraform here uses; a resource of any other is reported, not skipped. */
  public static final List<Provider> PROVIDERS = List.of(GOOGLE, GITHUB, GITLAB);

  /** One argument or nested block of a resource, data source or block. */
  public record Field(String name, boolean required, boolean block, boolean repeated, Block nested, List<String> values) {
    public boolean isEnum() {
      return !values.isEmpty();
    }
  }

  /** A resource's, data source's or nested block's fields by Terraform name. */
  public record Block(String fqn, Map<String, Field> fields) {}

  private final Provider provider;
  private final Map<String, Block> resources;
  private final Map<String, Block> dataSources;
  private final Block configuration;

  private ProviderSchema(Provider provider, Map<String, Block> resources, Map<String, Block> dataSources, Block configuration) {
    this.provider = provider;
    this.resources = resources;
    this.dataSources = dataSources;
    this.configuration = configuration;
  }

  public Provider provider() {
    return provider;
  }

  /** The arguments of the provider's own block ({@code provider "github" { owner = ... }}), or null when not found. */
  public Block configuration() {
    return configuration;
  }

  /** The schema of resource {@code type} ({@code google_x}), or null when the provider has none. */
  public Block resource(String type) {
    return resources.get(type);
  }

  /** The schema of data source {@code type}, or null when the provider has none. */
  public Block dataSource(String type) {
    return dataSources.get(type);
  }

  public int resourceCount() {
    return resources.size();
  }

  public int dataSourceCount() {
    return dataSources.size();
  }

  private static final Map<Provider, ProviderSchema> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

  /** The google provider's schema, read once per JVM. */
  public static ProviderSchema get() {
    return of(GOOGLE);
  }

  /** A provider's schema, read once per JVM. */
  public static ProviderSchema of(Provider provider) {
    return CACHE.computeIfAbsent(provider, p -> read(p, tarball(p)));
  }

  /** The schemas of every provider in {@link #PROVIDERS}. */
  public static List<ProviderSchema> all() {
    return PROVIDERS.stream().map(ProviderSchema::of).toList();
  }

  // ------------------------------------------------------------------------------------------
  // Getting the package
  // ------------------------------------------------------------------------------------------

  /** The package tarball under terraform-checks/target/, fetched with npm pack when missing or corrupt. */
  static Path tarball(Provider provider) {
    Path dir = Repo.root().resolve("terraform-checks/target/provider-schema");
    Path file = dir.resolve(provider.tarball());
    String pkg = provider.npmPackage() + "@" + provider.packageVersion();
    if (Files.isRegularFile(file) && provider.integrity().equals(integrity(file))) {
      return file;
    }
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Commands.onPath("npm")) {
      throw new IllegalStateException("npm is needed to fetch " + pkg + " (the " + provider + " schema) into " + dir
          + "; install it (Debian package npm) or put " + provider.tarball() + " there");
    }
    Commands.Result pack = Commands.run(dir, Map.of("npm_config_update_notifier", "false", "npm_config_fund", "false"),
        List.of("npm", "pack", pkg, "--pack-destination", dir.toString(), "--silent"));
    if (pack.exitCode() != 0 || !Files.isRegularFile(file)) {
      throw new IllegalStateException("npm pack " + pkg + " failed (exit " + pack.exitCode() + "):\n" + pack.output());
    }
    String got = integrity(file);
    if (!provider.integrity().equals(got)) {
      throw new IllegalStateException(file + " has integrity " + got + ", expected " + provider.integrity());
    }
    return file;
  }

  static String integrity(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-512");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return "sha512-" + Base64.getEncoder().encodeToString(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Reading the assembly
  // ------------------------------------------------------------------------------------------

  private static final Pattern REPRESENTS =
      Pattern.compile("docs/(resources|data-sources)/[a-z0-9_]+ ([a-z][a-z0-9]*_[a-z0-9_]+)\\}");
  /** The provider class: "Represents a {&#64;link https://registry.terraform.io/providers/integrations/github/6.9.0/docs github}". */
  private static final Pattern REPRESENTS_PROVIDER = Pattern.compile("/docs ([a-z][a-z0-9]*)\\}");
  private static final Pattern ANCHOR = Pattern.compile("docs/(?:resources|data-sources)/[a-z0-9_]+#([a-z0-9_]+)");
  private static final Pattern POSSIBLE_VALUES = Pattern.compile("Possible values: \\[([^\\]]*)\\]");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  /** A property as read, before struct references are resolved. */
  private record RawField(String name, boolean required, String struct, boolean repeated, List<String> values) {}

  static ProviderSchema read(Provider provider, Path tarball) {
    Map<String, List<RawField>> structs = new HashMap<>();
    Map<String, String> resourceConfigs = new HashMap<>();
    Map<String, String> dataConfigs = new HashMap<>();
    Map<String, String> providerConfig = new HashMap<>();
    try (InputStream in = jsiiEntry(tarball);
        JsonReader json = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      json.beginObject();
      while (json.hasNext()) {
        if (!json.nextName().equals("types")) {
          json.skipValue();
          continue;
        }
        json.beginObject();
        while (json.hasNext()) {
          json.nextName();
          JsonObject type = JsonParser.parseReader(json).getAsJsonObject();
          String kind = string(type, "kind");
          if ("interface".equals(kind) && type.has("datatype") && type.get("datatype").getAsBoolean()) {
            structs.put(string(type, "fqn"), fields(type));
          } else if ("class".equals(kind)) {
            classEntry(provider, type, resourceConfigs, dataConfigs, providerConfig);
          }
        }
        json.endObject();
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(tarball + ": " + e.getMessage(), e);
    }
    Map<String, Block> built = new HashMap<>();
    Map<String, Block> resources = new LinkedHashMap<>();
    resourceConfigs.forEach((type, fqn) -> resources.put(type, block(fqn, structs, built)));
    Map<String, Block> dataSources = new LinkedHashMap<>();
    dataConfigs.forEach((type, fqn) -> dataSources.put(type, block(fqn, structs, built)));
    if (resources.size() < provider.minResources() || dataSources.size() < provider.minDataSources()) {
      throw new IllegalStateException(tarball + ": found only " + resources.size() + " resources and "
          + dataSources.size() + " data sources; the assembly's layout is not what ProviderSchema expects");
    }
    String configFqn = providerConfig.get(provider.localName());
    return new ProviderSchema(provider, resources, dataSources, configFqn == null ? null : block(configFqn, structs, built));
  }

  private static Block block(String fqn, Map<String, List<RawField>> structs, Map<String, Block> built) {
    Block done = built.get(fqn);
    if (done != null) {
      return done;
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    Block block = new Block(fqn, fields);
    built.put(fqn, block); // before the nested ones: a struct may (indirectly) contain itself
    for (RawField raw : structs.getOrDefault(fqn, List.of())) {
      boolean isBlock = raw.struct() != null && structs.containsKey(raw.struct());
      Block nested = isBlock ? block(raw.struct(), structs, built) : null;
      fields.put(raw.name(), new Field(raw.name(), raw.required(), isBlock, isBlock && raw.repeated(), nested, raw.values()));
    }
    return block;
  }

  private static void classEntry(Provider provider, JsonObject type, Map<String, String> resources, Map<String, String> dataSources,
      Map<String, String> providerConfig) {
    JsonObject docs = type.getAsJsonObject("docs");
    if (docs == null || !type.has("initializer")) {
      return;
    }
    Matcher m = REPRESENTS.matcher(string(docs, "summary"));
    if (!m.find() || !m.group(2).startsWith(provider.prefix())) {
      Matcher p = REPRESENTS_PROVIDER.matcher(string(docs, "summary"));
      if (p.find() && p.group(1).equals(provider.localName())) {
        String config = configParameter(type.getAsJsonObject("initializer"));
        if (config != null) {
          providerConfig.put(p.group(1), config);
        }
      }
      return;
    }
    JsonObject initializer = type.getAsJsonObject("initializer");
    if (!initializer.has("parameters")) {
      return;
    }
    for (JsonElement p : initializer.getAsJsonArray("parameters")) {
      JsonObject parameter = p.getAsJsonObject();
      if ("config".equals(string(parameter, "name")) && parameter.getAsJsonObject("type").has("fqn")) {
        String config = parameter.getAsJsonObject("type").get("fqn").getAsString();
        (m.group(1).equals("resources") ? resources : dataSources).put(m.group(2), config);
      }
    }
  }

  private static String configParameter(JsonObject initializer) {
    if (!initializer.has("parameters")) {
      return null;
    }
    for (JsonElement p : initializer.getAsJsonArray("parameters")) {
      JsonObject parameter = p.getAsJsonObject();
      if ("config".equals(string(parameter, "name")) && parameter.getAsJsonObject("type").has("fqn")) {
        return parameter.getAsJsonObject("type").get("fqn").getAsString();
      }
    }
    return null;
  }

  private static List<RawField> fields(JsonObject type) {
    List<RawField> fields = new ArrayList<>();
    if (!type.has("properties")) {
      return fields;
    }
    for (JsonElement p : type.getAsJsonArray("properties")) {
      JsonObject property = p.getAsJsonObject();
      String name = string(property, "name");
      JsonObject docs = property.has("docs") ? property.getAsJsonObject("docs") : new JsonObject();
      String text = string(docs, "summary") + " " + string(docs, "remarks");
      boolean required = !(property.has("optional") && property.get("optional").getAsBoolean());
      String struct = null;
      boolean repeated = false;
      JsonObject t = property.getAsJsonObject("type");
      if (t.has("union")) {
        for (JsonElement member : t.getAsJsonObject("union").getAsJsonArray("types")) {
          JsonObject candidate = member.getAsJsonObject();
          if (!(candidate.has("fqn") && candidate.get("fqn").getAsString().startsWith("cdktf."))) {
            t = candidate;
          }
        }
      }
      if (t.has("fqn")) {
        struct = t.get("fqn").getAsString();
      } else if (t.has("collection")) {
        JsonObject collection = t.getAsJsonObject("collection");
        JsonObject element = collection.getAsJsonObject("elementtype");
        if ("array".equals(string(collection, "kind")) && element.has("fqn")) {
          struct = element.get("fqn").getAsString();
          repeated = true;
        }
      }
      fields.add(new RawField(terraformName(name, text), required, struct, repeated, possibleValues(text)));
    }
    return fields;
  }

  /** The property's Terraform name: its docs anchor when that is its name in snake case. */
  static String terraformName(String property, String docs) {
    String base = property.endsWith("Attribute") ? property.substring(0, property.length() - "Attribute".length()) : property;
    Matcher anchor = ANCHOR.matcher(docs);
    if (anchor.find() && anchor.group(1).replace("_", "").equalsIgnoreCase(base)) {
      return anchor.group(1);
    }
    return base.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  static List<String> possibleValues(String docs) {
    Matcher m = POSSIBLE_VALUES.matcher(docs);
    if (!m.find()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    Matcher q = QUOTED.matcher(m.group(1));
    while (q.find()) {
      values.add(q.group(1));
    }
    return List.copyOf(values);
  }

  private static String string(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }

  // ------------------------------------------------------------------------------------------
  // The tarball: gzip, then tar (ustar, as npm writes it); the .jsii is streamed, not unpacked.
  // ------------------------------------------------------------------------------------------

  private static InputStream jsiiEntry(Path tarball) throws IOException {
    InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tarball), 1 << 16), 1 << 16);
    byte[] header = new byte[512];
    String longName = null;
    while (true) {
      if (in.readNBytes(header, 0, 512) < 512 || header[0] == 0) {
        in.close();
        throw new IOException("no package/.jsii in " + tarball);
      }
      String name = longName != null ? longName : tarString(header, 0, 100);
      String prefix = tarString(header, 345, 155);
      if (longName == null && !prefix.isEmpty()) {
        name = prefix + "/" + name;
      }
      longName = null;
      long size = Long.parseLong(tarString(header, 124, 12).trim(), 8);
      char typeFlag = (char) header[156];
      long padded = (size + 511) / 512 * 512;
      if (typeFlag == 'x' || typeFlag == 'L') {
        byte[] extended = in.readNBytes((int) padded);
        if (typeFlag == 'L') {
          longName = new String(extended, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
        } else {
          longName = paxPath(new String(extended, 0, (int) size, StandardCharsets.UTF_8));
        }
        continue;
      }
      if ((typeFlag == '0' || typeFlag == 0) && name.equals("package/.jsii")) {
        return new BoundedInputStream(in, size);
      }
      in.skipNBytes(padded);
    }
  }

  private static String paxPath(String records) {
    for (String line : records.split("\n")) {
      int at = line.indexOf(" path=");
      if (at >= 0) {
        return line.substring(at + " path=".length());
      }
    }
    return null;
  }

  private static String tarString(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** The first {@code limit} bytes of a stream; closing it closes the stream. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** For error messages: the names of a block's fields. */
  static String names(Block block) {
    return String.join(", ", block.fields().keySet());
  }
}
