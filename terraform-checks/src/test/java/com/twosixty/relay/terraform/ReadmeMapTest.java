package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.config.RelayFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's map names what the code has: every package of shared/, every function's entry class, no link out. */
class ReadmeMapTest {
  static final String README = Repo.read(Repo.root().resolve("README.md"));

  static String map() {
    int start = README.indexOf("## Map");
    assertTrue(start >= 0, "README.md has no '## Map' section");
    return README.substring(start, README.indexOf("\n## ", start + 1));
  }

  @Test
  void listsEveryPackageOfShared() throws IOException {
    List<String> packages;
    try (Stream<Path> dirs = Files.list(Repo.root().resolve("shared/src/main/java/com/twosixty/relay"))) {
      packages = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> listed = Pattern.compile("(?m)^\\| `([a-z]+)` \\|").matcher(map()).results().map(m -> m.group(1)).sorted().toList();
    assertEquals(packages, listed, "README.md's package table against shared/src/main/java/com/twosixty/relay/");
  }

  @Test
  void namesEveryFunctionByItsEntryClass() {
    String map = map();
    for (RelayFunction function : RelayFunction.values()) {
      String entry = function.entryPoint();
      String shortName = entry.substring(entry.lastIndexOf('.', entry.lastIndexOf('.') - 1) + 1);
      assertTrue(map.contains(function.functionName() + " (`" + shortName + "`"),
          "the map names " + function.functionName() + " as `" + shortName + "`");
    }
  }

  @Test
  void linksStayInTheRepository() {
    Matcher links = Pattern.compile("\\]\\(([^)#]+)").matcher(README);
    while (links.find()) {
      String target = links.group(1);
      assertTrue(!target.contains("://") && Files.exists(Repo.root().resolve(target).normalize())
          && Repo.root().resolve(target).normalize().startsWith(Repo.root()), "README.md links to " + target);
    }
  }
}
