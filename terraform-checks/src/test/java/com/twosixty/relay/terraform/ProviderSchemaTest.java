package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Terraform in this repository fits the google provider's schema; the schema is read as expected. */
class ProviderSchemaTest {
  @ParameterizedTest
  @ValueSource(strings = {"modules/relay-function", "modules/gitlab-repository", "modules/github-repository",
      "modules/github-deploy-repo", "modules/gitlab-deploy-repo",
      "modules/release-hub", "modules/client-environment", "environments/production"})
  void everyResourceAndDataBlockFitsTheProviderSchema(String dir) {
    List<String> problems = ProviderSchemaCheck.check(Repo.terraform().resolve(dir), dir, ProviderSchema.all());
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

    ProviderSchema.Block connection = schema.resource("google_cloudbuildv2_connection");
    ProviderSchema.Block github = connection.fields().get("github_config").nested();
    assertFalse(connection.fields().get("github_config").repeated());
    assertTrue(github.fields().containsKey("app_installation_id"));
    assertTrue(github.fields().get("authorizer_credential").nested().fields().containsKey("oauth_token_secret_version"));
    assertTrue(schema.configuration().fields().containsKey("project"), "the provider block's own arguments");
  }

  @Test
  void githubSchemaIsReadAsTheProviderDefinesIt() {
    ProviderSchema schema = ProviderSchema.of(ProviderSchema.GITHUB);
    assertEquals("integrations/github 6.9.0", schema.provider().toString());
    assertTrue(schema.resourceCount() > 50, "resources: " + schema.resourceCount());
    assertNull(schema.resource("google_pubsub_topic"), "only the github provider's types");
    ProviderSchema.Block repository = schema.resource("github_repository");
    assertTrue(repository.fields().get("name").required());
    assertTrue(repository.fields().get("template").block());
    ProviderSchema.Block file = schema.resource("github_repository_file");
    for (String required : List.of("repository", "file", "content")) {
      assertTrue(file.fields().get(required).required(), required);
    }
    assertFalse(file.fields().get("overwrite_on_create").required());
    assertTrue(schema.configuration().fields().containsKey("owner"));
    assertTrue(schema.configuration().fields().get("app_auth").block());

    ProviderSchema gitlab = ProviderSchema.of(ProviderSchema.GITLAB);
    assertEquals("gitlabhq/gitlab 18.6.1", gitlab.provider().toString());
    assertTrue(gitlab.resource("gitlab_project").fields().get("name").required());
    assertTrue(gitlab.resource("gitlab_repository_file").fields().get("encoding").required());
    assertTrue(gitlab.dataSource("gitlab_group").fields().containsKey("full_path"));
    assertTrue(gitlab.configuration().fields().containsKey("base_url"));
  }
}
