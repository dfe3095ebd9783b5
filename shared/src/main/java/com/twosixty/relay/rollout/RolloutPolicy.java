package com.twosixty.relay.rollout;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.twosixty.relay.contract.Channel;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The hub's rollout settings ({@code RELAY_ROLLOUT}): how many waves there are, each wave's soak
 * time (how long its deployments must have run healthy before the next wave may start), what halts
 * a rollout, whether hotfix releases skip soak time and whether a frozen client holds the next wave.
 *
 * <p>On the wire, as Terraform writes it:
 * {@code {"waves":[{"soak":"PT30M"},{"soak":"PT2H"},{"soak":"PT0S"}],"haltOn":["FAILED","ROLLED_BACK"],
 * "hotfixSkipsSoak":true,"frozenHoldsWave":true}}. Every field may be left out ({@link #NONE}'s
 * values); an empty setting is one wave: every client takes every release at once, as before waves.
 *
 * @param soaks one per wave, wave 1 first; the last wave's soak holds nothing back
 */
public record RolloutPolicy(List<Duration> soaks, Set<HaltCause> haltOn, boolean hotfixSkipsSoak, boolean frozenHoldsWave) {

  /** What halts a release's rollout when one of an earlier wave's clients comes to it. */
  public enum HaltCause { FAILED, ROLLED_BACK }

  /** One wave, no soak: not staged. The halt rule's and the flags' defaults are those of an empty field. */
  public static final RolloutPolicy NONE =
      new RolloutPolicy(List.of(Duration.ZERO), EnumSet.allOf(HaltCause.class), true, true);

  public RolloutPolicy {
    if (soaks.isEmpty()) {
      throw new IllegalArgumentException("a rollout has at least one wave");
    }
    for (Duration soak : soaks) {
      if (soak.isNegative()) {
        throw new IllegalArgumentException("a wave's soak time cannot be negative, got " + soak);
      }
    }
    soaks = List.copyOf(soaks);
    haltOn = haltOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(haltOn));
  }

  public int waves() {
    return soaks.size();
  }

  /** Whether releases go out in more than one wave. */
  public boolean staged() {
    return waves() > 1;
  }

  /** How long wave {@code wave}'s deployments must have run before wave {@code wave + 1} may start. */
  public Duration soak(int wave) {
    return soaks.get(wave - 1);
  }

  /** Whether a release on this channel waits out the soak times. */
  public boolean soaks(Channel channel) {
    return !(channel == Channel.HOTFIX && hotfixSkipsSoak);
  }

  /**
   * The wave a client is in: its file's {@code wave}, or the last wave when it names none. Not staged,
   * every client is in wave 1 whatever its file says.
   *
   * @throws IllegalStateException a wave beyond the hub's last one (the hub and the file disagree)
   */
  public int waveOf(String client, OptionalInt fileWave) {
    if (!staged()) {
      return 1;
    }
    int wave = fileWave.orElse(waves());
    if (wave > waves()) {
      throw new IllegalStateException("client " + client + " is in wave " + wave + " but RELAY_ROLLOUT has "
          + waves() + " waves: add the wave to the hub's rollout or move the client");
    }
    return wave;
  }

  /** {@code RELAY_ROLLOUT}'s value; blank is {@link #NONE}. A mistake names the field. */
  public static RolloutPolicy parse(String json) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    try {
      JsonElement element = JsonParser.parseString(json);
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException("RELAY_ROLLOUT must be a JSON object");
      }
      JsonObject object = element.getAsJsonObject();
      for (String key : object.keySet()) {
        if (!Set.of("waves", "haltOn", "hotfixSkipsSoak", "frozenHoldsWave").contains(key)) {
          throw new IllegalArgumentException("RELAY_ROLLOUT: unknown field '" + key + "'");
        }
      }
      List<Duration> soaks = new ArrayList<>();
      if (object.has("waves")) {
        int index = 0;
        for (JsonElement wave : object.getAsJsonArray("waves")) {
          index++;
          JsonObject w = wave.getAsJsonObject();
          String soak = w.has("soak") ? w.get("soak").getAsString() : "PT0S";
          try {
            soaks.add(Duration.parse(soak));
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("RELAY_ROLLOUT: waves[" + index + "].soak must be an ISO-8601 duration such as PT30M, got '" + soak + "'");
          }
        }
      }
      if (soaks.isEmpty()) {
        soaks.add(Duration.ZERO);
      }
      Set<HaltCause> haltOn = EnumSet.allOf(HaltCause.class);
      if (object.has("haltOn")) {
        haltOn = EnumSet.noneOf(HaltCause.class);
        for (JsonElement cause : object.getAsJsonArray("haltOn")) {
          String name = cause.getAsString().toUpperCase(Locale.ROOT);
          try {
            haltOn.add(HaltCause.valueOf(name));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RELAY_ROLLOUT: haltOn takes FAILED and ROLLED_BACK, got '" + cause.getAsString() + "'");
          }
        }
      }
      boolean hotfixSkipsSoak = !object.has("hotfixSkipsSoak") || object.get("hotfixSkipsSoak").getAsBoolean();
      boolean frozenHoldsWave = !object.has("frozenHoldsWave") || object.get("frozenHoldsWave").getAsBoolean();
      return new RolloutPolicy(soaks, haltOn, hotfixSkipsSoak, frozenHoldsWave);
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException e) {
      throw new IllegalArgumentException("RELAY_ROLLOUT is not valid: " + e.getMessage(), e);
    }
  }
}
