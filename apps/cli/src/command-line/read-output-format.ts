import type { OptionValues } from "./command";
import { readChoice } from "./read-options";
import { OUTPUT_FORMATS, type OutputFormat } from "../output/output-formats";

/** The --format of the commands that print rows (FORMAT_OPTION), table by default. */
export function readOutputFormat(values: OptionValues): OutputFormat {
  return readChoice(values, "format", OUTPUT_FORMATS, "table");
}
