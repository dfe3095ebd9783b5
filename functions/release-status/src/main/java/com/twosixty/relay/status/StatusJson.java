package com.twosixty.relay.status;

import com.google.gson.stream.JsonWriter;
import com.twosixty.relay.contract.Release;
import com.twosixty.relay.firestore.DeploymentDocument;
import com.twosixty.relay.firestore.LastEvent;
import com.twosixty.relay.firestore.RolloutCommandDocument;
import com.twosixty.relay.firestore.RunningRelease;
import com.twosixty.relay.rollout.RolloutControl;
import com.twosixty.relay.statusview.RolloutView;
import com.twosixty.relay.firestore.ServiceDocument;
import com.twosixty.relay.planner.ServiceVersion;
import com.twosixty.relay.statusview.ClientRecord;
import com.twosixty.relay.statusview.ReleaseRecord;
import com.twosixty.relay.firestore.CommandDocument;
import com.twosixty.relay.statusview.StatusViews.ClientDetail;
import com.twosixty.relay.statusview.Pin;
import com.twosixty.relay.statusview.Standing;
import com.twosixty.relay.statusview.StatusViews.ClientOutcome;
import com.twosixty.relay.statusview.StatusViews.ClientView;
import com.twosixty.relay.statusview.StatusViews.DeploymentView;
import com.twosixty.relay.statusview.StatusViews.FreezeWindowView;
import com.twosixty.relay.statusview.StatusViews.PendingApproval;
import com.twosixty.relay.statusview.StatusViews.ReleaseDetail;
import com.twosixty.relay.statusview.StatusViews.ReleasePage;
import com.twosixty.relay.statusview.StatusViews.ReleaseSummary;
import com.twosixty.relay.statusview.StatusViews.ServiceOutcome;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API's answers as JSON, field by field in declaration order, as the contracts' codec writes its
 * messages: no reflective adapters on the request path (BENCHMARKS.md, cold start). Absent parts are
 * {@code null}; {@code <}, {@code >} and {@code &} are escaped ({@code \u003c}), so no answer can
 * be read as markup.
 */
final class StatusJson {
  private StatusJson() {}

  /** Writes one object with a {@link JsonWriter} that escapes HTML and writes nulls. */
  @FunctionalInterface
  private interface Body {
    void write(JsonWriter json) throws IOException;
  }

