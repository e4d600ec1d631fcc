import { afterEach, describe, expect, it, vi } from "vitest";

import { ACTIONS, keyLabel, keyOf } from "./actions";
import { ActionRegistry } from "./registry.svelte";

/** Presses `key` on `target` (the body by default); true when the press was taken (default prevented). */
function press(key: string, init: KeyboardEventInit = {}, target: Element = document.body): boolean {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event.defaultPrevented;
}

function field(tag: "input" | "textarea" | "select" | "button", type?: string): HTMLElement {
  const element = document.createElement(tag);
  if (type !== undefined) element.setAttribute("type", type);
  document.body.append(element);
  return element;
}

const undo: Array<() => void> = [];
function registered(registry: ActionRegistry, id: Parameters<ActionRegistry["register"]>[0], handler = vi.fn()) {
  undo.push(registry.register(id, handler));
  return handler;
}

afterEach(() => {
  undo.splice(0).forEach((done) => done());
  document.body.replaceChildren();
});

describe("the action registry", () => {
  it("runs the handler of the key pressed, in either case, and takes the press", () => {
    const registry = new ActionRegistry();
    const next = registered(registry, "next");
    const replay = registered(registry, "replay");
    expect(press("j")).toBe(true);
    expect(press("ArrowDown")).toBe(true);
    expect(press("R", { shiftKey: true })).toBe(true);
    expect(next).toHaveBeenCalledTimes(2);
    expect(replay).toHaveBeenCalledTimes(1);
  });

  it("leaves a key alone when nothing handles its action (no export handler: e does nothing)", () => {
    const registry = new ActionRegistry();
    registered(registry, "next");
    expect(press("e")).toBe(false);
    expect(press("x")).toBe(false);
    const exporter = registered(registry, "export");
    expect(press("e")).toBe(true);
    expect(exporter).toHaveBeenCalledOnce();
  });

  it("never fires while typing in a field, but does on checkboxes and buttons", () => {
    const registry = new ActionRegistry();
    const replay = registered(registry, "replay");
    const editable = document.createElement("div");
    editable.setAttribute("contenteditable", "true");
    const inside = document.createElement("span");
    editable.append(inside);
    document.body.append(editable);
    for (const target of [field("input"), field("input", "search"), field("textarea"), field("select"), inside]) {
      expect(press("r", {}, target)).toBe(false);
    }
    expect(replay).not.toHaveBeenCalled();
    expect(press("r", {}, field("input", "checkbox"))).toBe(true);
    expect(press("r", {}, field("button"))).toBe(true);
    expect(replay).toHaveBeenCalledTimes(2);
  });

  it("leaves chords, repeats of one-shot actions and handled presses alone", () => {
    const registry = new ActionRegistry();
    const copy = registered(registry, "copy-curl");
    const next = registered(registry, "next");
    expect(press("c", { ctrlKey: true })).toBe(false);
    expect(press("c", { metaKey: true })).toBe(false);
    expect(press("c", { altKey: true })).toBe(false);
    expect(press("c", { repeat: true })).toBe(false);
    const handled = field("button");
    handled.addEventListener("keydown", (event) => event.preventDefault());
    press("c", {}, handled);
    expect(copy).not.toHaveBeenCalled();
    // Holding j keeps moving.
    expect(press("j", { repeat: true })).toBe(true);
    expect(next).toHaveBeenCalledOnce();
  });

  it("lets the focused element keep its arrows and Enter; j and k work from anywhere", () => {
    const registry = new ActionRegistry();
    const next = registered(registry, "next");
    const open = registered(registry, "open");
    const button = field("button");
    expect(press("Enter", {}, button)).toBe(false);
    expect(press("ArrowDown", {}, button)).toBe(false);
    expect(open).not.toHaveBeenCalled();
    expect(press("j", {}, button)).toBe(true);
    expect(press("Enter")).toBe(true);
    expect(next).toHaveBeenCalledOnce();
    expect(open).toHaveBeenCalledOnce();
  });

  it("only closes while a dialog is open, even from a field", () => {
    const registry = new ActionRegistry();
    const next = registered(registry, "next");
    const close = registered(registry, "close");
    const dialog = document.createElement("div");
    dialog.setAttribute("aria-modal", "true");
    const input = document.createElement("input");
    dialog.append(input);
    document.body.append(dialog);
    expect(press("j", {}, dialog)).toBe(false);
    expect(next).not.toHaveBeenCalled();
    expect(press("Escape", {}, input)).toBe(true);
    expect(close).toHaveBeenCalledOnce();
    expect(registry.runFromMenu("next")).toBe(false);
  });

  it("runs the latest registration of an action and falls back when it is undone", () => {
    const registry = new ActionRegistry();
    const windowClose = registered(registry, "close");
    const overlayClose = vi.fn();
    const done = registry.register("close", overlayClose);
    press("Escape");
    done();
    done();
    press("Escape");
    expect(overlayClose).toHaveBeenCalledOnce();
    expect(windowClose).toHaveBeenCalledOnce();
  });

  it("passes a key on when the handler says it did not apply", () => {
    const registry = new ActionRegistry();
    const replay = registered(registry, "replay", vi.fn(() => false));
    expect(press("r")).toBe(false);
    expect(replay).toHaveBeenCalledOnce();
  });

  it("lists what is available in the order of ACTIONS, hiding what is not on screen", () => {
    const registry = new ActionRegistry(null);
    let shown = false;
    undo.push(registry.register("search", () => true, { enabled: () => shown }));
    registered(registry, "import");
    registered(registry, "help");
    registered(registry, "next");
    expect(registry.available.map((spec) => spec.id)).toEqual(["next", "import", "help"]);
    expect(registry.shortcuts.map((spec) => spec.id)).toEqual(["next", "help"]);
    shown = true;
    expect(registry.available.map((spec) => spec.id)).toEqual(["next", "search", "import", "help"]);
    expect(registry.has("export")).toBe(false);
    expect(registry.run("export")).toBe(false);
  });

  it("stops listening once nothing is registered", () => {
    const target = new EventTarget();
    const add = vi.spyOn(target, "addEventListener");
    const remove = vi.spyOn(target, "removeEventListener");
    const registry = new ActionRegistry(target);
    const a = registry.register("next", () => true);
    const b = registry.register("previous", () => true);
    a();
    expect(remove).not.toHaveBeenCalled();
    b();
    expect(add).toHaveBeenCalledOnce();
    expect(remove).toHaveBeenCalledOnce();
  });
});

describe("the action list", () => {
  it("gives each action one id and each key one action", () => {
    const ids = ACTIONS.map((spec) => spec.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = ACTIONS.flatMap((spec) => spec.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key.length === 1 ? key.toLowerCase() : key).toBe(key);
  });

  it("has the documented keys", () => {
    expect(ACTIONS.find((s) => s.id === "next")?.keys).toEqual(["j", "ArrowDown"]);
    expect(ACTIONS.find((s) => s.id === "previous")?.keys).toEqual(["k", "ArrowUp"]);
    expect([keyOf("open"), keyOf("search"), keyOf("replay"), keyOf("copy-curl"), keyOf("export"), keyOf("help"), keyOf("close")]).toEqual([
      "Enter",
      "/",
      "r",
      "c",
      "e",
      "?",
      "Escape",
    ]);
    expect(keyOf("import")).toBe("");
    expect(["ArrowDown", "Escape", "j"].map(keyLabel)).toEqual(["↓", "Esc", "j"]);
  });
});
