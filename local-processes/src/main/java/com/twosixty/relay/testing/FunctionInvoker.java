package com.twosixty.relay.testing;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Relay function on the real Functions Framework invoker in a JVM of its own, with its own
 * environment, as Cloud Functions runs it.
 */
public final class FunctionInvoker implements AutoCloseable {
  private static final String INVOKER_MAIN = "com.google.cloud.functions.invoker.runner.Invoker";

  private final ChildProcess process;

  private FunctionInvoker(ChildProcess process) {
    this.process = process;
  }

  /**
   * Starts {@code target} with the classpath of the running JVM (which holds the function and the
   * invoker), less gRPC's Netty transport: the stand-ins' servers here use it, but no deployable ships
   * it, and with both on the classpath gRPC would pick Netty over the functions' OkHttp.
   */
  public static FunctionInvoker start(String name, String target, Map<String, String> environment, Path logDirectory) {
    return launch(name, List.of("-cp", functionClasspath(), INVOKER_MAIN), target, environment, logDirectory,
        ChildProcess.freePort());
  }

  /** As {@link #start(String, String, Map, Path)}, on a given port (a URL that must be known first, such as a token's audience). */
  public static FunctionInvoker start(String name, String target, Map<String, String> environment, Path logDirectory, int port) {
    return launch(name, List.of("-cp", functionClasspath(), INVOKER_MAIN), target, environment, logDirectory, port);
  }

  static String functionClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("grpc-netty-shaded-"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  /**
   * Starts a function from the deployable JAR its module packaged ({@code functions/<function>/target/<function>-deployable.jar},
   * found from a function module's directory, where failsafe runs its tests after {@code package}), as
   * Cloud Functions runs it: the tests then run exactly the classes that ship, and a class a deployable
   * leaves out but the test classpath holds cannot hide.
   */
  public static FunctionInvoker startPackaged(String name, String function, String target, Map<String, String> environment,
      Path logDirectory) {
    return startPackaged(name, function, target, environment, logDirectory, ChildProcess.freePort());
  }

  /** As {@link #startPackaged(String, String, String, Map, Path)}, on a given port. */
  public static FunctionInvoker startPackaged(String name, String function, String target, Map<String, String> environment,
      Path logDirectory, int port) {
    return startDeployable(name, target, packagedDeployable(function), environment, logDirectory, List.of(), port);
  }

  /** A function module's deployable JAR, seen from a function module's directory. */
  public static Path packagedDeployable(String function) {
    Path jar = Path.of("..", function, "target", function + "-deployable.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no deployable JAR at " + jar + ": the integration tests run after package ("
          + "./mvnw -pl functions/" + function + " -am verify)");
    }
    return jar;
  }

  /**
   * Starts a function as Cloud Functions does: the invoker's own JAR, the function's deployable JAR
   * on {@code --classpath}.
   */
  public static FunctionInvoker startDeployable(String name, String target, Path functionJar, Map<String, String> environment,
      Path logDirectory, List<String> jvmOptions, int port) {
    return startDeployable(name, List.of(ChildProcess.javaExecutable()), target, functionJar, environment, logDirectory,
        jvmOptions, port);
  }

  /**
   * As {@link #startDeployable(String, String, Path, Map, Path, List, int)}, with {@code java} as the
   * command that runs Java: another JDK's {@code bin/java}, or a wrapper that ends in one (the
   * benchmark puts the JVM in a CPU-limited group before it starts). The wrapper must exec Java, so
   * that the process started is the JVM.
   */
  public static FunctionInvoker startDeployable(String name, List<String> java, String target, Path functionJar,
      Map<String, String> environment, Path logDirectory, List<String> jvmOptions, int port) {
    List<String> invoker = new ArrayList<>(jvmOptions);
    invoker.addAll(List.of("-jar", invokerJar().toString(), "--classpath", functionJar.toString()));
    return launch(name, java, invoker, target, environment, logDirectory, port);
  }

  private static FunctionInvoker launch(String name, List<String> invoker, String target, Map<String, String> environment,
      Path logDirectory, int port) {
    return launch(name, List.of(ChildProcess.javaExecutable()), invoker, target, environment, logDirectory, port);
  }

  /** {@code java <invoker> --target <target> --port <port>}, up when the port answers. */
  private static FunctionInvoker launch(String name, List<String> java, List<String> invoker, String target,
      Map<String, String> environment, Path logDirectory, int port) {
    List<String> command = new ArrayList<>(java);
    command.addAll(invoker);
    command.addAll(List.of("--target", target, "--port", String.valueOf(port)));
    return new FunctionInvoker(ChildProcess.start(name, command, environment, port, logDirectory, Duration.ofSeconds(60)));
  }

  /** The (self-contained) java-function-invoker JAR on this JVM's classpath. */
  public static Path invokerJar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith("java-function-invoker-")) {
        return Path.of(entry);
      }
    }
    throw new IllegalStateException("java-function-invoker is not on the classpath");
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + process.port() + "/");
  }

  public ChildProcess process() {
    return process;
  }

  public List<String> logLines() {
    return process.logLines();
  }

  @Override
  public void close() {
    process.close();
  }
}
