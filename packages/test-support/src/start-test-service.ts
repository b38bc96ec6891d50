import type { TopicNames } from "@switchyard/contracts";
import { ServiceProcess } from "./service-process";
import { BROKERS, SERVICE_SCRIPTS, TEST_LOG_DIRECTORY, type ServiceKind } from "./test-environment";
import { topicEnvironment } from "./topic-names";

/**
 * A pipeline service as its own process, on the test broker and these topics,
 * logging warnings and worse to a file under .run/test-logs; `environment` adds
 * its own settings.
 */
export function startTestService(kind: ServiceKind, topics: TopicNames, environment: Record<string, string>): ServiceProcess {
  return ServiceProcess.start({
    script: SERVICE_SCRIPTS[kind],
    name: `${kind}-it`,
    logDirectory: TEST_LOG_DIRECTORY,
    logLevel: "warn",
    environment: { KAFKA_BROKERS: BROKERS.join(","), ...topicEnvironment(topics), METRICS_PORT: "0", ...environment },
  });
}
