// Deciding how to show a body. The core sends UTF-8 bodies as `body` and
// anything else as `body_base64`.
import { base64Bytes } from "./bytes";
import { HEX_LIMIT, hexDump } from "./hex";
import { prettyJson } from "./json";
import { findJsonProblem, skipSpace, type JsonProblem } from "./json-scan";
import { JsonTreeModel } from "./json-tree";

export type BodyKind = "json" | "text" | "binary" | "empty";

/** The label shown beside the body (and read by the end-to-end tests). */
export const BODY_KIND_LABEL: Record<BodyKind, string> = {
  json: "JSON",
  text: "Text",
  binary: "Binary",
  empty: "Empty",
};

export type BodySource = { body?: string | null; body_base64?: string | null };

/** A body read for the detail pane: nothing is rendered or copied from it yet. */
export type BodyReading =
  | { kind: "empty" }
  | { kind: "json"; text: string; model: JsonTreeModel }
  /** `problem` is set when the text looked like JSON (it opens with `{` or `[`) but is not. */
  | { kind: "text"; text: string; problem: JsonProblem | null }
  | { kind: "binary"; base64: string };

export function readBody(source: BodySource): BodyReading {
  if (typeof source.body === "string" && source.body.length > 0) {
    const text = source.body;
    const problem = findJsonProblem(text);
    if (problem === null) return { kind: "json", text, model: new JsonTreeModel(text) };
    const first = text[skipSpace(text, 0)];
    return { kind: "text", text, problem: first === "{" || first === "[" ? problem : null };
  }
  if (typeof source.body_base64 === "string" && source.body_base64.length > 0) {
    // The core always sends valid base64; anything else is shown as it came rather than failing.
    const base64 = source.body_base64;
    return BASE64.test(base64) ? { kind: "binary", base64 } : { kind: "text", text: base64, problem: null };
  }
  return { kind: "empty" };
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export type BodyViewName = "tree" | "pretty" | "raw" | "hex";

export const BODY_VIEW_LABEL: Record<BodyViewName, string> = { tree: "Tree", pretty: "Pretty", raw: "Raw", hex: "Hex" };

const VIEWS: Record<BodyKind, readonly BodyViewName[]> = {
  json: ["tree", "pretty", "raw", "hex"],
  text: ["raw", "hex"],
  binary: ["hex"],
  empty: [],
};

export function viewsFor(kind: BodyKind): readonly BodyViewName[] {
  return VIEWS[kind];
}

/** The view the developer last chose when this body has it, else the body's first one. */
export function chooseView(preferred: BodyViewName, kind: BodyKind): BodyViewName | null {
  const views = VIEWS[kind];
  return views.includes(preferred) ? preferred : (views[0] ?? null);
}

/** A body rendered whole, for small ones (replays): pretty JSON, text, or the start of a hex dump. */
export type BodyView =
  | { kind: "empty" }
  | { kind: "json"; text: string }
  | { kind: "text"; text: string }
  /** `shown` bytes of `total` are dumped; `shown < total` means the dump was cut. */
  | { kind: "binary"; text: string; shown: number; total: number };

export function classifyBody(source: BodySource, hexLimit = HEX_LIMIT): BodyView {
  if (typeof source.body === "string" && source.body.length > 0) {
    const pretty = prettyJson(source.body);
    return pretty === null ? { kind: "text", text: source.body } : { kind: "json", text: pretty };
  }
  if (typeof source.body_base64 === "string" && source.body_base64.length > 0) {
    try {
      const bytes = base64Bytes(source.body_base64);
      const shown = bytes.read(0, hexLimit);
      return { kind: "binary", text: hexDump(shown), shown: shown.length, total: bytes.total };
    } catch {
      // Not valid base64 (the core never sends that): show the raw string rather than nothing.
      return { kind: "text", text: source.body_base64 };
    }
  }
  return { kind: "empty" };
}
