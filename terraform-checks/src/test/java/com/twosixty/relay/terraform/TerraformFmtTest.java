package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** terraform fmt needs no providers and no network: run it where a terraform binary exists. */
class TerraformFmtTest {
  @Test
  void terraformIsFormatted() {
    assumeTrue(Commands.onPath("terraform"), "terraform is not installed");
    Commands.Result fmt = Commands.run(Repo.terraform(), Map.of("CHECKPOINT_DISABLE", "1"),
        List.of("terraform", "fmt", "-check", "-recursive", "-diff"));
    assertEquals(0, fmt.exitCode(), "terraform fmt -check -recursive found unformatted files:\n" + fmt.output());
  }
}
