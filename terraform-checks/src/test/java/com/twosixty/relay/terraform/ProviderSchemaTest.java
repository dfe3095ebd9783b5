package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Terraform in this repository fits the google provider's schema; the schema is read as expected. */
class ProviderSchemaTest {
  @ParameterizedTest
  @ValueSource(strings = {"modules/relay-function", "modules/gitlab-repository", "modules/release-hub", "modules/client-environment",
      "environments/production"})
  void everyResourceAndDataBlockFitsTheProviderSchema(String dir) {
    List<String> problems = ProviderSchemaCheck.check(Repo.terraform().resolve(dir), dir, ProviderSchema.get());
    assertTrue(problems.isEmpty(), () -> "\n" + String.join("\n", problems));
  }

  @Test
  void schemaIsReadAsTheProviderDefinesIt() {
    ProviderSchema schema = ProviderSchema.get();
    assertTrue(schema.resourceCount() > 1000, "resources: " + schema.resourceCount());
    assertTrue(schema.dataSourceCount() > 100, "data sources: " + schema.dataSourceCount());

    ProviderSchema.Block trigger = schema.resource("google_cloudbuild_trigger");
    assertNotNull(trigger);
    // CDKTF calls it buildAttribute; Terraform calls it build.
    assertTrue(trigger.fields().get("build").block());
    assertFalse(trigger.fields().get("build").repeated());
    assertTrue(trigger.fields().get("build").nested().fields().get("step").repeated());
    ProviderSchema.Field repoType = trigger.fields().get("source_to_build").nested().fields().get("repo_type");
    assertTrue(repoType.required());
    assertEquals(List.of("UNKNOWN", "CLOUD_SOURCE_REPOSITORIES", "GITHUB", "BITBUCKET_SERVER"), repoType.values());
    assertFalse(trigger.fields().get("substitutions").block());
    assertFalse(trigger.fields().containsKey("trigger_id"), "computed-only attributes cannot be set");

    ProviderSchema.Block project = schema.dataSource("google_project");
    assertNotNull(project);
    assertFalse(project.fields().get("project_id").required());
    assertTrue(schema.resource("google_pubsub_topic").fields().get("name").required());
  }
}
