import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it } from "vitest";

import { mockClipboard } from "../test/clipboard";
import { settle } from "../test/fake-core";
import { JsonTreeModel } from "./json-tree";
import JsonTree from "./JsonTree.svelte";

afterEach(cleanup);

function mount(text: string) {
  return render(JsonTree, { model: new JsonTreeModel(text) });
}

/** Each row as one line: indentation by depth, then its text without the copy button. */
function rowTexts(): string[] {
  return screen.getAllByTestId("tree-row").map((row) => {
    const clone = row.cloneNode(true) as HTMLElement;
    clone.querySelectorAll(".actions").forEach((actions) => actions.remove());
    return `${"  ".repeat(Number(row.dataset.depth))}${clone.textContent?.replace(/\s+/g, " ").trim()}`;
  });
}

function rowWithKey(key: string): HTMLElement {
  const row = screen.getAllByTestId("tree-row").find((r) => r.querySelector("[data-testid=tree-key]")?.textContent === key);
  if (row === undefined) throw new Error(`no row for ${key}`);
  return row;
}

// Rendering hundreds of rows in jsdom is slow on a busy machine: generous timeouts, no timing asserted.
describe("JsonTree", { timeout: 30_000 }, () => {
  it("opens a small body in full, keys and literals exactly as sent", () => {
    mount('{"id": 12345678901234567890, "f": 1.0, "e": "caf\\u00e9", "tags": ["a"], "none": {}, "ok": true}');
    expect(rowTexts()).toEqual([
      "▾ { 6 keys",
      '  "id": 12345678901234567890',
      '  "f": 1.0',
      '  "e": "caf\\u00e9"',
      '  ▾ "tags": [ 1 item',
      '    0: "a"',
      '  "none": {}',
      '  "ok": true',
    ]);
  });

  it("collapses and expands a node; members of a closed node are not in the document", async () => {
    mount('{"outer": {"inner": {"leaf": 1}}, "after": 2}');
    const toggle = within(rowWithKey('"outer"')).getByTestId("tree-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(toggle.getAttribute("aria-label")).toBe('Collapse "outer"');

    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(rowTexts()).toEqual(["▾ { 2 keys", '  ▸ "outer": {…} 1 key', '  "after": 2']);
    expect(screen.queryByText('"inner"')).toBeNull();

    await fireEvent.click(toggle);
    expect(rowTexts()).toContain('      "leaf": 1');
  });

  it("renders nothing below the first levels of a deep body until a level is opened", async () => {
    const depth = 100_000;
    mount("[".repeat(depth) + '"bottom"' + "]".repeat(depth));
    const rows = screen.getAllByTestId("tree-row");
    expect(rows).toHaveLength(7);
    expect(screen.queryByText('"bottom"')).toBeNull();

    const deepest = rows.at(-1)!;
    expect(deepest.dataset.depth).toBe("6");
    await fireEvent.click(within(deepest).getByTestId("tree-toggle"));
    expect(screen.getAllByTestId("tree-row")).toHaveLength(8);
    expect(screen.getAllByTestId("tree-count").at(-1)?.textContent).toBe("1 item");
  });

  it("shows a big array a hundred members at a time", async () => {
    mount(`{"items": [${Array.from({ length: 250 }, (_, i) => i * 2).join(",")}]}`);
    expect(within(rowWithKey('"items"')).getByTestId("tree-count").textContent).toBe("250 items");
    const values = () => screen.getAllByTestId("tree-value").map((v) => v.textContent);
    expect(values()).toHaveLength(100);
    expect(values().at(-1)).toBe("198");
    expect(screen.getByTestId("tree-more-row").textContent).toContain("100 of 250 shown");

    await fireEvent.click(screen.getByTestId("tree-show-more"));
    expect(values()).toHaveLength(200);
    expect(screen.getByTestId("tree-show-more").textContent?.trim()).toBe("Show 50 more");

    await fireEvent.click(screen.getByTestId("tree-show-more"));
    expect(values()).toHaveLength(250);
    expect(values().at(-1)).toBe("498");
    expect(screen.queryByTestId("tree-more-row")).toBeNull();
  });

  it("cuts a long value until asked, and copies it whole and decoded", async () => {
    const written = mockClipboard();
    const long = "é".repeat(3000);
    mount(`{"blob": "${long.replaceAll("é", "\\u00e9")}", "n": 1}`);
    const row = rowWithKey('"blob"');
    const value = within(row).getByTestId("tree-value");
    expect(value.textContent).toHaveLength(1000);
    await fireEvent.click(within(row).getByTestId("tree-literal-toggle"));
    expect(value.textContent).toHaveLength(6 * 3000 + 2);

    await fireEvent.click(within(row).getByTestId("tree-copy"));
    await settle();
    expect(written).toEqual([long]);
    await fireEvent.click(within(rowWithKey('"n"')).getByTestId("tree-copy"));
    await settle();
    expect(written.at(-1)).toBe("1");
  });

  it("creates no element from markup in keys or values", () => {
    const view = mount('{"<img src=x onerror=alert(1)>": "<script>alert(2)</script>"}');
    expect(view.container.querySelector("img, script")).toBeNull();
    expect(screen.getByTestId("tree-key").textContent).toBe('"<img src=x onerror=alert(1)>"');
    expect(screen.getByTestId("tree-value").textContent).toBe('"<script>alert(2)</script>"');
  });
});
