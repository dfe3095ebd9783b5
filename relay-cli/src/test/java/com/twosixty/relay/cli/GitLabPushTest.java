package com.twosixty.relay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.twosixty.relay.local.LocalMonorepo;
import com.twosixty.relay.push.PushEvent;
import com.twosixty.relay.push.PushPayloads;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's pushes read as push-webhook reads GitLab's, naming the repository the stack's push-webhook builds. */
class GitLabPushTest {
  @Test
  void namesTheLocalMonorepoOrTheRepositoryItIsTold() {
    GitLabPush push = GitLabPush.touching(LocalMonorepo.layout(), "main", List.of("billing"), "");
    PushEvent local = PushPayloads.gitLab(push.json().getBytes(StandardCharsets.UTF_8), "u");
    assertEquals(LocalMonorepo.REPOSITORY, local.repository());
    assertEquals("main", local.branch().orElseThrow());
    assertEquals(List.of("billing/src/main/java/App.java"), local.commits().get(0).modified());

    PushEvent deployed = PushPayloads.gitLab(push.to("acme/platform/monorepo").json().getBytes(StandardCharsets.UTF_8), "u");
    assertEquals("acme/platform/monorepo", deployed.repository());
    assertEquals(local.after(), deployed.after());
  }
}
