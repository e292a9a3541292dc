package permitgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs a Neo4j 5.26 Community DBMS in this JVM with the settings of a neo4j.conf file.
 *
 * <p>Usage: {@code LocalNeo4j HOME CONF}. When the environment variable NEO4J_LOCAL_PASSWORD is
 * set, the built-in user {@code neo4j} gets that password (no change required), so that clients
 * connect with real authentication. Prints READY on stdout once the DBMS is up and shuts down
 * cleanly on SIGTERM/SIGINT.
 */
public final class LocalNeo4j {
  private LocalNeo4j() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LocalNeo4j HOME CONF");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    Path conf = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(home);
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("STOPPING");
                  dbms.shutdown();
                  stopped.countDown();
                }));
    try {
      setPassword(dbms, System.getenv("NEO4J_LOCAL_PASSWORD"));
    } catch (RuntimeException e) {
      // Without this the DBMS's non-daemon threads would keep a half-started JVM alive.
      e.printStackTrace();
      System.out.println("FAILED " + e.getMessage());
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
    System.out.println("READY");
    System.out.flush();
    stopped.await();
  }

  private static void setPassword(DatabaseManagementService dbms, String password) {
    if (password == null || password.isEmpty()) {
      return;
    }
    try {
      dbms.database("system")
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
    } catch (RuntimeException e) {
      // A restart with the same password: nothing to change.
      String message = String.valueOf(e.getMessage());
      if (!message.contains("Old password and new password cannot be the same")) {
        throw e;
      }
    }
  }
}
