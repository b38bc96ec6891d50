import { describeCliError } from "./command-line/describe-cli-error";
import { runCli } from "./run-cli";

// Failures outside a command's own flow (a library's stray rejection) still end as one line.
const failOutside = (error: unknown) => {
  process.stderr.write(`switchyard: ${describeCliError(error).line}\n`);
  process.exit(1);
};
process.on("unhandledRejection", failOutside);
process.on("uncaughtException", failOutside);

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  environment: process.env,
  workingDirectory: process.cwd(),
})
  // Exit explicitly: client libraries (Kafka, HTTP keep-alive) can hold the event loop open.
  .then((exitCode) => process.exit(exitCode))
  .catch(failOutside);
