import type { OptionSpecification } from "./command";
import { OUTPUT_FORMATS } from "../output/output-formats";

/** --format of the commands that print rows. */
export const FORMAT_OPTION: OptionSpecification = {
  type: "string",
  short: "f",
  valueName: OUTPUT_FORMATS.join("|"),
  description: "output format (default table)",
};

/** --data-dir of the commands that read a demo's chDB folder instead of the server. */
export const DATA_DIR_OPTION: OptionSpecification = { type: "string", valueName: "DIR", description: "query a demo's chDB data folder instead of the server" };
