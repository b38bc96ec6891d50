import type { TaskEvent } from "@switchyard/contracts";
import { allocateDemoTasks, DEMO_MIX, type DemoTaskKind } from "./demo-mix";
import { createSeededRandom, type SeededRandom } from "./seeded-random";
import { writeDemoPrompt } from "./write-demo-prompt";

export interface GenerateDemoTasksOptions {
  tasks: number;
  /** Makes task ids unique per run (a data folder can hold several runs). */
  runId: string;
  /** The workload's content; the same seed gives the same prompts. */
  seed?: string;
  createdAt?: Date;
}

// A few large tenants and a long tail, so that top-spenders has something to say.
const TENANTS: readonly { name: string; weight: number }[] = [
  { name: "acme-outdoor", weight: 30 },
  { name: "northwind-retail", weight: 22 },
  { name: "blue-harbor", weight: 15 },
  { name: "sunpeak-sports", weight: 10 },
  { name: "copperleaf-home", weight: 8 },
  { name: "kestrel-bikes", weight: 6 },
  { name: "fjordline", weight: 5 },
  { name: "redwood-co", weight: 4 },
];

/**
 * The demo's workload: the built-in task types in the article's mix, in a
 * shuffled order, with realistic prompt sizes and feature/tenant metadata.
 */
export function generateDemoTasks(options: GenerateDemoTasksOptions): TaskEvent[] {
  const random = createSeededRandom(options.seed ?? "switchyard-demo");
  const counts = allocateDemoTasks(options.tasks);
  const kinds: DemoTaskKind[] = DEMO_MIX.flatMap((kind) => Array.from({ length: counts.get(kind.type) ?? 0 }, () => kind));
  shuffle(kinds, random);
  const createdAt = (options.createdAt ?? new Date()).toISOString();
  return kinds.map((kind, index) => {
    const tokens = random.integer(kind.promptTokens.minimum, kind.promptTokens.maximum);
    const prompt = writeDemoPrompt(kind.type, tokens, random);
    return {
      version: 1,
      id: `${options.runId}-${kind.idPrefix}-${String(index + 1).padStart(6, "0")}`,
      type: kind.type,
      system: prompt.system,
      messages: [{ role: "user", content: prompt.user }],
      maxTokens: kind.maxTokens,
      temperature: 0,
      ...(prompt.outputSchema ? { outputSchema: prompt.outputSchema } : {}),
      metadata: { feature: kind.feature, tenant: pickTenant(random) },
      createdAt,
      // Every fifth keyword check is a nightly audit due tomorrow: it can wait for the batch lane.
      ...(kind.type === "keyword_relevance" && index % 5 === 0 ? { deadline: "30h" } : {}),
    };
  });
}

function pickTenant(random: SeededRandom): string {
  const total = TENANTS.reduce((sum, tenant) => sum + tenant.weight, 0);
  let draw = random.next() * total;
  for (const tenant of TENANTS) {
    draw -= tenant.weight;
    if (draw < 0) return tenant.name;
  }
  return TENANTS[0]?.name ?? "default";
}

// Fisher–Yates with the seeded generator: the same order on every run.
function shuffle<Item>(items: Item[], random: SeededRandom): void {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random.next() * (index + 1));
    const item = items[index] as Item;
    items[index] = items[other] as Item;
    items[other] = item;
  }
}
