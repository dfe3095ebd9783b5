package com.twosixty.relay.client;

import com.twosixty.relay.contract.Channel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/** One client environment, as {@code clients/<id>.yaml} describes it. */
public record ClientDefinition(
    String id,
    String displayName,
    Gcp gcp,
    Cluster cluster,
    Deploy deploy,
    List<String> services,
    ChannelPolicy channel,
    Approval approval,
    List<FreezeWindow> freeze,
    Map<String, String> pins,
    boolean autoRollback,
    Images images,
    List<String> approvers,
    List<String> operators,
    int wave) {

  /** The highest {@code wave:} a client file may name. */
  public static final int MAX_WAVE = 20;

  /**
   * {@code approvers} and {@code operators}: who may send this client's commands through the command
   * gateway. Approvers approve and reject; operators pin, unpin, freeze, unfreeze, roll back and
   * redeploy. Each entry is an email address or {@code domain:example.com} (every verified address
   * of that domain), lower case; see {@link com.twosixty.relay.operator.CommandAuthority}.
   * {@code wave}: the rollout wave the file puts the client in, 1 first; 0 when it names none.
   */
  public ClientDefinition {
    if (wave < 0 || wave > MAX_WAVE) {
      throw new IllegalArgumentException("wave must be 1-" + MAX_WAVE + " (0: not given), got " + wave);
    }
    services = List.copyOf(services);
    freeze = List.copyOf(freeze);
    pins = Map.copyOf(pins);
    approvers = List.copyOf(approvers);
    operators = List.copyOf(operators);
  }

  /** A client in no particular wave: the hub's last ({@link #fileWave}). */
  public ClientDefinition(String id, String displayName, Gcp gcp, Cluster cluster, Deploy deploy, List<String> services,
      ChannelPolicy channel, Approval approval, List<FreezeWindow> freeze, Map<String, String> pins, boolean autoRollback,
      Images images, List<String> approvers, List<String> operators) {
    this(id, displayName, gcp, cluster, deploy, services, channel, approval, freeze, pins, autoRollback, images, approvers,
        operators, 0);
  }

  /**
   * The file's {@code wave:} (issue 22): empty when it names none, and the client is in the hub's last
   * wave ({@link com.twosixty.relay.rollout.RolloutPolicy#waveOf}).
   */
  public java.util.OptionalInt fileWave() {
    return wave == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(wave);
  }

  /** A client whose commands no person may send (no approvers, no operators). */
  public ClientDefinition(String id, String displayName, Gcp gcp, Cluster cluster, Deploy deploy, List<String> services,
      ChannelPolicy channel, Approval approval, List<FreezeWindow> freeze, Map<String, String> pins, boolean autoRollback,
      Images images) {
    this(id, displayName, gcp, cluster, deploy, services, channel, approval, freeze, pins, autoRollback, images, List.of(),
        List.of());
  }

  /** A client with no image repositories of its own: it deploys only the hub's images. */
  public ClientDefinition(String id, String displayName, Gcp gcp, Cluster cluster, Deploy deploy, List<String> services,
      ChannelPolicy channel, Approval approval, List<FreezeWindow> freeze, Map<String, String> pins, boolean autoRollback) {
    this(id, displayName, gcp, cluster, deploy, services, channel, approval, freeze, pins, autoRollback, Images.NONE);
  }

  /** Whether this client runs the service; an empty list means every service. */
  public boolean runs(String service) {
    return services.isEmpty() || services.contains(service);
  }

  public record Gcp(String project, String region) {}

  public record Cluster(String name, String location, boolean autopilot) {}

  public record Deploy(String repo, String trigger) {}

  /**
   * Image repositories this client may deploy from besides the hub's own ({@code images.allow}),
   * each a prefix ending in '/' ({@link com.twosixty.relay.contract.ImagePolicy#prefix}).
   */
  public record Images(List<String> allow) {
    public static final Images NONE = new Images(List.of());

    public Images {
      allow = List.copyOf(allow);
    }
  }

  public enum ChannelPolicy {
    STABLE, HOTFIX, BOTH;

    public boolean accepts(Channel channel) {
      return this == BOTH || name().equals(channel.name());
    }
  }

  public enum Approval { AUTOMATIC, MANUAL }

  /** A weekly window in which nothing deploys: from {@code start} on {@code day}, for {@code duration}. */
  public record FreezeWindow(DayOfWeek day, LocalTime start, Duration duration, ZoneId timeZone) {

    public boolean covers(Instant instant) {
      return openUntil(instant).isPresent();
    }

    /** When the window that covers {@code instant} closes; empty when none covers it. */
    public java.util.Optional<ZonedDateTime> openUntil(Instant instant) {
      ZonedDateTime now = instant.atZone(timeZone);
      // The window that covers now, if any, started within the last `duration`: try this week's
      // and the previous weeks' starts that could still be open.
      ZonedDateTime start = now.with(java.time.temporal.TemporalAdjusters.previousOrSame(day)).with(this.start);
      for (int weeksBack = 0; weeksBack <= duration.toDays() / 7 + 1; weeksBack++) {
        ZonedDateTime candidate = start.minusWeeks(weeksBack);
        if (!candidate.isAfter(now) && now.isBefore(candidate.plus(duration))) {
          return java.util.Optional.of(candidate.plus(duration));
        }
      }
      return java.util.Optional.empty();
    }
  }
}
