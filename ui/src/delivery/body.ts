// Deciding how to show a delivery's body. The core sends UTF-8 bodies as `body`
// and anything else as `body_base64`; this turns that into one of four views.
import { HEX_LIMIT, hexDump } from "./hex";
import { prettyJson } from "./json";

export type BodyKind = "json" | "text" | "binary" | "empty";

export type BodyView =
  | { kind: "empty" }
  | { kind: "json"; text: string }
  | { kind: "text"; text: string }
  /** `shown` bytes of `total` are dumped; `shown < total` means the dump was cut. */
  | { kind: "binary"; text: string; shown: number; total: number };

/** The label shown beside the body (and read by the end-to-end tests). */
export const BODY_KIND_LABEL: Record<BodyKind, string> = {
  json: "JSON",
  text: "Text",
  binary: "Binary",
  empty: "Empty",
};

export type BodySource = { body?: string | null; body_base64?: string | null };

export function classifyBody(source: BodySource, hexLimit = HEX_LIMIT): BodyView {
  if (typeof source.body === "string" && source.body.length > 0) {
    const pretty = prettyJson(source.body);
    return pretty === null ? { kind: "text", text: source.body } : { kind: "json", text: pretty };
  }
  if (typeof source.body_base64 === "string" && source.body_base64.length > 0) {
    return binaryView(source.body_base64, hexLimit);
  }
  return { kind: "empty" };
}

function binaryView(base64: string, hexLimit: number): BodyView {
  const clean = base64.replace(/\s+/g, "");
  const total = decodedLength(clean);
  // Decode only what is shown: 4 base64 characters carry 3 bytes.
  const prefix = clean.slice(0, Math.ceil(hexLimit / 3) * 4);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(prefix).subarray(0, hexLimit);
  } catch {
    // Not valid base64 (the core never sends that): show the raw string rather than nothing.
    return { kind: "text", text: base64 };
  }
  return { kind: "binary", text: hexDump(bytes), shown: bytes.length, total };
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
