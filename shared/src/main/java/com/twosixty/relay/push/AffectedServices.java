package com.twosixty.relay.push;

import com.twosixty.relay.contract.ServiceSelection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which services a push affects. A path counts whether it was added, modified or removed, so a
 * rename (which both providers report as a removal plus an addition) affects the service it left
 * and the one it joined, and a deletion still rebuilds the service it belonged to. When the
 * payload cannot tell the whole story, every service is affected and the reason says why.
 */
public final class AffectedServices {
  /** How many example paths a reason names before it says "and N more". */
  private static final int PATHS_IN_REASON = 3;

  private final MonorepoLayout layout;

  public AffectedServices(MonorepoLayout layout) {
    this.layout = layout;
  }

  /**
   * @param services the affected services in layout order (all of them when {@code all})
   * @param all the payload or a shared path means every service
   */
  public record Affected(List<String> services, boolean all, String reason) {
    public Affected {
      services = List.copyOf(services);
    }

    public boolean none() {
      return services.isEmpty();
    }

    /** What the monorepo build is told to build ({@code _SERVICES}); there is none when {@link #none}. */
    public ServiceSelection selection() {
      if (none()) {
        throw new IllegalStateException("no service affected: " + reason);
      }
      return all ? ServiceSelection.all() : ServiceSelection.of(services);
    }
  }

  public Affected of(PushEvent push) {
    Optional<String> incomplete = whyIncomplete(push);
    if (incomplete.isPresent()) {
      return all(incomplete.get());
    }
    List<String> paths = push.commits().stream()
        .flatMap(commit -> Stream.of(commit.added(), commit.modified(), commit.removed()).flatMap(List::stream))
        .distinct()
        .toList();
    for (String path : paths) {
      Optional<String> shared = layout.sharedEntryOf(path);
      if (shared.isPresent()) {
        return all("shared path '" + shared.get() + "' changed (" + path + ")");
      }
    }
    Set<String> touched = new LinkedHashSet<>();
    List<String> outside = new ArrayList<>();
    for (String path : paths) {
      layout.serviceOf(path).ifPresentOrElse(touched::add, () -> outside.add(path));
    }
    if (touched.isEmpty()) {
      return new Affected(List.of(), false, "no service folder changed (" + describe(outside) + ")");
    }
    List<String> inLayoutOrder = layout.serviceNames().stream().filter(touched::contains).toList();
    return new Affected(inLayoutOrder, false, "changes under " + String.join(", ", inLayoutOrder.stream()
        .map(name -> layout.serviceFolders().get(name)).toList()));
  }

  private static Optional<String> whyIncomplete(PushEvent push) {
    if (push.created()) {
      return Optional.of("new branch: there is no earlier commit to compare with");
    }
    if (push.forced()) {
      return Optional.of("forced push: the listed commits do not show everything that changed");
    }
    if (push.provider() == GitProvider.GITLAB && push.totalCommits() > push.commits().size()) {
      return Optional.of("payload lists " + push.commits().size() + " of " + push.totalCommits() + " commits");
    }
    if (push.commitListCapped()) {
      return Optional.of("payload is at " + push.provider().wireName()
          + "'s limit of commits or files and may leave changes out");
    }
    if (push.commits().isEmpty()) {
      return Optional.of("payload lists no commits (a rewind or a push of existing commits): cannot tell what changed");
    }
    return Optional.empty();
  }

  private Affected all(String reason) {
    return new Affected(layout.serviceNames(), true, "all services: " + reason);
  }

  private static String describe(List<String> paths) {
    if (paths.isEmpty()) {
      return "the commits touch no paths";
    }
    String shown = String.join(", ", paths.subList(0, Math.min(PATHS_IN_REASON, paths.size())));
    return paths.size() > PATHS_IN_REASON ? shown + " and " + (paths.size() - PATHS_IN_REASON) + " more" : shown;
  }
}
