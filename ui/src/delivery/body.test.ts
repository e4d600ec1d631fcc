import { describe, expect, it } from "vitest";

import { BODY_KIND_LABEL, chooseView, classifyBody, readBody } from "./body";
import { base64Bytes, textBytes } from "./bytes";
import { hexDump, hexLine } from "./hex";
import { prettyJson, prettyJsonPrefix } from "./json";

function base64Of(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}

describe("classifyBody", () => {
  it("pretty-prints a body that parses as JSON", () => {
    const view = classifyBody({ body: '{"hello":"world","n":[1,2]}' });
    expect(view).toEqual({ kind: "json", text: '{\n  "hello": "world",\n  "n": [\n    1,\n    2\n  ]\n}' });
    expect(BODY_KIND_LABEL[view.kind]).toBe("JSON");
  });

  it("shows other UTF-8 bodies as plain text, unchanged", () => {
    const body = "<img src=x onerror=alert(1)>\n{not json";
    expect(classifyBody({ body })).toEqual({ kind: "text", text: body });
  });

  it("shows base64 bodies as a hex dump", () => {
    const view = classifyBody({ body_base64: base64Of([0x00, 0xff, 0x41, 0x0a]) });
    expect(view.kind).toBe("binary");
    if (view.kind !== "binary") return;
    expect(view.text).toBe(`00000000  00 ff 41 0a${" ".repeat(37)}  |..A.|`);
    expect(view).toMatchObject({ shown: 4, total: 4 });
  });

  it("dumps only the first part of a large binary body and says how large it was", () => {
    const bytes = Array.from({ length: 100 }, (_, i) => (i * 7) & 0xff);
    const view = classifyBody({ body_base64: base64Of(bytes) }, 32);
    expect(view).toMatchObject({ kind: "binary", shown: 32, total: 100 });
    if (view.kind !== "binary") return;
    expect(view.text.split("\n")).toHaveLength(2);
  });

  it("caps at 64 KiB by default", () => {
    const bytes = new Uint8Array(70 * 1024).fill(0x80);
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    const view = classifyBody({ body_base64: btoa(binary) });
    expect(view).toMatchObject({ kind: "binary", shown: 64 * 1024, total: 70 * 1024 });
    if (view.kind !== "binary") return;
    expect(view.text.split("\n")).toHaveLength(4096);
  });

  it("calls a missing or empty body empty", () => {
    expect(classifyBody({})).toEqual({ kind: "empty" });
    expect(classifyBody({ body: "" })).toEqual({ kind: "empty" });
    expect(classifyBody({ body_base64: "" })).toEqual({ kind: "empty" });
    expect(BODY_KIND_LABEL.empty).toBe("Empty");
  });

  it("treats whitespace-only text as text, not JSON", () => {
    expect(classifyBody({ body: "  \n" })).toEqual({ kind: "text", text: "  \n" });
  });
});

describe("prettyJson", () => {
  it("keeps every literal exactly as sent (no number rounding, no unescaping)", () => {
    const text = '{"big":12345678901234567890,"f":1.0,"e":"caf\\u00e9","q":"a\\"b, {c}: [d]"}';
    expect(prettyJson(text)).toBe(
      '{\n  "big": 12345678901234567890,\n  "f": 1.0,\n  "e": "caf\\u00e9",\n  "q": "a\\"b, {c}: [d]"\n}',
    );
  });

  it("keeps empty containers on one line and re-indents already formatted input", () => {
    expect(prettyJson('{ "a" : { } ,\n "b":[ ] }')).toBe('{\n  "a": {},\n  "b": []\n}');
  });

  it("accepts top-level scalars and rejects invalid JSON", () => {
    expect(prettyJson("42")).toBe("42");
    expect(prettyJson('{"a":1')).toBeNull();
    expect(prettyJson("hello")).toBeNull();
  });
});

