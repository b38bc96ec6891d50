import { Counter, Gauge, Histogram, type CounterConfiguration, type GaugeConfiguration, type HistogramConfiguration, type Registry } from "prom-client";
import { acceptCells, flushCounterCells } from "./counter-cell";

// Get-or-create: the embedded mode and the tests run several loops, routers and shadows against
// one registry, and prom-client refuses a second metric of the same name.

/** A counter whose `counterCell`s are added to it whenever it is read. */
export function getOrCreateCounter<Label extends string>(registry: Registry, configuration: Omit<CounterConfiguration<Label>, "registers">): Counter<Label> {
  const found = existing(registry, configuration.name, Counter);
  if (found) return found;
  const own = configuration.collect;
  const created = new Counter({
    ...configuration,
    registers: [registry],
    collect() {
      flushCounterCells(this);
      return own?.call(this);
    },
  });
  acceptCells(created);
  return created;
}

export function getOrCreateGauge<Label extends string>(registry: Registry, configuration: Omit<GaugeConfiguration<Label>, "registers">): Gauge<Label> {
  return existing(registry, configuration.name, Gauge) ?? new Gauge({ ...configuration, registers: [registry] });
}

export function getOrCreateHistogram<Label extends string>(
  registry: Registry,
  configuration: Omit<HistogramConfiguration<Label>, "registers">,
): Histogram<Label> {
  return existing(registry, configuration.name, Histogram) ?? new Histogram({ ...configuration, registers: [registry] });
}

function existing<Metric>(registry: Registry, name: string, kind: abstract new (...parameters: never[]) => Metric): Metric | undefined {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  if (!(metric instanceof kind)) throw new TypeError(`metric ${name} is already registered as another kind of metric`);
  return metric;
}
