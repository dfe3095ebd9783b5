package com.twosixty.relay.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference scanner sees var.X in expressions and interpolations, not in comments or literals. */
class HclReferencesTest {
  static List<String> names(String hcl) {
    return Hcl.variableReferences("t.tf", hcl).stream().map(TerraformModule.Reference::name).toList();
  }

  @Test
  void findsReferencesInExpressionsAndInterpolations() {
    assertEquals(List.of("a", "b", "c", "d"), names(
        "x = var.a\ny = \"p-${var.b}-${format(\"%s\", var.c)}\"\nz = { k = var.d.field }\n"));
  }

  @Test
  void ignoresCommentsLiteralsAndOtherObjects() {
    assertEquals(List.of(), names(
        "# var.a\n// var.b\n/* var.c */\nx = \"var.d is text\"\ny = each.var.e\nz = local.var_f\n"));
  }

  @Test
  void reportsLines() {
    assertEquals(3, Hcl.variableReferences("t.tf", "a = 1\nb = 2\nc = var.x\n").get(0).line());
  }

  @Test
  void refusesHeredocs() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> names("x = <<EOT\nvar.a\nEOT\n"));
    assertTrue(e.getMessage().contains("heredocs"), e.getMessage());
  }

  @Test
  void theRealModulesReferenceVariables() {
    assertTrue(TerraformTreeTest.hub().variableReferences().size() > 30);
    assertTrue(TerraformTreeTest.client().variableReferences().size() > 30);
  }
}