describe("hexDump", () => {
  it("writes offset, 8+8 hex bytes and a printable-ASCII column", () => {
    const bytes = new TextEncoder().encode('{"hello":"world"}');
    expect(hexDump(bytes)).toBe(
      '00000000  7b 22 68 65 6c 6c 6f 22  3a 22 77 6f 72 6c 64 22  |{"hello":"world"|\n' +
        "00000010  7d                                                |}|",
    );
  });

  it("pads short lines so the ASCII column lines up", () => {
    const full = hexLine(new Uint8Array(16), 0);
    const short = hexLine(new Uint8Array(3), 0);
    expect(short.indexOf("|")).toBe(full.indexOf("|"));
  });

  it("counts offsets in hex and shows non-printable bytes as dots", () => {
    const bytes = new Uint8Array(33).map((_, i) => (i === 32 ? 0x7f : 0x41));
    const lines = hexDump(bytes).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^00000020  7f\s+\|\.\|$/);
  });

  it("gives nothing for no bytes", () => {
    expect(hexDump(new Uint8Array())).toBe("");
  });
});

describe("readBody", () => {
  it("reads valid JSON as a tree model, whatever its depth", () => {
    const reading = readBody({ body: "[".repeat(50_000) + "]".repeat(50_000) });
    expect(reading.kind).toBe("json");
    if (reading.kind === "json") expect(reading.model.root.type).toBe("array");
  });

  it("notes the problem only when the text looked like JSON", () => {
    expect(readBody({ body: ' [1, 2,]' })).toMatchObject({ kind: "text", problem: { line: 1, column: 8 } });
    expect(readBody({ body: "a=1" })).toEqual({ kind: "text", text: "a=1", problem: null });
  });

  it("keeps base64 for the hex view, and shows anything else sent as base64 as text", () => {
    expect(readBody({ body_base64: "AAEC" })).toEqual({ kind: "binary", base64: "AAEC" });
    expect(readBody({ body_base64: "not base64!" })).toMatchObject({ kind: "text", text: "not base64!" });
    expect(readBody({})).toEqual({ kind: "empty" });
  });
});

describe("chooseView", () => {
  it("keeps the preferred view when the body has it, else takes the body's first", () => {
    expect(chooseView("pretty", "json")).toBe("pretty");
    expect(chooseView("pretty", "text")).toBe("raw");
    expect(chooseView("tree", "binary")).toBe("hex");
    expect(chooseView("hex", "text")).toBe("hex");
    expect(chooseView("tree", "empty")).toBeNull();
  });
});

describe("bytes", () => {
  it("decodes any range of a base64 body, at any offset", () => {
    const bytes = Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff);
    const source = base64Bytes(base64Of(bytes).replace(/(.{16})/g, "$1\n"));
    expect(source.total).toBe(100);
    for (const [offset, length] of [[0, 100], [1, 5], [2, 7], [3, 3], [97, 10], [64, 16]] as const) {
      expect([...source.read(offset, length)], `${offset}+${length}`).toEqual(bytes.slice(offset, offset + length));
    }
  });

  it("gives a text body's UTF-8 bytes", () => {
    const source = textBytes("é\n");
    expect(source.total).toBe(3);
    expect([...source.read(1, 5)]).toEqual([0xa9, 0x0a]);
  });

  it("numbers hex lines from where the page starts in the body", () => {
    expect(hexDump(new Uint8Array([0x41]), 0x4000)).toMatch(/^00004000  41 /);
  });
});

describe("prettyJsonPrefix", () => {
  it("stops soon after the limit and says whether it wrote everything", () => {
    const text = `[${Array.from({ length: 1000 }, (_, i) => i).join(",")}]`;
    const start = prettyJsonPrefix(text, 50);
    expect(start.complete).toBe(false);
    expect(start.text.length).toBeGreaterThanOrEqual(50);
    expect(start.text.length).toBeLessThan(60);
    expect(prettyJson(text)?.startsWith(start.text)).toBe(true);
    expect(prettyJsonPrefix(text, 1e9)).toEqual({ text: prettyJson(text), complete: true });
    // Only spaces left after the limit: that is all of it.
    expect(prettyJsonPrefix('{"a":1}  ', 13)).toEqual({ text: '{\n  "a": 1\n}', complete: true });
  });
});
