import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A function's deployable JAR, written from its shaded JAR at {@code package} (single-file program,
 * run by the root pom's {@code deployable-jar} execution with the JDK that runs Maven):
 *
 * <pre>java functions/DeployableJar.java SHADED_JAR LOADED_CLASSES OUT_JAR</pre>
 *
 * Every class a cold start loads (listed in {@code functions/loaded-classes.txt}) and every resource
 * is stored, so the runtime reads it without inflating it (BENCHMARKS.md: the stored JAR's cold-start
 * gain); every other class is deflated: it is only read if a later request needs it, and then
 * inflated once. Nothing is left out, so a stale list costs only speed, never a class.
 *
 * <pre>java functions/DeployableJar.java --loaded CLASS_LOAD_LOG... &gt; functions/loaded-classes.txt</pre>
 *
 * turns the {@code -Xlog:class+load} logs of cold starts (README: Deployables) into that list: the
 * classes read from a {@code *-deployable.jar}, one entry name per line, sorted.
 */
public final class DeployableJar {
  private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+) source: \\S*-deployable\\.jar");

  public static void main(String[] args) throws IOException {
    if (args.length >= 1 && args[0].equals("--loaded")) {
      loaded(List.of(args).subList(1, args.length)).forEach(System.out::println);
    } else if (args.length == 3) {
      write(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
    } else {
      System.err.println("usage: java DeployableJar.java SHADED_JAR LOADED_CLASSES OUT_JAR"
          + " | java DeployableJar.java --loaded CLASS_LOAD_LOG...");
      System.exit(2);
    }
  }

  static Set<String> loaded(List<String> logs) throws IOException {
    Set<String> entries = new TreeSet<>();
    for (String log : logs) {
      for (String line : Files.readAllLines(Path.of(log))) {
        Matcher m = LOADED.matcher(line);
        if (m.find()) {
          entries.add(m.group(1).replace('.', '/') + ".class");
        }
      }
    }
    return entries;
  }

  static void write(Path shaded, Path loadedList, Path out) throws IOException {
    Set<String> stored = new HashSet<>(Files.readAllLines(loadedList));
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    long storedBytes = 0;
    long deflatedBytes = 0;
    try (ZipFile in = new ZipFile(shaded.toFile());
        ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry source = entries.nextElement();
        byte[] bytes;
        try (InputStream content = in.getInputStream(source)) {
          bytes = content.readAllBytes();
        }
        ZipEntry entry = new ZipEntry(source.getName());
        entry.setTime(source.getTime());
        boolean store = !source.getName().endsWith(".class") || stored.contains(source.getName());
        if (store) {
          CRC32 crc = new CRC32();
          crc.update(bytes);
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(bytes.length);
          entry.setCompressedSize(bytes.length);
          entry.setCrc(crc.getValue());
          storedBytes += bytes.length;
        } else {
          entry.setMethod(ZipEntry.DEFLATED);
          deflatedBytes += bytes.length;
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.printf("%s: %.1f MiB (stored %.1f MiB: the classes a cold start loads and the resources; deflated %.1f MiB of other classes)%n",
        out.getFileName(), Files.size(out) / 1048576.0, storedBytes / 1048576.0, deflatedBytes / 1048576.0);
  }

  private DeployableJar() {}
}
