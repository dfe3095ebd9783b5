package com.twosixty.relay.operator;

import com.twosixty.relay.contract.Command;
import com.twosixty.relay.failure.PermanentFailure;
import com.twosixty.relay.failure.TransientFailure;
import com.twosixty.relay.report.DeployReports;

/**
 * deploy-reporter's auto rollbacks, sent through the command gateway with the function's own ID
 * token: the gateway admits a client's deploy-reporter for that client's rollbacks only. An
 * unreachable gateway or a 5xx is transient (the notification is redelivered and the rollback is
 * still pending); a 4xx (refused, misconfigured) is permanent and is not retried.
 */
public final class GatewayRollbacks implements DeployReports.RollbackSender {
  private final GatewayClient gateway;

  public GatewayRollbacks(GatewayClient gateway) {
    this.gateway = gateway;
  }

  @Override
  public String send(Command rollback, String commandId) {
    GatewayClient.Answer answer;
    try {
      answer = gateway.send(rollback.command(), rollback.client(), rollback.releaseId(), rollback.service(),
          rollback.reason(), commandId);
    } catch (IllegalStateException e) {
      throw new TransientFailure("auto rollback not sent: " + e.getMessage(), e);
    }
    if (answer.accepted()) {
      return answer.field("messageId");
    }
    String reason = "the command gateway answered " + answer.status() + " to the auto rollback: " + answer.reason();
    if (answer.status() >= 500 || answer.status() == 429 || answer.status() == 408) {
      throw new TransientFailure(reason);
    }
    throw new PermanentFailure(reason);
  }
}
