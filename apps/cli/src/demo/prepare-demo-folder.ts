import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError } from "@switchyard/platform";

/** Written into every demo data folder: only a folder that has it may be cleaned. */
export const DEMO_FOLDER_MARKER = ".switchyard-demo";

/**
 * Makes the demo's data folder ready for a run of its own. A folder that
 * already holds files is refused (its rows would be counted with the new
 * run's); with `clean`, a folder an earlier demo made is emptied first. A
 * folder without the demo's marker is never removed, whatever it holds.
 */
export function prepareDemoFolder(directory: string, shownDirectory: string, clean: boolean): void {
  if (existsSync(directory) && readdirSync(directory).length > 0) {
    if (!clean) {
      throw new ConfigurationError(
        "--data-dir",
        `${JSON.stringify(shownDirectory)} already holds data: a second run there would mix both runs' rows; give a new folder, or add --clean to start it anew`,
      );
    }
    if (!existsSync(join(directory, DEMO_FOLDER_MARKER))) {
      throw new ConfigurationError(
        "--data-dir",
        `${JSON.stringify(shownDirectory)} is not a demo data folder (no ${DEMO_FOLDER_MARKER} file): --clean removes only folders a demo made`,
      );
    }
    rmSync(directory, { recursive: true, force: true });
  }
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, DEMO_FOLDER_MARKER), "made by switchyard demo; switchyard demo --clean may empty this folder\n");
}
