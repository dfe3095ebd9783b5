package com.twosixty.relay.cli;

import com.twosixty.relay.local.LocalMonorepo;
import com.twosixty.relay.push.MonorepoLayout;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Sends push-webhook a signed GitLab push that changes files in the given service folders.")
final class PushCommand implements Callable<Integer> {
  @Option(names = "--services", split = ",", defaultValue = "billing,portal", paramLabel = "SERVICE",
      description = "Service folders the push touches (default ${DEFAULT-VALUE}).")
  List<String> services;

  @Option(names = "--branch", defaultValue = "main", description = "Branch pushed to (default ${DEFAULT-VALUE}).")
  String branch;

  @Option(names = "--commit", defaultValue = "", paramLabel = "SHA", description = "Commit pushed (default: a new random one).")
  String commit;

  @Option(names = "--url", description = "push-webhook's URL (with --hub-project).")
  String url;

  @Option(names = "--secret", description = "The GitLab token (with --hub-project; default: $RELAY_WEBHOOK_SECRET).")
  String secret;

  @Option(names = "--repository", paramLabel = "GROUP/NAME",
      description = "The repository the push names (with --hub-project: the deployed RELAY_MONOREPO_REPOSITORY; default: the local stack's).")
  String repository;

  @Mixin
  Target target;

  @Override
  public Integer call() {
    MonorepoLayout layout = LocalMonorepo.layout();
    GitLabPush push = GitLabPush.touching(layout, branch, services, commit);
    if (repository != null) {
      push = push.to(repository);
    }
    String webhook = target.url("pushWebhook", url, "--url");
    String token = secret != null ? secret
        : target.project != null ? System.getenv().getOrDefault("RELAY_WEBHOOK_SECRET", "")
        : target.localStack().orElseThrow().webhookSecret();
    Http.Answer answer = Http.postJson(webhook, push.json(), GitLabPush.headers(token));
    System.out.println("push " + branch + " " + push.shortSha() + " (" + String.join(", ", push.modifiedPaths()) + ")");
    System.out.println("push-webhook answered " + answer.status() + ": " + answer.body());
    return answer.ok() ? 0 : 1;
  }
}
