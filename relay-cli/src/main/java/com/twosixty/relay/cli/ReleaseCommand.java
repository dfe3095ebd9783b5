package com.twosixty.relay.cli;

import com.twosixty.relay.contract.Channel;
import com.twosixty.relay.contract.ContractCodec;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.local.standin.CloudBuildStandIn;
import com.twosixty.relay.pubsub.PubSubEventPublisher;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Publishes a hand-made relay.release/v1 on the releases topic, as a hotfix job or another tool would; "
        + "with --wait follows it to every client's outcome.")
final class ReleaseCommand implements Callable<Integer> {
  private static final DateTimeFormatter RELEASE_DATE = DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);

  @Option(names = "--services", split = ",", defaultValue = "billing,portal", paramLabel = "SERVICE",
      description = "Services in the release (default ${DEFAULT-VALUE}).")
  List<String> services;

  @Option(names = "--channel", defaultValue = "stable", description = "stable or hotfix (default ${DEFAULT-VALUE}).")
  String channel;

  @Option(names = "--commit", defaultValue = "", paramLabel = "SHA", description = "Source commit (default: a random one).")
  String commit;

  @Option(names = "--repo", defaultValue = "monorepo", description = "Source repository (default ${DEFAULT-VALUE}).")
  String repo;

  @Option(names = "--branch", defaultValue = "", description = "Source branch (default: main for stable, hotfix/manual for hotfix).")
  String branch;

  @Option(names = "--image-base", description = "Image base (default gcr.io/<hub project>).")
  String imageBase;

  @Option(names = "--json", description = "Print the release as published (with --wait: as release-status answers "
      + "GET /api/releases/{id}); progress goes to stderr.")
  boolean json;

  @Mixin
  Following following;

  @Mixin
  Target target;

  @Override
  public Integer call() {
    Channel parsed = Channel.fromWire(channel).orElseThrow(() -> new UserError("--channel is stable or hotfix, not " + channel));
    Following.requireServices(services, "--services");
    Following.requireSha(commit);
    String sha = commit.isEmpty() ? GitLabPush.randomSha() : commit;
    String base = imageBase != null ? imageBase : "gcr.io/" + target.hubProject();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String shortSha = sha.substring(0, 7);
    Release release = new Release(
        RELEASE_DATE.format(now) + "-" + shortSha,
        now.toEpochMilli(),
        new Release.Source(repo, branch.isEmpty() ? (parsed == Channel.STABLE ? "main" : "hotfix/manual") : branch, sha, ""),
        now.toString(),
        parsed,
        services.stream().map(s -> new Release.ServiceImage(s, base + "/" + s, CloudBuildStandIn.digest(s, sha), shortSha))
            .toList());
    ContractCodec.decodeRelease(ContractCodec.encode(release));
    try (PubSubEventPublisher publisher = target.publisher()) {
      String id = publisher.publish("releases", release, release.source().repo());
      if (json && !following.await) {
        System.out.println(new String(ContractCodec.encode(release), java.nio.charset.StandardCharsets.UTF_8));
      } else {
        (json ? System.err : System.out).println("release " + release.releaseId() + " (" + parsed.wireName() + ": "
            + String.join(", ", services) + ") published as message " + id);
      }
    }
    if (!following.await) {
      return 0;
    }
    StatusApi api = following.api(target);
    ReleaseFollow.Outcome outcome = new ReleaseFollow(api, List.copyOf(Following.clients().keySet()), json ? System.err : System.out)
        .follow(() -> api.release(release.releaseId()).map(r -> release.releaseId()), "release " + release.releaseId(),
            java.time.Duration.ofSeconds(following.timeoutSeconds));
    if (json) {
      System.out.println(outcome.detail() == null ? "null" : outcome.detail().toString());
    }
    return outcome.exitCode();
  }
}
