import type { ServiceProcess } from "@switchyard/test-support";

/**
 * The mean of each histogram a service exposes on its operations server, in
 * milliseconds: sum ÷ count over the label sets whose line contains the given text ("" for all).
 */
export async function readHistogramMeansMs(service: ServiceProcess, histograms: Readonly<Record<string, string>>): Promise<Record<string, number>> {
  const port = service.logEntries().find((entry) => entry.msg === "operations server listening")?.port;
  if (typeof port !== "number") throw new Error(`${service.name}: no "operations server listening" line with its port`);
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const means: Record<string, number> = {};
  const lines = text.split("\n");
  for (const [name, labelText] of Object.entries(histograms)) {
    const total = (suffix: string) =>
      lines
        .filter((line) => line.startsWith(`${name}_${suffix}`) && line.includes(labelText))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
    const count = total("count");
    means[name] = count > 0 ? (total("sum") / count) * 1000 : Number.NaN;
  }
  return means;
}
