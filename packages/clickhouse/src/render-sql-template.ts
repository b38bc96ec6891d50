import { quoteLiteral, sqlTuple, type SqlValue } from "./quote-literal";

/**
 * `{name:Type}` placeholders, as in ClickHouse's own query parameters (which
 * 18.16 lacks): the shipped queries read the same as parameterised SQL on a
 * newer server, and are rendered here into literals through quoteLiteral.
 */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([^{}]+)\}/g;

type ParameterType =
  | { kind: "String" | "DateTime" | "Float64" | "UInt32" }
  | { kind: "Array"; element: ParameterType; text: string }
  | { kind: "Tuple"; elements: ParameterType[] };

/** The names and declared types of a template's placeholders. */
export function listPlaceholders(sql: string): Array<{ name: string; type: string }> {
  return [...sql.matchAll(PLACEHOLDER)].map((match) => ({ name: match[1] ?? "", type: (match[2] ?? "").trim() }));
}

/**
 * Replaces every `{name:Type}` with the literal of `values[name]`, after
 * checking that the value has that type (String, DateTime (a Date), Float64,
 * UInt32, Array(T), Tuple(T1, T2, …) given as a JavaScript array). Throws a
 * TypeError for a missing or mistyped value.
 */
export function renderSqlTemplate(sql: string, values: Readonly<Record<string, unknown>>): string {
  return sql.replace(PLACEHOLDER, (_whole, name: string, typeText: string) => {
    if (!(name in values)) throw new TypeError(`no value for the SQL parameter ${name}`);
    const type = parseParameterType(typeText.trim());
    return renderValue(values[name], type, name);
  });
}

function renderValue(value: unknown, type: ParameterType, name: string): string {
  if (type.kind === "Array" && Array.isArray(value) && value.length === 0) {
    // `[]` alone has no element type; functions such as indexOf need one.
    return `CAST([] AS ${type.text})`;
  }
  return quoteLiteral(toSqlValue(value, type, name));
}

function toSqlValue(value: unknown, type: ParameterType, name: string): SqlValue {
  const mismatch = () => new TypeError(`the SQL parameter ${name} is not a ${describeType(type)}`);
  switch (type.kind) {
    case "String":
      if (typeof value !== "string") throw mismatch();
      return value;
    case "DateTime":
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw mismatch();
      return value;
    case "Float64":
      if (typeof value !== "number" || !Number.isFinite(value)) throw mismatch();
      return value;
    case "UInt32":
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw mismatch();
      return value;
    case "Array":
      if (!Array.isArray(value)) throw mismatch();
      return value.map((item: unknown) => toSqlValue(item, type.element, name));
    case "Tuple":
      if (!Array.isArray(value) || value.length !== type.elements.length) throw mismatch();
      return sqlTuple(...type.elements.map((element, index) => toSqlValue(value[index], element, name)));
  }
}

function describeType(type: ParameterType): string {
  if (type.kind === "Array") return type.text;
  if (type.kind === "Tuple") return `Tuple(${type.elements.map(describeType).join(", ")})`;
  return type.kind;
}

function parseParameterType(text: string): ParameterType {
  if (text === "String" || text === "DateTime" || text === "Float64" || text === "UInt32") return { kind: text };
  const array = /^Array\((.+)\)$/.exec(text);
  if (array) return { kind: "Array", element: parseParameterType((array[1] ?? "").trim()), text };
  const tuple = /^Tuple\((.+)\)$/.exec(text);
  if (tuple) return { kind: "Tuple", elements: splitTopLevel(tuple[1] ?? "").map(parseParameterType) };
  throw new TypeError(`unsupported SQL parameter type ${text}`);
}

/** Splits "String, Array(Tuple(String, Float64))" at the commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const character of text) {
    if (character === "(") depth += 1;
    if (character === ")") depth -= 1;
    if (character === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else {
      current += character;
    }
  }
  parts.push(current.trim());
  return parts;
}
