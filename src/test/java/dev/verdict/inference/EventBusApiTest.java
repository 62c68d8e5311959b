package dev.verdict.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.SharedServer;
import dev.verdict.bus.Addresses;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Event-bus callers send JSON to verdict.predict and get the REST response JSON back. */
class EventBusApiTest extends SharedServer {
  private JsonObject request(String address, JsonObject msg) throws Exception {
    return server.vertx.eventBus().<JsonObject>request(address, msg).map(m -> m.body()).await(10, TimeUnit.SECONDS);
  }

  @Test
  void singleAndBatchOverJson() throws Exception {
    JsonObject one = request(Addresses.PREDICT, new JsonObject().put("title", "Bush Somerset Collection Bookcase"));
    assertThat(one.getString("category")).isEqualTo("Furniture/Bookcases");
    assertThat(one.getJsonObject("model").getString("path")).isEqualTo("primary");

    JsonObject pen = request(Addresses.PREDICT, new JsonObject().put("model", "penguins")
        .put("record", new JsonObject().put("features", new JsonArray().add(38.9).add(18.8).add(190).add(3600))));
    assertThat(pen.getString("species")).isEqualTo("Adelie");

    JsonObject batch = request(Addresses.PREDICT_BATCH, new JsonObject().put("records", new JsonArray()
        .add(new JsonObject().put("title", "Xerox 1967")).add(new JsonObject().put("title", "Apple iPhone 15"))));
    assertThat(batch.getJsonArray("predictions").stream().map(p -> ((JsonObject) p).getString("category")))
        .containsExactly("Office Supplies/Paper", "Technology/Phones");
  }

  @Test
  void failuresCarryCodesAndTheSameErrorBody() {
    assertThatThrownBy(() -> request(Addresses.PREDICT, new JsonObject().put("title", "").put("price", -5)))
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(422);
          JsonObject body = new JsonObject(e.getMessage());
          assertThat(body.getJsonArray("details")).hasSize(2);
        });
    assertThatThrownBy(() -> request(Addresses.PREDICT, new JsonObject().put("model", "nope").put("title", "x")))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(404));
  }
}
