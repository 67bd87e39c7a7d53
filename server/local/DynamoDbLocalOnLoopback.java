import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only.
 *
 * DynamoDB Local (3.3.1) has no option for the address it binds: its own main() listens on every
 * network interface, so anyone on the network could read and change the local data. This launcher
 * builds the server exactly as DynamoDB Local's main() does (same command-line options), then sets
 * the host of its Jetty connector to loopback before it starts. The field is private, hence the
 * reflection; the jar version is pinned by package-lock.json and a test checks the listening address,
 * so a jar that changes shape fails loudly instead of silently listening everywhere.
 * Telemetry is never configured here (the caller also passes -disableTelemetry).
 */
public class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server server = (Server) serverField.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to loopback");
    for (Connector connector : connectors) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
  }
}
