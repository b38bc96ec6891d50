import type { ServiceProcess } from "@switchyard/test-support";

/**
 * The mean of each histogram a service exposes on its operations server, in
 * milliseconds: sum ÷ count over the label sets whose line contains the given text ("" for all).
 */
export async function readHistogramMeansMs(service: ServiceProcess, histograms: Readonly<Record<string, string>>): Promise<Record<string, number>> {
  const lines = await scrape(service);
  const means: Record<string, number> = {};
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

/** The value of each named unlabelled-or-single-series gauge (the first line of each), undefined where missing. */
export async function readGauges<Name extends string>(service: ServiceProcess, names: readonly Name[]): Promise<Partial<Record<Name, number>>> {
  const lines = await scrape(service);
  const values: Partial<Record<Name, number>> = {};
  for (const name of names) {
    const line = lines.find((candidate) => candidate.startsWith(`${name} `) || candidate.startsWith(`${name}{`));
    if (line) values[name] = Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return values;
}

async function scrape(service: ServiceProcess): Promise<string[]> {
  const port = service.logEntries().find((entry) => entry.msg === "operations server listening")?.port;
  if (typeof port !== "number") throw new Error(`${service.name}: no "operations server listening" line with its port`);
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return (await response.text()).split("\n");
}
