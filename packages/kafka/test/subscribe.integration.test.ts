import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { KafkaTestBed, waitUntil } from "@switchyard/test-support";

const bed = new KafkaTestBed("switchyard-test-subscribe");
before(() => bed.connect());
after(() => bed.clean());

const ROUNDS = 5;

test("a reader from now on gets a message published the moment subscribe resolves, and nothing from before", { timeout: 120_000 }, async () => {
  const [topic] = await bed.createTopics(3, "from-now");
  assert.ok(topic);
  const transport = bed.newTransport();
  await transport.publish(["a", "b", "c"].map((key) => ({ topic, key: `before-${key}`, value: "old" })));
  // What a producer that awaits its answer does (switchyard submit --wait): subscribe, then publish at once.
  // Before the reader started from the end offsets it had looked up, it missed such a message every time.
  for (let round = 0; round < ROUNDS; round += 1) {
    const seen: string[] = [];
    const subscription = await transport.subscribe({ topics: [topic], fromBeginning: false, onMessage: (message) => void seen.push(message.key ?? "") });
    try {
      await transport.publish([{ topic, key: `now-${round}`, value: "new" }]);
      await waitUntil(
        () => seen.includes(`now-${round}`),
        () => `round ${round}: the message published after subscribing (seen: ${seen.join(", ")})`,
        30_000,
      );
      assert.deepEqual(seen, [`now-${round}`], "only what arrived after subscribing");
    } finally {
      await subscription.stop();
    }
  }
});
