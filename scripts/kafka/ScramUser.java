// Creates (or changes the password of) one SCRAM-SHA-512 user on a running broker, signed in as the
// admin. kafkajs has no API for SCRAM credentials and the Kafka jars stack.sh fetches carry no
// command-line tools, so scripts/stack.sh runs this single-file program on those jars:
//   KAFKA_ADMIN_PASSWORD=… KAFKA_NEW_PRODUCER_PASSWORD=… java -cp '.cache/kafka/libs/*' ScramUser.java HOST:PORT NAME
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

public class ScramUser {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) throw new IllegalArgumentException("expected HOST:PORT NAME");
    String adminPassword = System.getenv("KAFKA_ADMIN_PASSWORD");
    String password = System.getenv("KAFKA_NEW_PRODUCER_PASSWORD");
    if (adminPassword == null || password == null) {
      throw new IllegalArgumentException("expected KAFKA_ADMIN_PASSWORD and KAFKA_NEW_PRODUCER_PASSWORD");
    }
    Properties props = new Properties();
    props.put("bootstrap.servers", args[0]);
    props.put("security.protocol", "SASL_PLAINTEXT");
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\""
            + adminPassword.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\";");
    try (Admin admin = Admin.create(props)) {
      ScramCredentialInfo info = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(args[1], info, password))).all().get();
    }
    System.out.println("SCRAM-SHA-512 credentials set for " + args[1]);
  }
}
