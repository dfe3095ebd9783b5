package com.twosixty.relay.contract;

/** A message that does not keep its contract: names the field and why. */
public class ContractViolation extends RuntimeException {
  private final String field;
  private final String problem;

  public ContractViolation(String field, String problem) {
    super(field.isEmpty() ? problem : "field '" + field + "': " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** Dotted path of the offending field ("services[1].digest"), or "" for the message as a whole. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
