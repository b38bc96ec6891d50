/**
 * Splits an SQL file into statements: a statement ends with `;` at the end of a
 * line, and whole-line `--` comments are dropped (ClickHouse's HTTP interface
 * runs one statement per request). Shipped files keep semicolons inside a
 * statement off line ends.
 */
export function splitSqlStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of text.replace(/\r\n/g, "\n").split("\n")) {
    if (/^\s*--/.test(line)) continue;
    const trimmedEnd = line.trimEnd();
    if (trimmedEnd.endsWith(";")) {
      current.push(trimmedEnd.slice(0, -1));
      pushStatement(statements, current);
      current = [];
    } else {
      current.push(line);
    }
  }
  pushStatement(statements, current);
  return statements;
}

function pushStatement(statements: string[], lines: string[]): void {
  const statement = lines.join("\n").trim();
  if (statement.length > 0) statements.push(statement);
}
