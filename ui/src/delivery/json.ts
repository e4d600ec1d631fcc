// Pretty-printing a JSON body for reading.
//
// JSON.stringify(JSON.parse(text)) would be shorter but it rewrites the payload:
// 12345678901234567890 becomes 12345678901234567000, 1.0 becomes 1 and "\u00e9"
// becomes "é". An inspector must show what was sent, so this re-indents the
// original text token by token and leaves every literal exactly as received.
import { findJsonProblem, isJsonSpace, skipSpace, stringEnd, valueEnd } from "./json-scan";

const INDENT = "  ";

/** The body re-indented, or null when it is not valid JSON. */
export function prettyJson(text: string): string | null {
  return findJsonProblem(text) === null ? reindent(text).text : null;
}

/**
 * The start of the re-indented text: it stops once `limit` characters are
 * written (a few more may follow), so a 10 MiB body costs only what is shown.
 * `complete` says whether the whole text was written.
 */
export function prettyJsonPrefix(text: string, limit: number): { text: string; complete: boolean } {
  return reindent(text, limit);
}

/** Assumes `text` is valid JSON (checked by the caller). */
function reindent(text: string, limit = Infinity): { text: string; complete: boolean } {
  const out: string[] = [];
  let written = 0;
  let depth = 0;
  let i = 0;
  const newline = () => "\n" + INDENT.repeat(depth);
  const push = (part: string) => {
    out.push(part);
    written += part.length;
  };

  while (i < text.length) {
    if (written >= limit && skipSpace(text, i) < text.length) return { text: out.join(""), complete: false };
    const ch = text[i] as string;
    if (ch === '"') {
      const end = stringEnd(text, i);
      push(text.slice(i, end));
      i = end;
      continue;
    }
    if (isJsonSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    if (ch === "{" || ch === "[") {
      const close = ch === "{" ? "}" : "]";
      const next = skipSpace(text, i + 1);
      if (text[next] === close) {
        // Keep empty containers on one line: {} and [].
        push(ch + close);
        i = next + 1;
        continue;
      }
      depth++;
      push(ch + newline());
    } else if (ch === "}" || ch === "]") {
      depth--;
      push(newline() + ch);
    } else if (ch === ",") {
      push("," + newline());
    } else if (ch === ":") {
      push(": ");
    } else {
      // A number or true/false/null, as sent.
      const end = valueEnd(text, i);
      push(text.slice(i, end));
      i = end;
      continue;
    }
    i++;
  }
  return { text: out.join(""), complete: true };
}
