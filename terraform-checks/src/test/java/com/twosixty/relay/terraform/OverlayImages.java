package com.twosixty.relay.terraform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks rendered Kubernetes manifests: every container image of the workloads of the deployed services
 * is exactly the {@code image@sha256:...} reference the release gave (no tag left, no placeholder, no
 * other image), and every deployed service has a workload.
 */
final class OverlayImages {
  private OverlayImages() {}

  private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet");

  /**
   * @param rendered what {@code kubectl kustomize} printed
   * @param source names the output in messages, e.g. the overlay folder
   * @param expected service name → the reference it must run
   */
  static List<String> problems(String rendered, String source, Map<String, String> expected) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    Iterable<Node> documents = new Compose(LoadSettings.builder().setLabel(source).build()).composeAllFromString(rendered);
    for (Node document : documents) {
      if (!(document instanceof MappingNode root)) {
        continue;
      }
      String kind = scalar(root, "kind");
      if (!WORKLOADS.contains(kind)) {
        continue;
      }
      Node metadata = get(root, "metadata");
      String name = scalar(metadata, "name");
      String service = scalar(get(metadata, "labels"), "app.kubernetes.io/name");
      if (service == null || !expected.containsKey(service)) {
        continue; // a service this deployment leaves alone
      }
      seen.add(service);
      String workload = kind + " " + scalar(metadata, "namespace") + "/" + name;
      Node podSpec = get(get(get(root, "spec"), "template"), "spec");
      for (String list : List.of("initContainers", "containers")) {
        if (!(get(podSpec, list) instanceof SequenceNode containers)) {
          continue;
        }
        for (int i = 0; i < containers.getValue().size(); i++) {
          Node container = containers.getValue().get(i);
          Node image = get(container, "image");
          String field = "spec.template.spec." + list + "[" + i + "] (" + scalar(container, "name") + ").image";
          String value = image instanceof ScalarNode s ? s.getValue() : null;
          if (!expected.get(service).equals(value)) {
            int line = (image == null ? container : image).getStartMark().map(m -> m.getLine() + 1).orElse(0);
            problems.add(source + ":" + line + ": " + workload + " " + field + " is '" + value + "', not "
                + expected.get(service) + (value != null && !value.contains("@sha256:") ? ": it is not pinned by digest" : ""));
          }
        }
      }
    }
    for (String service : expected.keySet()) {
      if (!seen.contains(service)) {
        problems.add(source + ": no workload labelled app.kubernetes.io/name=" + service + ", which the release deploys");
      }
    }
    return problems;
  }

  private static Node get(Node node, String key) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }

  private static String scalar(Node node, String key) {
    return get(node, key) instanceof ScalarNode s ? s.getValue() : null;
  }
}
