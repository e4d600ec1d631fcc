// The header editor is a textarea with one `name: value` per line, the way
// headers look on the wire; these turn a header list into that text and back.

export type Header = [string, string];

export function headersToText(headers: readonly Header[]): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join("\n");
}

/** Blank lines are skipped; a line with no name before its colon is an error naming the line. */
export function parseHeaderText(text: string): { headers: Header[] } | { error: string } {
  const headers: Header[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const colon = line.indexOf(":");
    const name = colon < 0 ? "" : line.slice(0, colon).trim();
    if (name === "" || /\s/.test(name)) {
      return { error: `Line ${index + 1} is not a header: write each one as "name: value".` };
    }
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { headers };
}
