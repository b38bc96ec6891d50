export interface StructuredComparison {
  /** Share of fields (leaf paths, union of both sides) whose values match. */
  score: number;
  /** True only when every field matches. */
  agree: boolean;
  fields: number;
  mismatchedFields: string[];
}

/**
 * Field-level agreement of two JSON values. Leaves are compared by path;
 * numbers within a relative tolerance match, strings match after trimming.
 * A field present on one side only is a mismatch.
 */
export function compareStructuredOutputs(original: unknown, shadow: unknown, numberTolerance: number): StructuredComparison {
  const left = flattenLeaves(original);
  const right = flattenLeaves(shadow);
  const paths = new Set([...left.keys(), ...right.keys()]);
  const mismatchedFields: string[] = [];
  for (const path of paths) {
    if (!left.has(path) || !right.has(path) || !leavesMatch(left.get(path), right.get(path), numberTolerance)) {
      mismatchedFields.push(path);
    }
  }
  const fields = paths.size;
  if (fields === 0) return { score: 1, agree: true, fields: 0, mismatchedFields: [] };
  const score = (fields - mismatchedFields.length) / fields;
  return { score, agree: mismatchedFields.length === 0, fields, mismatchedFields: mismatchedFields.sort() };
}

function flattenLeaves(value: unknown, path = "$", leaves = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) leaves.set(path, "[]");
    value.forEach((item, index) => flattenLeaves(item, `${path}[${index}]`, leaves));
    return leaves;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) leaves.set(path, "{}");
    for (const [key, item] of entries) flattenLeaves(item, `${path}.${key}`, leaves);
    return leaves;
  }
  leaves.set(path, value);
  return leaves;
}

function leavesMatch(left: unknown, right: unknown, tolerance: number): boolean {
  if (typeof left === "number" && typeof right === "number") {
    const scale = Math.max(Math.abs(left), Math.abs(right), 1e-12);
    return Math.abs(left - right) <= tolerance * scale;
  }
  if (typeof left === "string" && typeof right === "string") return left.trim() === right.trim();
  return left === right;
}
