import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, listening on 127.0.0.1 only. Its own entry point (ServerRunner) builds Jetty's
 * {@code new Server(port)}, which binds every interface and has no option to do otherwise, so anyone on the
 * laptop's network could read and write every table. This launcher builds the same server from the same flags
 * (-inMemory, -sharedDb, -port, ...) with ServerRunner's own factory, moves the server's one connector to the
 * loopback address before it starts, then starts it as ServerRunner does.
 *
 * Telemetry is never configured here, which is what -disableTelemetry asks for anyway.
 *
 * Run as a single-file source program: java -cp DynamoDBLocal.jar LoopbackDynamoDbLocal.java -inMemory ...
 */
public final class LoopbackDynamoDbLocal {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    // The Jetty server is a private field: there is no accessor, and its connector must change before start().
    Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server server = (Server) serverField.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local built a server without a connector");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("unexpected connector " + connector.getClass().getName() + ": cannot bind it to " + LOOPBACK);
      }
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    proxy.start();
    if (!server.isStarted()) {
      // start() prints why (e.g. the port is taken) and stops the server instead of throwing.
      System.exit(1);
    }
    System.out.println("DynamoDB Local listening on " + LOOPBACK + " only");
    proxy.join();
  }
}
