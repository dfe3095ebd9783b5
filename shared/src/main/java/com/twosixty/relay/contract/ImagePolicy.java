package com.twosixty.relay.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which images a client may deploy: a release's {@code image} must be a plain repository name (no
 * tag, no digest), its {@code digest} {@code sha256:} + 64 hex, and the image must lie under one of
 * the allowed repository prefixes. Prefixes match whole path segments: {@code gcr.io/hub/} admits
 * {@code gcr.io/hub/billing}, not {@code gcr.io/hub-evil/billing}. Pure.
 */
public record ImagePolicy(List<String> allowedPrefixes) {

  private static final String DOMAIN_PART = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
  private static final String DOMAIN = DOMAIN_PART + "(?:\\." + DOMAIN_PART + ")*(?::[0-9]+)?";
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  /** A registry host and at least one path segment, as the Docker reference grammar names a repository. */
  private static final Pattern REPOSITORY = Pattern.compile("^" + DOMAIN + "(?:/" + COMPONENT + ")+$");
  /** A registry host and at least one path segment, ending in '/'. */
  private static final Pattern PREFIX = Pattern.compile("^" + DOMAIN + "(?:/" + COMPONENT + ")+/$");
  private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");
  private static final int MAX_IMAGE_LENGTH = 255;

  public ImagePolicy {
    allowedPrefixes = List.copyOf(new LinkedHashSet<>(allowedPrefixes.stream().map(ImagePolicy::prefix).toList()));
  }

  /** Comma-separated prefixes, as in {@code RELAY_IMAGE_REPOSITORIES}; blank entries are ignored. */
  public static ImagePolicy parse(String commaSeparated) {
    List<String> prefixes = new ArrayList<>();
    for (String entry : commaSeparated.split(",")) {
      if (!entry.isBlank()) {
        prefixes.add(entry.trim());
      }
    }
    return new ImagePolicy(prefixes);
  }

  /** This policy with more allowed prefixes (a client's own additions). */
  public ImagePolicy plus(Collection<String> more) {
    List<String> all = new ArrayList<>(allowedPrefixes);
    all.addAll(more);
    return new ImagePolicy(all);
  }

  /**
   * A prefix as it is matched: a registry host and one or more path segments, with a trailing
   * {@code /} added when missing. Anything else (a bare host, a tag, a digest) is an
   * IllegalArgumentException naming it.
   */
  public static String prefix(String value) {
    String withSlash = value.endsWith("/") ? value : value + "/";
    if (!PREFIX.matcher(withSlash).matches()) {
      throw new IllegalArgumentException("'" + value + "' is not an image repository prefix such as"
          + " europe-west2-docker.pkg.dev/hub/relay/ (a registry host and at least one path segment)");
    }
    return withSlash;
  }

  /** Why the image may not be deployed, naming it; empty when it may. */
  public Optional<String> violation(String image, String digest) {
    String shown = "'" + abbreviate(image) + "@" + abbreviate(digest) + "'";
    if (image.contains("@")) {
      return Optional.of(shown + ": the image already holds a digest");
    }
    int lastSlash = image.lastIndexOf('/');
    if (image.indexOf(':', lastSlash + 1) >= 0 && lastSlash >= 0) {
      return Optional.of(shown + ": the image has a tag");
    }
    if (image.length() > MAX_IMAGE_LENGTH || !REPOSITORY.matcher(image).matches()) {
      return Optional.of(shown + ": the image is not a repository name");
    }
    if (!DIGEST.matcher(digest).matches()) {
      return Optional.of(shown + ": the digest is not sha256: followed by 64 lowercase hex digits");
    }
    if (allowedPrefixes.stream().noneMatch(image::startsWith)) {
      return Optional.of(shown + ": not from an allowed repository " + allowedPrefixes);
    }
    return Optional.empty();
  }

  /** Every image of the release that may not be deployed, as {@code service: reason}, in the release's order. */
  public List<String> violations(Release release) {
    List<String> violations = new ArrayList<>();
    for (Release.ServiceImage service : release.services()) {
      violation(service.image(), service.digest()).ifPresent(v -> violations.add(service.name() + " " + v));
    }
    return violations;
  }

  private static String abbreviate(String value) {
    return value.length() <= 300 ? value : value.substring(0, 300) + "…";
  }
}
