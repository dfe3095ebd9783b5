package com.twosixty.relay.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.twosixty.relay.client.ClientDefinition;
import com.twosixty.relay.rollout.RolloutPolicy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code relay up --waves SPEC [--soak DURATION]}: the hub's rollout on the local stack, what
 * Terraform's {@code rollout} variable gives release-rollout and client-deployer as {@code RELAY_ROLLOUT}
 * in Google Cloud. SPEC is a number of waves, each but the last soaking {@code --soak}
 * ({@code --waves 3 --soak 10s}), or {@code RELAY_ROLLOUT}'s JSON itself for anything else (a soak per
 * wave, the halt rule, the hotfix and frozen flags). Pure: tested in {@code WavesOptionTest}.
 */
final class WavesOption {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  private WavesOption() {}

  /**
   * {@code RELAY_ROLLOUT}'s JSON for SPEC and the soak, checked as release-rollout reads it.
   *
   * @throws UserError SPEC is neither a number of waves (1-20) nor valid RELAY_ROLLOUT JSON, or the soak is not a duration
   */
  static String rolloutJson(String spec, String soak) {
    String given = spec.strip();
    if (given.startsWith("{")) {
      try {
        RolloutPolicy.parse(given);
      } catch (IllegalArgumentException e) {
        throw new UserError("--waves: " + e.getMessage());
      }
      return given;
    }
    int waves;
    try {
      waves = Integer.parseInt(given);
    } catch (NumberFormatException e) {
      throw new UserError("--waves takes a number of waves (--waves 3 --soak 10s) or RELAY_ROLLOUT's JSON "
          + "({\"waves\":[{\"soak\":\"PT30S\"},{\"soak\":\"PT1M\"},{}]}), not '" + spec + "'");
    }
    if (waves < 1 || waves > ClientDefinition.MAX_WAVE) {
      throw new UserError("--waves must be 1-" + ClientDefinition.MAX_WAVE + ", got " + waves);
    }
    Duration each = duration(soak);
    JsonArray list = new JsonArray();
    for (int wave = 1; wave <= waves; wave++) {
      JsonObject entry = new JsonObject();
      if (wave < waves) {
        entry.addProperty("soak", each.toString());
      }
      list.add(entry);
    }
    JsonObject rollout = new JsonObject();
    rollout.add("waves", list);
    return rollout.toString();
  }

  /** "10s", "2m", "1h", "500ms" or ISO-8601 ("PT10S"). */
  static Duration duration(String text) {
    String given = text.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(given);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    try {
      Duration parsed = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      if (!parsed.isNegative()) {
        return parsed;
      }
    } catch (DateTimeParseException e) {
      // said below
    }
    throw new UserError("--soak takes a duration such as 10s, 2m, 1h or PT30S, not '" + text + "'");
  }

  /**
   * The waves as lines, each with its clients and soak; the client files are checked against them
   * (a file naming a wave beyond the last is refused, as client-deployer would refuse every delivery).
   * <pre>
   * waves: 3 (a FAILED or ROLLED_BACK in a wave halts the rollout; hotfixes skip the soak; frozen clients hold their wave)
   *   wave 1  essence     soak 10s
   *   wave 2  northwind   soak 10s
   *   wave 3  acme
   * </pre>
   */
  static List<String> describe(String rolloutJson, List<ClientDefinition> clients) {
    RolloutPolicy policy = RolloutPolicy.parse(rolloutJson);
    List<String> lines = new ArrayList<>();
    if (!policy.staged()) {
      lines.add("waves: one (every client takes every release at once)");
      return lines;
    }
    List<List<String>> members = new ArrayList<>();
    for (int wave = 1; wave <= policy.waves(); wave++) {
      members.add(new ArrayList<>());
    }
    for (ClientDefinition client : clients) {
      int wave;
      try {
        wave = policy.waveOf(client.id(), client.fileWave());
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage().replace("RELAY_ROLLOUT", "--waves"));
      }
      members.get(wave - 1).add(client.id() + (client.fileWave().isEmpty() ? " (no wave: the last)" : ""));
    }
    List<String> halts = policy.haltOn().stream().map(Enum::name).sorted().toList();
    lines.add("waves: " + policy.waves() + " ("
        + (halts.isEmpty() ? "nothing halts a rollout by itself" : "a " + String.join(" or ", halts) + " in a wave halts the rollout")
        + "; hotfixes " + (policy.hotfixSkipsSoak() ? "skip" : "wait out") + " the soak; frozen clients "
        + (policy.frozenHoldsWave() ? "hold" : "do not hold") + " their wave)");
    for (int wave = 1; wave <= policy.waves(); wave++) {
      String who = members.get(wave - 1).isEmpty() ? "(no client)" : String.join(", ", members.get(wave - 1));
      Duration soak = policy.soak(wave);
      lines.add(String.format("  wave %-2d %-32s %s", wave, who,
          wave == policy.waves() ? "" : soak.isZero() ? "no soak" : "soak " + human(soak)).stripTrailing());
    }
    return lines;
  }

  static String human(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
