import { isAbsolute, relative, resolve } from "node:path";

/** An absolute path for a path the user typed. */
export function resolveUserPath(workingDirectory: string, path: string): string {
  return resolve(workingDirectory, path);
}

/** The path as the user should type it from the working directory: relative when inside it. */
export function displayPath(workingDirectory: string, path: string): string {
  const relativePath = relative(workingDirectory, path);
  if (relativePath === "") return ".";
  return relativePath.startsWith("..") || isAbsolute(relativePath) ? path : relativePath;
}
