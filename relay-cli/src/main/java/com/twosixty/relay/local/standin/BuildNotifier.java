package com.twosixty.relay.local.standin;

import com.google.cloudbuild.v1.Build;

/** Where Cloud Build's notifications go: a project's {@code cloud-builds} topic. */
@FunctionalInterface
public interface BuildNotifier {
  void notify(String project, Build build);
}
