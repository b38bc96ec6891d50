import { runCli } from "./run-cli";

// Failures outside a command's own flow (a library's stray rejection) still end as one line.
// The describer loads on the first failure: it pulls in the platform package, which --help does without.
const failOutside = (error: unknown) => {
  void import("./command-line/describe-cli-error.js")
    .then(({ describeCliError }) => process.stderr.write(`switchyard: ${describeCliError(error).line}\n`))
    .finally(() => process.exit(1));
};
process.on("unhandledRejection", failOutside);
process.on("uncaughtException", failOutside);

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: process.stdin builds its stream on first use, a few ms that --help does without.
  get stdin() {
    return process.stdin;
  },
  environment: process.env,
  workingDirectory: process.cwd(),
})
  // Exit explicitly: client libraries (Kafka, HTTP keep-alive) can hold the event loop open.
  .then((exitCode) => process.exit(exitCode))
  .catch(failOutside);
