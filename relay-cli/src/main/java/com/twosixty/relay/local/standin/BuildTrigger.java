package com.twosixty.relay.local.standin;

import com.twosixty.relay.client.ClientDefinition;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A Cloud Build trigger the stand-in knows: the hub's monorepo trigger or a client's deploy trigger.
 * The id is derived from project and name, so it stays the same from one run to the next.
 */
public record BuildTrigger(String project, String name, String id, Kind kind, String repoName, String branch,
    String client) {

  public enum Kind { MONOREPO, DEPLOY }

  public static BuildTrigger monorepo(String project, String name, String repoName, String branch) {
    return new BuildTrigger(project, name, idOf(project, name), Kind.MONOREPO, repoName, branch, "");
  }

  public static BuildTrigger deploy(ClientDefinition client) {
    String repo = client.deploy().repo().replaceAll("/+$", "");
    String repoName = repo.substring(repo.lastIndexOf('/') + 1).replaceFirst("\\.git$", "");
    return new BuildTrigger(client.gcp().project(), client.deploy().trigger(),
        idOf(client.gcp().project(), client.deploy().trigger()), Kind.DEPLOY, repoName, "main", client.id());
  }

  /** A request may name the trigger by id or by name. */
  public boolean answersTo(String project, String nameOrId) {
    return this.project.equals(project) && (name.equals(nameOrId) || id.equals(nameOrId));
  }

  private static String idOf(String project, String name) {
    return UUID.nameUUIDFromBytes((project + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
