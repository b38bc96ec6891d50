export { runConsumerLoop } from "./consumer-loop";
export type { ConsumerLoop, ConsumerLoopOptions, ConsumerLoopStats } from "./consumer-loop";
export type { MessageHandler, HandlerContext, BatchHandlerContext, EventOutcome } from "./message-handler";
export type { MessageTracing } from "./message-tracing";
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
export { KafkaEnvironmentSchema, groupIdSetting, topicPartitionsSetting, sessionTimeoutSetting } from "./kafka-environment";
export type { KafkaEnvironment } from "./kafka-environment";
export { TransportError } from "./transport-error";
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
export {
  resolveTopicSettings,
  TOPIC_COMPRESSION_TYPES,
  type TopicSettings,
  type TopicCompressionType,
  type ResolvedTopicSettings,
} from "./resolve-topic-settings";
export { classifyKafkaStartupError, isRetriableKafkaError } from "./classify-kafka-error";
export { createPinnedPartitioner, sendToEveryPartition, type SendBatch, type UnsentPartitions } from "./send-to-every-partition";
