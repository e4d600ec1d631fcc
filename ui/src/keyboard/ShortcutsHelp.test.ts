import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

import { settle } from "../test/fake-core";
import { ACTIONS, keyLabel } from "./actions";
import { ActionRegistry } from "./registry.svelte";
import ShortcutsHelp from "./ShortcutsHelp.svelte";

const undo: Array<() => void> = [];

afterEach(() => {
  cleanup();
  undo.splice(0).forEach((done) => done());
});

/** A registry where every action but `except` has a handler. */
function registryWithAllBut(...except: string[]): ActionRegistry {
  const registry = new ActionRegistry();
  for (const spec of ACTIONS) {
    if (spec.id !== "help" && spec.id !== "close" && !except.includes(spec.id)) undo.push(registry.register(spec.id, vi.fn()));
  }
  return registry;
}

const listed = () => screen.queryAllByTestId("shortcut-keys").map((row) => row.dataset.action);

describe("the keyboard shortcuts overlay", () => {
  it("opens with ? and lists every shortcut, with its keys and words", async () => {
    render(ShortcutsHelp, { registry: registryWithAllBut() });
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();
    await fireEvent.keyDown(document.body, { key: "?", shiftKey: true });
    await settle();

    const dialog = screen.getByTestId("shortcuts-help");
    expect(dialog.getAttribute("role")).toBe("dialog");
    expect(document.activeElement).toBe(dialog);
    const withKeys = ACTIONS.filter((spec) => spec.keys.length > 0);
    expect(listed()).toEqual(withKeys.map((spec) => spec.id));
    const rows = screen.getAllByTestId("shortcut-keys");
    withKeys.forEach((spec, i) => {
      const kbds = [...(rows[i]?.querySelectorAll("kbd") ?? [])].map((k) => k.textContent);
      expect(kbds).toEqual(spec.keys.map(keyLabel));
    });
    expect(screen.getAllByTestId("shortcut-label").map((d) => d.textContent)).toEqual(withKeys.map((spec) => spec.label));
  });

  it("lists export only once something handles it, and menu-only actions never", async () => {
    const registry = registryWithAllBut("export");
    render(ShortcutsHelp, { registry });
    await fireEvent.keyDown(document.body, { key: "?" });
    await settle();
    expect(listed()).not.toContain("export");
    expect(listed()).not.toContain("import");
    undo.push(registry.register("export", vi.fn()));
    await settle();
    expect(listed()).toContain("export");
  });

  it("closes with Escape, with ? again or with Close, and gives focus back", async () => {
    const registry = registryWithAllBut();
    render(ShortcutsHelp, { registry });
    const before = document.createElement("button");
    document.body.append(before);
    before.focus();

    await fireEvent.keyDown(before, { key: "?" });
    await settle();
    await fireEvent.keyDown(screen.getByTestId("shortcuts-help"), { key: "Escape" });
    await settle();
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();
    expect(document.activeElement).toBe(before);

    await fireEvent.keyDown(before, { key: "?" });
    await settle();
    await fireEvent.keyDown(screen.getByTestId("shortcuts-help"), { key: "?" });
    await settle();
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();

    expect(registry.run("help")).toBe(true);
    await settle();
    await fireEvent.click(screen.getByTestId("shortcuts-close"));
    expect(screen.queryByTestId("shortcuts-help")).toBeNull();
    before.remove();
  });

  it("keeps the window's keys from acting behind it", async () => {
    const registry = new ActionRegistry();
    const next = vi.fn();
    undo.push(registry.register("next", next));
    render(ShortcutsHelp, { registry });
    await fireEvent.keyDown(document.body, { key: "?" });
    await settle();
    await fireEvent.keyDown(screen.getByTestId("shortcuts-help"), { key: "j" });
    expect(next).not.toHaveBeenCalled();
    // Escape is the overlay's while it is open, the window's again afterwards.
    expect(registry.has("close")).toBe(true);
    await fireEvent.keyDown(document.body, { key: "Escape" });
    await settle();
    expect(registry.has("close")).toBe(false);
  });
});
