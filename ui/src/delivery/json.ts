// Pretty-printing a JSON body for reading.
//
// JSON.stringify(JSON.parse(text)) would be shorter but it rewrites the payload:
// 12345678901234567890 becomes 12345678901234567000, 1.0 becomes 1 and "\u00e9"
// becomes "é". An inspector must show what was sent, so this re-indents the
// original text token by token and leaves every literal exactly as received.

const INDENT = "  ";

/** The body re-indented, or null when it is not valid JSON. */
export function prettyJson(text: string): string | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  return reindent(text);
}

// JSON's own whitespace set: anything else outside a string is part of a token.
function isJsonSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
}

/** Assumes `text` is valid JSON (checked by the caller). */
function reindent(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  const newline = () => "\n" + INDENT.repeat(depth);

  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"') {
      const end = stringEnd(text, i);
      out.push(text.slice(i, end));
      i = end;
      continue;
    }
    if (isJsonSpace(ch)) {
      i++;
      continue;
    }
    if (ch === "{" || ch === "[") {
      const close = ch === "{" ? "}" : "]";
      let next = i + 1;
      while (isJsonSpace(text[next])) next++;
      if (text[next] === close) {
        // Keep empty containers on one line: {} and [].
        out.push(ch + close);
        i = next + 1;
        continue;
      }
      depth++;
      out.push(ch + newline());
    } else if (ch === "}" || ch === "]") {
      depth--;
      out.push(newline() + ch);
    } else if (ch === ",") {
      out.push("," + newline());
    } else if (ch === ":") {
      out.push(": ");
    } else {
      out.push(ch);
    }
    i++;
  }
  return out.join("");
}

/** Index just past the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\") i += 2;
    else if (ch === '"') return i + 1;
    else i++;
  }
  return text.length;
}
