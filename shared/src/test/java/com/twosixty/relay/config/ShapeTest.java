package com.twosixty.relay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twosixty.relay.config.RelayFunction.Shape;
import org.junit.jupiter.api.Test;

/** A shape is one Cloud Run accepts, written as Terraform writes it. */
class ShapeTest {
  @Test
  void writesMemoryAndCpuAsTerraformDoes() {
    Shape shape = new Shape(512, "0.333");
    assertEquals("512Mi", shape.memory());
    assertEquals("0.333", shape.cpu());
    assertEquals(0.333, shape.vcpu(), 1e-9);
  }

  @Test
  void everyFunctionHasAShapeCloudRunAccepts() {
    for (RelayFunction function : RelayFunction.values()) {
      Shape shape = function.shape();
      assertTrue(shape.vcpu() >= 0.08 && shape.vcpu() <= 8, function + ": " + shape);
    }
  }

  @Test
  void refusesWhatCloudRunRefuses() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shape(1024, "0.333")).getMessage()
        .contains("below 0.5 vCPU Cloud Run allows at most 512 MiB"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shape(2048, "0.583")).getMessage()
        .contains("below 1 vCPU Cloud Run allows at most 1 GiB"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shape(256, "1.5")).getMessage()
        .contains("whole number"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shape(256, "0.05")).getMessage()
        .contains("between 0.08 and 8"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shape(256, "one")).getMessage()
        .contains("number of vCPUs"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Shape(64, "1")).getMessage()
        .contains("at least 128"));
  }
}
