#!/usr/bin/env node
// The installed `switchyard` command: runs the compiled command line.
// A checked-in launcher (not dist/src/main.js itself) so that npm links a file
// that exists, and is executable, right after `npm ci`.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const main = join(__dirname, "..", "dist", "src", "main.js");
if (!existsSync(main)) {
  process.stderr.write("switchyard: the command line is not built yet: run `npm run build` in the repository\n");
  process.exit(1);
}
require(main);
