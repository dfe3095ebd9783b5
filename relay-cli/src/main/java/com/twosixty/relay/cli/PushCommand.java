package com.twosixty.relay.cli;

import com.twosixty.relay.local.LocalMonorepo;
import com.twosixty.relay.push.MonorepoLayout;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "push", mixinStandardHelpOptions = true,
    description = "Sends push-webhook a signed GitLab push that changes files in the given service folders; with --wait "
        + "follows the release it makes to every client's outcome.")
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

  @Option(names = "--json", description = "Print push-webhook's answer as JSON (with --wait: the release as release-status "
      + "answers GET /api/releases/{id}); progress goes to stderr.")
  boolean json;

  @Mixin
  Following following;

  @Mixin
  Target target;

  @Override
  public Integer call() {
    Following.requireServices(services, "--services");
    Following.requireSha(commit);
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
    PrintStream progress = json ? System.err : System.out;
    if (json && !following.await) {
      System.out.println(answer.body());
    } else {
      progress.println("push " + branch + " " + push.shortSha() + " (" + String.join(", ", push.modifiedPaths()) + ")");
      progress.println("push-webhook answered " + answer.status() + ": " + answer.body());
    }
    if (!answer.ok()) {
      return 1;
    }
    if (!following.await) {
      return 0;
    }
    if (answer.status() != 202) {
      progress.println("relay: push-webhook started no build for this push, so no release will come of it");
      return 1;
    }
    StatusApi api = following.api(target);
    String suffix = "-" + push.shortSha();
    ReleaseFollow.Outcome outcome = new ReleaseFollow(api, List.copyOf(Following.clients().keySet()), progress).follow(
        () -> api.newestReleaseIds().stream().filter(id -> id.endsWith(suffix)).findFirst(),
        "the monorepo build of " + push.shortSha() + " and its release", Duration.ofSeconds(following.timeoutSeconds));
    if (json) {
      System.out.println(outcome.detail() == null ? "null" : outcome.detail().toString());
    }
    return outcome.exitCode();
  }
}
