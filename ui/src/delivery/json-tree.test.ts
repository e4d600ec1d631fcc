import { describe, expect, it } from "vitest";

import { CHUNK, initialExpansion, JsonTreeModel, visibleRows, type TreeRow } from "./json-tree";

function describeRows(rows: TreeRow[]): string[] {
  return rows.map((row) =>
    row.kind === "more"
      ? `${"  ".repeat(row.depth)}(${row.shown} of ${row.total})`
      : `${"  ".repeat(row.depth)}${row.node.key ?? `#${row.node.index}`} ${row.node.type}${row.expanded ? " open" : ""}`,
  );
}

describe("JsonTreeModel", () => {
  it("lists members with their keys and literals exactly as sent", () => {
    const model = new JsonTreeModel(' {"big": 12345678901234567890, "f": 1.0, "caf\\u00e9": "\\u00e9", "list": [true, null]} ');
    expect(model.root).toMatchObject({ type: "object", key: null, start: 1 });
    const members = model.members(model.root, CHUNK);
    expect(members.map((m) => [m.key, m.type, model.literal(m)])).toEqual([
      ['"big"', "number", "12345678901234567890"],
      ['"f"', "number", "1.0"],
      ['"caf\\u00e9"', "string", '"\\u00e9"'],
      ['"list"', "array", "[true, null]"],
    ]);
    expect(model.size(model.root)).toBe(4);
    expect(model.size(members[0]!)).toBe(0);
  });

  it("copies a string's value decoded, and anything else as sent", () => {
    const model = new JsonTreeModel('{"s": "a\\"b\\u00e9", "n": 1.50, "o": {"x": [1]}}');
    const [s, n, o] = model.members(model.root, 3);
    expect(model.copyText(s!)).toBe('a"bé');
    expect(model.copyText(n!)).toBe("1.50");
    expect(model.copyText(o!)).toBe('{"x": [1]}');
  });

  it("cuts a literal at the limit asked", () => {
    const model = new JsonTreeModel(`["${"x".repeat(5000)}"]`);
    const [item] = model.members(model.root, 1);
    expect(model.literal(item!, 10)).toBe('"xxxxxxxxx');
    expect(model.literal(item!)).toHaveLength(5002);
  });

  it("reads members a chunk at a time and counts without listing", () => {
    const items = Array.from({ length: 250 }, (_, i) => `{"i": ${i}}`);
    const model = new JsonTreeModel(`[${items.join(",")}]`);
    expect(model.size(model.root)).toBe(250);
    const first = model.members(model.root, CHUNK);
    expect(first).toHaveLength(100);
    expect(model.literal(first[99]!)).toBe('{"i": 99}');
    const more = model.members(model.root, 2 * CHUNK);
    expect(more.slice(0, 100)).toEqual(first);
    expect(more[150]).toMatchObject({ index: 150, type: "object" });
    expect(model.members(model.root, 1000)).toHaveLength(250);
  });
});

describe("visibleRows", () => {
  const text = '{"a": {"b": [1, 2]}, "c": "x"}';

  it("shows only the members of expanded containers, in order", () => {
    const model = new JsonTreeModel(text);
    expect(describeRows(visibleRows(model, new Map()))).toEqual(["#0 object"]);
    const open = new Map([[model.root.start, CHUNK]]);
    expect(describeRows(visibleRows(model, open))).toEqual(["#0 object open", '  "a" object', '  "c" string']);
    const a = model.members(model.root, 1)[0]!;
    open.set(a.start, CHUNK);
    expect(describeRows(visibleRows(model, open))).toEqual([
      "#0 object open",
      '  "a" object open',
      '    "b" array',
      '  "c" string',
    ]);
  });

  it("adds a 'more' row under a container showing part of its members", () => {
    const model = new JsonTreeModel(`[${Array.from({ length: 230 }, (_, i) => i).join(",")}]`);
    const rows = visibleRows(model, new Map([[model.root.start, CHUNK]]));
    expect(rows).toHaveLength(102);
    expect(rows.at(-1)).toMatchObject({ kind: "more", shown: 100, total: 230, depth: 1 });
    const all = visibleRows(model, new Map([[model.root.start, 3 * CHUNK]]));
    expect(all).toHaveLength(231);
    expect(all.some((row) => row.kind === "more")).toBe(false);
  });
});

describe("initialExpansion", () => {
  it("opens a small event in full", () => {
    const model = new JsonTreeModel('{"type": "x", "proof": {"pi_a": ["1", "2"], "pi_b": [["1", "2"], ["3", "4"]]}, "attrs": {}}');
    const expansion = initialExpansion(model);
    const rows = visibleRows(model, expansion);
    const closed = rows.filter((row) => row.kind === "node" && !row.expanded && model.size(row.node) > 0);
    expect(closed).toEqual([]);
    expect(rows).toHaveLength(14);
    expect(expansion.size).toBe(6);
  });

  it("opens only the root of a huge array, a chunk of it", () => {
    const model = new JsonTreeModel(`[${Array.from({ length: 5000 }, (_, i) => `[${i}, ${i}]`).join(",")}]`);
    const expansion = initialExpansion(model);
    expect([...expansion.keys()]).toEqual([model.root.start]);
    expect(visibleRows(model, expansion)).toHaveLength(102);
  });

  it("opens a few levels of a body nested 100,000 deep, and any level can be opened", () => {
    const depth = 100_000;
    const model = new JsonTreeModel("[".repeat(depth) + '"bottom"' + "]".repeat(depth));
    const expansion = initialExpansion(model);
    expect(expansion.size).toBe(6);
    const rows = visibleRows(model, expansion);
    expect(rows).toHaveLength(7);
    expect(rows.at(-1)).toMatchObject({ depth: 6, expanded: false });

    // Open every level down to the bottom: a loop, no recursion anywhere.
    const open = new Map<number, number>();
    for (let i = 0; i < depth; i++) open.set(i, CHUNK);
    const all = visibleRows(model, open);
    expect(all).toHaveLength(depth + 1);
    const bottom = all.at(-1)!;
    expect(bottom.kind === "node" && model.literal(bottom.node)).toBe('"bottom"');
    expect(bottom.depth).toBe(depth);
  }, 30_000);
});
