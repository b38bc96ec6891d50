import { createHash } from "node:crypto";

/** A 32-bit hash of the parts, stable across processes. */
export function hash32(...parts: string[]): number {
  return createHash("sha256").update(parts.join("\u0000")).digest().readUInt32BE(0);
}

/** A number in [0, 1) determined by the parts. */
export function hashToUnit(...parts: string[]): number {
  return hash32(...parts) / 2 ** 32;
}

export interface Random {
  /** [0, 1) */
  next(): number;
  /** An integer in [minimum, maximum]. */
  integer(minimum: number, maximum: number): number;
  pick<Item>(items: readonly Item[]): Item;
}

/** mulberry32: small, fast and good enough for test data; seeded by the parts. */
export function createRandom(...parts: string[]): Random {
  let state = hash32(...parts);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    integer: (minimum, maximum) => minimum + Math.floor(next() * (maximum - minimum + 1)),
    pick: <Item>(items: readonly Item[]) => items[Math.floor(next() * items.length)] as Item,
  };
}
