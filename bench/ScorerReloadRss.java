// Native memory of opening and closing the product classifier's booster on ONE thread, 100 times: separates a
// booster leak from glibc arena retention seen when many threads load and free models (bench/reload-cycles.sh).
//   java -Doffline=true -Dai.djl.offline=true -Xmx256m -cp target/verdict.jar bench/ScorerReloadRss.java
import dev.verdict.model.LightGbmScorer;
import java.nio.file.Files;
import java.nio.file.Path;

public class ScorerReloadRss {
  static long rssKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("models/product-classifier/1");
    for (int i = 0; i <= 100; i++) {
      try (LightGbmScorer s = LightGbmScorer.load(dir)) {
        // opened and closed: its native booster and FastConfig are freed on close
      }
      if (i % 20 == 0) {
        System.gc();
        Thread.sleep(200);
        System.out.println("cycle " + i + ": RSS " + rssKb() + " kB");
      }
    }
  }
}
