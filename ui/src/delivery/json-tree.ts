// A JSON body as a tree that is read only as far as it is opened.
//
// Nothing is parsed up front: a node is a pair of offsets into the body text,
// and a container's members are found when it is expanded, a chunk at a time.
// A 10 MiB array therefore costs the first hundred members, not ten million
// objects, and a body nested 100,000 levels deep costs one row per opened level.
import { measureContainer, skipSpace, stringEnd, valueEnd, type Extent } from "./json-scan";

export type JsonType = "object" | "array" | "string" | "number" | "boolean" | "null";

/** One value in the body: `start`/`end` are offsets into the text; `start` identifies it. */
export type JsonNode = {
  start: number;
  end: number;
  type: JsonType;
  /** The key as sent, quotes and escapes included; null for array items and the root. */
  key: string | null;
  /** The position among its parent's members. */
  index: number;
};

/** Members shown per "show more" step. */
export const CHUNK = 100;

function typeAt(text: string, at: number): JsonType {
  switch (text[at]) {
    case "{":
      return "object";
    case "[":
      return "array";
    case '"':
      return "string";
    case "t":
    case "f":
      return "boolean";
    case "n":
      return "null";
    default:
      return "number";
  }
}

export function isContainer(node: JsonNode): boolean {
  return node.type === "object" || node.type === "array";
}

/** Walks one container's members in order, remembering what it has found. */
class MemberCursor {
  readonly found: JsonNode[] = [];
  #at: number;
  #done = false;

  constructor(
    private readonly text: string,
    private readonly container: JsonNode,
    private readonly endOf: (start: number) => number,
  ) {
    this.#at = container.start + 1;
  }

  /** Reads members until `count` are known or there are no more. */
  fill(count: number): void {
    const { text } = this;
    const isObject = this.container.type === "object";
    while (!this.#done && this.found.length < count) {
      let at = skipSpace(text, this.#at);
      if (text[at] === ",") at = skipSpace(text, at + 1);
      if (text[at] === "}" || text[at] === "]" || at >= this.container.end) {
        this.#done = true;
        break;
      }
      let key: string | null = null;
      if (isObject) {
        const keyEnd = stringEnd(text, at);
        key = text.slice(at, keyEnd);
        at = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
      }
      const end = this.endOf(at);
      this.found.push({ start: at, end, type: typeAt(text, at), key, index: this.found.length });
      this.#at = end;
    }
  }
}

/**
 * Containers spanning fewer characters than this are measured again when
 * needed rather than remembered: cheap to scan, and a 10 MiB body can hold
 * millions of them.
 */
const REMEMBER_FROM = 4096;

/** The tree over one body text, assumed valid JSON (checked with findJsonProblem). */
export class JsonTreeModel {
  readonly root: JsonNode;
  readonly #cursors = new Map<number, MemberCursor>();
  /** Extents of measured containers, by start offset. */
  readonly #extents = new Map<number, Extent>();

  constructor(readonly text: string) {
    const start = skipSpace(text, 0);
    this.root = { start, end: this.#endOf(start), type: typeAt(text, start), key: null, index: 0 };
  }

  #extent(start: number): Extent {
    const known = this.#extents.get(start);
    if (known !== undefined) return known;
    const extent = measureContainer(this.text, start, (from, end, members) => {
      if (end - from >= REMEMBER_FROM) this.#extents.set(from, { start: from, end, members });
    });
    this.#extents.set(start, extent);
    return extent;
  }

  /** Where the value starting at `start` ends. */
  #endOf(start: number): number {
    const c = this.text[start];
    return c === "{" || c === "[" ? this.#extent(start).end : valueEnd(this.text, start);
  }

  /** The first `count` members of `node` (fewer when it has fewer). */
  members(node: JsonNode, count: number): JsonNode[] {
    let cursor = this.#cursors.get(node.start);
    if (cursor === undefined) {
      cursor = new MemberCursor(this.text, node, (start) => this.#endOf(start));
      this.#cursors.set(node.start, cursor);
    }
    cursor.fill(count);
    return cursor.found.slice(0, count);
  }

  /** How many members `node` has (0 for scalars); read once, then remembered. */
  size(node: JsonNode): number {
    return isContainer(node) ? this.#extent(node.start).members : 0;
  }

  /** The node's text exactly as sent, cut at `limit` characters. */
  literal(node: JsonNode, limit = Infinity): string {
    return this.text.slice(node.start, Math.min(node.end, node.start + limit));
  }

  /** What a copy of the node gives: a string's decoded value, anything else as sent. */
  copyText(node: JsonNode): string {
    const literal = this.literal(node);
    return node.type === "string" ? (JSON.parse(literal) as string) : literal;
  }
}

/** Expanded containers (by start offset) and how many of their members are shown. */
export type Expansion = ReadonlyMap<number, number>;

export type TreeRow =
  | { kind: "node"; node: JsonNode; depth: number; expanded: boolean }
  /** The "show more" line under a container that shows `shown` of its `total` members. */
  | { kind: "more"; parent: JsonNode; depth: number; shown: number; total: number };

/**
 * The rows to draw, in order: every expanded container's shown members under it.
 * A loop with its own stack, not recursion, so nothing depends on the depth.
 */
export function visibleRows(model: JsonTreeModel, expansion: Expansion): TreeRow[] {
  const rows: TreeRow[] = [];
  const stack: TreeRow[] = [{ kind: "node", node: model.root, depth: 0, expanded: expansion.has(model.root.start) }];
  while (stack.length > 0) {
    const row = stack.pop() as TreeRow;
    rows.push(row);
    if (row.kind !== "node" || !row.expanded) continue;
    const shown = expansion.get(row.node.start) ?? CHUNK;
    const members = model.members(row.node, shown);
    const total = model.size(row.node);
    if (members.length < total) {
      stack.push({ kind: "more", parent: row.node, depth: row.depth + 1, shown: members.length, total });
    }
    for (let i = members.length - 1; i >= 0; i--) {
      const node = members[i] as JsonNode;
      stack.push({ kind: "node", node, depth: row.depth + 1, expanded: expansion.has(node.start) });
    }
  }
  return rows;
}

/**
 * What is open when a body is first shown: the root, then level by level every
 * container whose members still fit in `budget` rows, down to `maxDepth`. A
 * small event opens in full; a huge one shows its first level.
 */
export function initialExpansion(model: JsonTreeModel, budget = 150, maxDepth = 6): Map<number, number> {
  const expansion = new Map<number, number>();
  if (!isContainer(model.root)) return expansion;
  const rowsOf = (node: JsonNode) => Math.min(model.size(node), CHUNK) + (model.size(node) > CHUNK ? 1 : 0);
  let rows = 1;
  let level: JsonNode[] = [model.root];
  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    // A whole level opens or none of it: half-open siblings would look arbitrary.
    const adds = level.reduce((sum, node) => sum + rowsOf(node), 0);
    if (depth > 0 && rows + adds > budget) break;
    rows += adds;
    const next: JsonNode[] = [];
    for (const node of level) {
      expansion.set(node.start, CHUNK);
      for (const member of model.members(node, CHUNK)) if (model.size(member) > 0) next.push(member);
    }
    level = next;
  }
  return expansion;
}