  private static String render(Body body) {
    StringWriter text = new StringWriter();
    try (JsonWriter json = new JsonWriter(text)) {
      json.setHtmlSafe(true);
      json.setSerializeNulls(true);
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  static String releasePage(ReleasePage page) {
    return render(json -> {
      json.beginObject().name("releases").beginArray();
      for (ReleaseSummary summary : page.releases()) {
        releaseSummary(json, summary);
      }
      json.endArray().name("nextPageToken").value(page.nextPageToken()).endObject();
    });
  }

  static String releaseDetail(ReleaseDetail detail) {
    return render(json -> {
      json.beginObject().name("release");
      releaseRecord(json, detail.release());
      json.name("releaseId").value(detail.releaseId()).name("clients").beginArray();
      for (ClientOutcome outcome : detail.clients()) {
        clientOutcome(json, outcome);
      }
      json.endArray();
      if (detail.rollout().isPresent()) {
        rollout(json.name("rollout"), detail.rollout().get());
      }
      json.endObject();
    });
  }

  static String clients(List<ClientView> clients) {
    return render(json -> {
      json.beginObject().name("clients").beginArray();
      for (ClientView client : clients) {
        clientView(json, client);
      }
      json.endArray().endObject();
    });
  }

  static String clientDetail(ClientDetail detail) {
    return render(json -> {
      json.beginObject().name("client");
      clientView(json, detail.client());
      json.name("services").beginArray();
      for (ServiceDocument service : detail.services()) {
        serviceStatus(json, service);
      }
      json.endArray().name("pendingApprovals").beginArray();
      for (PendingApproval pending : detail.pendingApprovals()) {
        pendingApproval(json, pending);
      }
      json.endArray().name("recentDeployments").beginArray();
      for (DeploymentView deployment : detail.recentDeployments()) {
        deploymentRecord(json, deployment);
      }
      json.endArray().name("commands").beginArray();
      for (CommandDocument command : detail.commands()) {
        command(json, command);
      }
      json.endArray().endObject();
    });
  }

  /** An error answer: its fields in the order given, each written as text. */
  static String fields(Map<String, ?> fields) {
    return render(json -> {
      json.beginObject();
      for (Map.Entry<String, ?> field : fields.entrySet()) {
        json.name(field.getKey()).value(field.getValue() == null ? null : String.valueOf(field.getValue()));
      }
      json.endObject();
    });
  }

  private static void releaseSummary(JsonWriter json, ReleaseSummary summary) throws IOException {
    json.beginObject()
        .name("releaseId").value(summary.releaseId())
        .name("sequence").value(summary.sequence())
        .name("channel").value(summary.channel())
        .name("createdAt").value(summary.createdAt());
    strings(json.name("services"), summary.services());
    stringMap(json.name("clients"), summary.clients());
    json.name("heldBack").beginObject();
    for (Map.Entry<String, Map<String, String>> client : summary.heldBack().entrySet()) {
      stringMap(json.name(client.getKey()), client.getValue());
    }
    json.endObject();
    strings(json.name("autoRollbacks"), summary.autoRollbacks());
    if (summary.rollout().isPresent()) {
      RolloutView.Summary rollout = summary.rollout().get().summary();
      json.name("rollout").beginObject()
          .name("state").value(rollout.state())
          .name("openWaves").value(rollout.openWaves())
          .name("waves").value(rollout.waves());
      if (rollout.halt().isPresent()) {
        halt(json.name("halt"), rollout.halt().get());
      }
      json.name("soakRemainingSeconds").value(rollout.soakRemainingSeconds()).endObject();
    }
    json.endObject();
  }

  /**
   * A release's rollout across the waves (README, status API): its state, the halt in force (only
   * when HALTED), each wave with its clients, and the rollout's commands newest first.
   */
  private static void rollout(JsonWriter json, RolloutView rollout) throws IOException {
    json.beginObject().name("state").value(rollout.state());
    if (rollout.halt().isPresent()) {
      halt(json.name("halt"), rollout.halt().get());
    }
    json.name("waves").beginArray();
    for (RolloutView.WaveView wave : rollout.waves()) {
      json.beginObject()
          .name("wave").value(wave.wave())
          .name("state").value(wave.state())
          .name("openedAt").value(wave.openedAt())
          .name("soakEndsAt").value(wave.soakEndsAt())
          .name("soakRemainingSeconds").value(wave.soakRemainingSeconds())
          .name("promoted").value(wave.promoted())
          .name("waitingFor").value(wave.waitingFor())
          .name("clients").beginArray();
      for (RolloutView.ClientState client : wave.clients()) {
        json.beginObject().name("client").value(client.client()).name("status").value(client.status()).endObject();
      }
      json.endArray().endObject();
    }
    json.endArray().name("commands").beginArray();
    for (RolloutCommandDocument command : rollout.commands()) {
      json.beginObject()
          .name("messageId").value(command.messageId())
          .name("command").value(command.command())
          .name("by").value(command.by())
          .name("reason").value(command.reason())
          .name("at").value(command.at())
          .name("outcome").value(command.outcome())
          .name("outcomeReason").value(command.outcomeReason())
          .endObject();
    }
    json.endArray().endObject();
  }

  private static void halt(JsonWriter json, RolloutControl.Halt halt) throws IOException {
    json.beginObject()
        .name("client").value(halt.client())
        .name("reason").value(halt.reason())
        .name("by").value(halt.by())
        .name("at").value(halt.at().toString())
        .endObject();
  }

  private static void releaseRecord(JsonWriter json, ReleaseRecord release) throws IOException {
    if (release == null) {
      json.nullValue();
      return;
    }
    Release.Source source = release.source();
    json.beginObject()
        .name("releaseId").value(release.releaseId())
        .name("sequence").value(release.sequence())
        .name("channel").value(release.channel())
        .name("createdAt").value(release.createdAt())
        .name("receivedAt").value(release.receivedAt())
        .name("source");
    if (source == null) {
      json.nullValue();
    } else {
      json.beginObject()
          .name("repo").value(source.repo())
          .name("branch").value(source.branch())
          .name("commit").value(source.commit())
          .name("buildId").value(source.buildId())
          .endObject();
    }
    json.name("services").beginArray();
    for (Release.ServiceImage service : release.services()) {
      json.beginObject()
          .name("name").value(service.name())
          .name("image").value(service.image())
          .name("digest").value(service.digest())
          .name("tag").value(service.tag())
          .endObject();
    }
    json.endArray().endObject();
  }

  private static void clientOutcome(JsonWriter json, ClientOutcome outcome) throws IOException {
    json.beginObject()
        .name("client").value(outcome.client())
        .name("status").value(outcome.status());
    stringMap(json.name("heldBack"), outcome.heldBack());
    json.name("services").beginObject();
    for (Map.Entry<String, ServiceOutcome> service : outcome.services().entrySet()) {
      ServiceOutcome s = service.getValue();
      json.name(service.getKey()).beginObject()
          .name("status").value(s.status())
          .name("reason").value(s.reason())
          .name("deploymentId").value(s.deploymentId())
          .name("kind").value(s.kind())
          .name("buildId").value(s.buildId())
          .name("logUrl").value(s.logUrl())
          .name("running").value(s.running())
          .endObject();
    }
    json.endObject().name("deployments").beginArray();
    for (DeploymentView deployment : outcome.deployments()) {
      deploymentRecord(json, deployment);
    }
    json.endArray().endObject();
  }

  /**
   * A deployment as the API shows it: neither its lease nor its rollback flags, its decisions by
   * service name; {@code outcome} is {@code PARTIAL} where it held services back ({@code heldBack});
   * {@code logUrl} is its build's log (the notification's, else Cloud Build's console page).
   */
  private static void deploymentRecord(JsonWriter json, DeploymentView view) throws IOException {
    DeploymentDocument deployment = view.deployment();
    json.beginObject()
        .name("client").value(deployment.client())
        .name("deploymentId").value(deployment.deploymentId())
        .name("releaseId").value(deployment.releaseId())
        .name("sequence").value(deployment.sequence())
        .name("kind").value(deployment.kind())
        .name("status").value(deployment.status())
        .name("outcome").value(view.status())
        .name("reason").value(deployment.reason())
        .name("buildId").value(deployment.buildId())
        .name("logUrl").value(view.logUrl());
    strings(json.name("services"), deployment.services());
    stringMap(json.name("heldBack"), view.heldBack());
    json.name("decisions").beginObject();
    for (Map.Entry<String, DeploymentDocument.Decision> decision : new TreeMap<>(deployment.decisions()).entrySet()) {
      json.name(decision.getKey()).beginObject()
          .name("action").value(decision.getValue().action())
          .name("reason").value(decision.getValue().reason())
          .endObject();
    }
    json.endObject()
        .name("requestedBy").value(view.requestedBy())
        .name("requestReason").value(view.requestReason())
        .name("automatic").value(view.automatic())
        .name("autoRollbackRequested").value(deployment.autoRollbackRequested())
        .name("createdAt").value(deployment.createdAt())
        .name("updatedAt").value(deployment.updatedAt())
        .endObject();
  }

  /**
   * A client: what commands set ({@code frozen} etc., as before), its file's policy, its pins
   * ({@code pins}: service → release, what holds as the planner applies it; {@code pinSources}: each
   * pin's source, {@code file} or {@code command}, also a file pin a command lifted), whether it is
   * frozen now, and per service whether it is behind ({@code standing}).
   */
  private static void clientView(JsonWriter json, ClientView view) throws IOException {
    ClientRecord client = view.record();
    json.beginObject()
        .name("id").value(client.id())
        .name("displayName").value(client.displayName())
        .name("configured").value(view.configured())
        .name("approval").value(view.approval())
        .name("channel").value(view.channel());
    strings(json.name("services"), view.services());
    json.name("autoRollback").value(view.autoRollback())
        .name("project").value(view.project())
        .name("frozen").value(client.frozen())
        .name("freezeReason").value(client.freezeReason())
        .name("frozenBy").value(client.frozenBy())
        .name("freezeWindows").beginArray();
    for (FreezeWindowView window : view.freezeWindows()) {
      json.beginObject()
          .name("day").value(window.day())
          .name("start").value(window.start())
          .name("duration").value(window.duration())
          .name("timeZone").value(window.timeZone())
          .name("open").value(window.open())
          .name("openUntil").value(window.openUntil())
          .endObject();
    }
    json.endArray()
        .name("frozenNow").value(!view.frozenNow().isEmpty())
        .name("frozenBecause").value(view.frozenNow())
        .name("pins").beginObject();
    for (Pin pin : view.pins().values()) {
      if (pin.holds()) {
        json.name(pin.service()).value(pin.releaseId());
      }
    }
    json.endObject().name("pinSources").beginObject();
    for (Pin pin : view.pins().values()) {
      json.name(pin.service()).beginObject()
          .name("releaseId").value(pin.releaseId())
          .name("source").value(pin.source())
          .name("file").value(pin.fileReleaseId())
          .endObject();
    }
    json.endObject()
        .name("behind").value(view.behind())
        .name("standing").beginArray();
    for (Standing.ServiceStanding standing : view.standing()) {
      json.beginObject()
          .name("service").value(standing.service())
          .name("running").value(standing.running())
          .name("newest").value(standing.newest())
          .name("behind").value(standing.behind())
          .name("why").value(standing.why().name())
          .name("detail").value(standing.detail())
          .endObject();
    }
    json.endArray()
        .name("updatedAt").value(client.updatedAt())
        .endObject();
  }

  private static void serviceStatus(JsonWriter json, ServiceDocument service) throws IOException {
    json.beginObject().name("service").value(service.service()).name("target");
    ServiceDocument.Target target = service.target().orElse(null);
    if (target == null) {
      json.nullValue();
    } else {
      ServiceVersion version = target.version();
      json.beginObject()
          .name("releaseId").value(version.releaseId())
          .name("sequence").value(version.sequence())
          .name("digest").value(version.digest())
          .name("image").value(version.image())
          .name("deploymentId").value(target.deploymentId())
          .name("at").value(target.at())
          .endObject();
    }
    runningRelease(json.name("running"), service.running().orElse(null));
    runningRelease(json.name("previous"), service.previous().orElse(null));
    json.name("last");
    LastEvent last = service.last().orElse(null);
    if (last == null) {
      json.nullValue();
    } else {
      json.beginObject()
          .name("status").value(last.status())
          .name("releaseId").value(last.releaseId())
          .name("reason").value(last.reason())
          .name("buildId").value(last.buildId())
          .name("logUrl").value(last.logUrl())
          .name("at").value(last.at())
          .endObject();
    }
    json.endObject();
  }

  private static void runningRelease(JsonWriter json, RunningRelease running) throws IOException {
    if (running == null) {
      json.nullValue();
      return;
    }
    json.beginObject()
        .name("releaseId").value(running.version().releaseId())
        .name("sequence").value(running.version().sequence())
        .name("digest").value(running.version().digest())
        .name("image").value(running.version().image())
        .name("since").value(running.since())
        .endObject();
  }

  private static void pendingApproval(JsonWriter json, PendingApproval pending) throws IOException {
    json.beginObject()
        .name("client").value(pending.client())
        .name("deploymentId").value(pending.deploymentId())
        .name("releaseId").value(pending.releaseId())
        .name("sequence").value(pending.sequence());
    strings(json.name("services"), pending.services());
    json.name("since").value(pending.since()).endObject();
  }

  /** One audit record, its fields in {@link CommandDocument}'s order. */
  private static void command(JsonWriter json, CommandDocument command) throws IOException {
    json.beginObject()
        .name("messageId").value(command.messageId())
        .name("client").value(command.client())
        .name("command").value(command.command())
        .name("releaseId").value(command.releaseId())
        .name("service").value(command.service())
        .name("by").value(command.by())
        .name("reason").value(command.reason())
        .name("receivedAt").value(command.receivedAt())
        .name("outcome").value(command.outcome())
        .name("status").value(command.status())
        .name("outcomeReason").value(command.outcomeReason())
        .name("answeredAt").value(command.answeredAt())
        .endObject();
  }

  private static void strings(JsonWriter json, List<String> values) throws IOException {
    json.beginArray();
    for (String value : values) {
      json.value(value);
    }
    json.endArray();
  }

  private static void stringMap(JsonWriter json, Map<String, String> values) throws IOException {
    json.beginObject();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      json.name(entry.getKey()).value(entry.getValue());
    }
    json.endObject();
  }
}
