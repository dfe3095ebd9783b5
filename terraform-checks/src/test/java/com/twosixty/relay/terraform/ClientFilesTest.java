package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.client.ClientDefinitionException;
import com.twosixty.relay.client.ClientDefinitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client files Terraform provisions from load with the loader client-deployer uses. */
class ClientFilesTest {
  @Test
  void everyClientFileLoads() throws IOException {
    Path clients = Repo.root().resolve("clients");
    List<ClientDefinition> loaded = ClientDefinitions.loadDirectory(clients);
    long files;
    try (var list = Files.list(clients)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).count();
    }
    assertTrue(files > 0);
    assertEquals(files, loaded.size(), "production's fileset(\"*.yaml\") would provision files the loader skips");
  }

  @Test
  void aBrokenClientFileFails(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("globex.yaml"),
        Files.readString(Repo.root().resolve("clients/essence.yaml")).replace("channel: both", "channel: nightly"));
    ClientDefinitionException e = assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.loadDirectory(dir));
    assertTrue(e.getMessage().contains("channel"), e.getMessage());
  }

  @Test
  void aClientFileNamedForAnotherIdFails(@TempDir Path dir) throws IOException {
    Files.copy(Repo.root().resolve("clients/essence.yaml"), dir.resolve("globex.yaml"));
    ClientDefinitionException e = assertThrows(ClientDefinitionException.class, () -> ClientDefinitions.loadDirectory(dir));
    assertTrue(e.getMessage().contains("named for 'globex'"), e.getMessage());
  }
}
