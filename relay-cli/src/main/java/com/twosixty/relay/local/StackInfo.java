package com.twosixty.relay.local;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A running local stack as other tools see it: the line {@code relay up --json} prints and the
 * state file ({@code .relay/stack.json}) the other commands read.
 *
 * @param topics short name → full resource name; {@code cloud-builds} is the hub's, {@code cloud-builds/<client>} a client's
 * @param urls {@code pushWebhook}, {@code releaseStatus}, {@code dashboard}, {@code control} (faults, clusters, build logs)
 * @param functions function deployment name → URL
 * @param pids every child process the stack started, by name
 */
public record StackInfo(
    String pubsubEmulatorHost,
    String firestoreEmulatorHost,
    String hubProject,
    Map<String, String> clientProjects,
    Map<String, String> topics,
    Map<String, String> urls,
    String webhookSecret,
    Map<String, String> functions,
    Map<String, Long> pids,
    String cloudBuildEndpoint,
    String containerEndpoint,
    String logs,
    long stackPid) {

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  public String url(String name) {
    return urls.getOrDefault(name, "");
  }

  public String toJson() {
    return GSON.toJson(this);
  }

  public static StackInfo fromJson(String json) {
    return GSON.fromJson(json, StackInfo.class);
  }

  public void writeTo(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.writeString(partial, toJson() + "\n", StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The stack described by the state file, if its process still runs. */
  public static java.util.Optional<StackInfo> readRunning(Path file) {
    if (!Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    try {
      StackInfo info = fromJson(Files.readString(file, StandardCharsets.UTF_8));
      boolean alive = ProcessHandle.of(info.stackPid()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? java.util.Optional.of(info) : java.util.Optional.empty();
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
