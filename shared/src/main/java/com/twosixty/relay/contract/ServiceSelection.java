package com.twosixty.relay.contract;

import java.util.List;
import java.util.Map;

/**
 * The monorepo build's {@code _SERVICES}: the services a push changed, which the build tests and
 * builds and release-publisher puts in the release, or every service ({@code all}). push-webhook
 * writes it ({@link #toSubstitution}), Terraform's monorepo trigger defaults it to {@code all},
 * cloudbuild.yaml's steps and release-publisher read it ({@link #parse}), and so does the local
 * Cloud Build stand-in. Written as {@code all} or as names joined by commas ({@code billing,portal});
 * read tolerantly: entries trimmed, blank ones and repeats left out, a blank value meaning
 * {@code all}. cloudbuild.yaml's {@code check-services} step fails a build whose value names a
 * service it does not build, so every build that succeeds was read the same way by all of them.
 *
 * @param everyService {@code all}
 * @param services the services named, in the order written; empty when {@code all}
 */
public record ServiceSelection(boolean everyService, List<String> services) {

  public static final String SUBSTITUTION = "_SERVICES";
  public static final String ALL = "all";

  private static final ServiceSelection EVERY_SERVICE = new ServiceSelection(true, List.of());

  public ServiceSelection {
    services = List.copyOf(services);
    if (everyService != services.isEmpty()) {
      throw new IllegalArgumentException(everyService ? "'all' names no services" : "a selection names at least one service");
    }
  }

  public static ServiceSelection all() {
    return EVERY_SERVICE;
  }

  /**
   * These services, in this order. A name that is empty, {@code all}, holds a comma or a space, or
   * comes twice is an IllegalArgumentException naming it: it would not read back as itself.
   */
  public static ServiceSelection of(List<String> names) {
    for (String name : names) {
      if (name.isEmpty() || name.equals(ALL) || name.contains(",") || name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("'" + name + "' cannot be named in " + SUBSTITUTION);
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException(SUBSTITUTION + " names a service twice: " + names);
    }
    return new ServiceSelection(false, names);
  }

  /** Reads a value as described above; it never fails. */
  public static ServiceSelection parse(String value) {
    List<String> names = DeploySubstitutions.splitList(value).stream().distinct().toList();
    return names.isEmpty() || names.equals(List.of(ALL)) ? all() : new ServiceSelection(false, names);
  }

  /** A build's selection: {@code all} when it has no {@link #SUBSTITUTION} (the trigger's default). */
  public static ServiceSelection of(Map<String, String> substitutions) {
    return parse(substitutions.getOrDefault(SUBSTITUTION, ALL));
  }

  public boolean includes(String service) {
    return everyService || services.contains(service);
  }

  /** The services selected out of {@code every}: all of them, or the ones named (in the order named). */
  public List<String> in(List<String> every) {
    return everyService ? List.copyOf(every) : services;
  }

  /** {@code all}, or the names joined by commas: what {@link #parse} reads back as this selection. */
  public String toSubstitution() {
    return everyService ? ALL : String.join(",", services);
  }

  @Override
  public String toString() {
    return toSubstitution();
  }
}
