import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildJsonSchemas, serializeJsonSchema } from "./json-schemas";

// Run by `npm run schemas`: regenerates packages/contracts/schemas/.
const directory = join(__dirname, "..", "..", "schemas");
mkdirSync(directory, { recursive: true });
for (const [name, document] of Object.entries(buildJsonSchemas())) {
  writeFileSync(join(directory, name), serializeJsonSchema(document));
  process.stdout.write(`wrote schemas/${name}\n`);
}
