package com.twosixty.relay.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Reads release-status: every client, or one client's services; locally also what runs on each cluster.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CLIENT", description = "One client (default: all).")
  String client;

  @Option(names = "--releases", description = "List the releases instead.")
  boolean releases;

  @Option(names = "--url", description = "release-status's URL (with --project).")
  String url;

  @Mixin
  Target target;

  @Override
  public Integer call() {
    String base = target.url("releaseStatus", url, "--url");
    String path = releases ? "api/releases" : client == null ? "api/clients" : "api/clients/" + client;
    Http.Answer answer = Http.get(base.endsWith("/") ? base + path : base + "/" + path);
    System.out.println(pretty(answer.body()));
    if (target.project == null && !releases) {
      Http.Answer clusters = Http.get(target.localStack().orElseThrow().url("control") + "clusters");
      System.out.println("clusters (local stand-in):");
      System.out.println(pretty(clusters.body()));
    }
    return answer.ok() ? 0 : 1;
  }

  private static String pretty(String json) {
    try {
      return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(JsonParser.parseString(json));
    } catch (RuntimeException notJson) {
      return json;
    }
  }
}
