export { runConsumerLoop } from "./consumer-loop";
export type { ConsumerLoop, ConsumerLoopOptions, ConsumerLoopStats } from "./consumer-loop";
export type { MessageHandler, HandlerContext } from "./message-handler";
export type { IncomingMessage, OutgoingMessage, TopicPartition, TopicPartitionOffset } from "./message";
export type {
  Transport,
  TransportConsumer,
  TransportConsumerCallbacks,
  TransportBatch,
  BatchControls,
  CommitOutcome,
  ConsumerOptions,
  SubscribeOptions,
  Subscription,
} from "./transport";
export { createKafkaTransport } from "./kafka-transport";
export type { KafkaTransportOptions, KafkaSaslOptions, KafkaTlsOptions } from "./kafka-transport";
export type { KafkaConsumerSettings } from "./kafka-consumer";
export { kafkaOptionsFromEnvironment } from "./kafka-options-from-environment";
export { createInMemoryTransport } from "./in-memory-transport";
export type { InMemoryTransport, InMemoryTransportOptions } from "./in-memory-transport";
export { waitForMessages } from "./wait-for-messages";
export type { WaitForMessagesOptions } from "./wait-for-messages";
export { buildDeadLetter } from "./build-dead-letter";
export type { DeadLetterInput } from "./build-dead-letter";
export { PartitionOffsetTracker } from "./partition-offset-tracker";
export { hashKeyToPartition } from "./hash-key-to-partition";
export { consumerSessionSettings } from "./consumer-session-settings";
export { createTopicsReliably } from "./create-topics-reliably";
export { classifyKafkaStartupError } from "./classify-kafka-error";
