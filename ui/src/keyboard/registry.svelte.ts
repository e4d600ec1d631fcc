// Who handles each action of ACTIONS right now. A feature makes an action
// available by registering a handler — one line, undone when the feature goes
// away — and an action nobody handles is not listed in the help overlay, not
// enabled in the native menu, and its key does nothing.
import { untrack } from "svelte";

import { ACTIONS, type ActionId, type ActionSpec } from "./actions";
import { isChord, isTyping } from "./typing";

/** Runs the action; returns false when it did not apply just now (no delivery open), so the key passes through. */
export type ActionHandler = () => boolean | void;

export type RegisterOptions = {
  /** Asked when listing and before running: false hides the action (what it acts on is not on screen). */
  enabled?: () => boolean;
};

type Registration = { handler: ActionHandler; enabled: () => boolean };

// Keys that the focused element has a use for (a button's Enter, a scroll
// area's arrows): they are shortcuts only when nothing in particular has focus.
const FOCUS_KEYS = new Set(["ArrowDown", "ArrowUp", "Enter"]);

export class ActionRegistry {
  // One stack per action: the latest registration runs (an overlay's "close"
  // over another's), and the one below comes back when it is undone.
  #stacks = new Map<ActionId, Registration[]>();
  /** Bumped on every change, so `available` is reactive. */
  #version = $state(0);
  #target: EventTarget | null;
  #listening = false;

  /** `target` receives the key presses (the window; none in tests that only call `run`). */
  constructor(target: EventTarget | null = typeof window === "undefined" ? null : window) {
    this.#target = target;
  }

  /** The actions that can run now, in the order of ACTIONS. */
  get available(): ActionSpec[] {
    void this.#version;
    return ACTIONS.filter((spec) => this.#top(spec.id) !== undefined);
  }

  /** The available actions that have keys: what the help overlay lists. */
  get shortcuts(): ActionSpec[] {
    return this.available.filter((spec) => spec.keys.length > 0);
  }

  has(id: ActionId): boolean {
    void this.#version;
    return this.#top(id) !== undefined;
  }

  /** Makes `id` run `handler`; call the returned function to undo it. */
  register(id: ActionId, handler: ActionHandler, options: RegisterOptions = {}): () => void {
    const registration: Registration = { handler, enabled: options.enabled ?? (() => true) };
    this.#stacks.set(id, [...(this.#stacks.get(id) ?? []), registration]);
    this.#changed();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const rest = (this.#stacks.get(id) ?? []).filter((r) => r !== registration);
      if (rest.length > 0) this.#stacks.set(id, rest);
      else this.#stacks.delete(id);
      this.#changed();
    };
  }

  /** Runs `id`; true when a handler took it. */
  run(id: ActionId): boolean {
    const registration = this.#top(id);
    return registration !== undefined && registration.handler() !== false;
  }

  /** Runs `id` as asked from outside the window's keys (the native menu): dialogs still come first. */
  runFromMenu(id: ActionId): boolean {
    const spec = ACTIONS.find((s) => s.id === id);
    if (spec === undefined || (!spec.inDialog && dialogOpen())) return false;
    return this.run(id);
  }

  /** The action a key press asks for, or null: not while typing, not for chords, not behind a dialog. */
  actionFor(event: KeyboardEvent): ActionId | null {
    if (event.defaultPrevented || event.isComposing || isChord(event)) return null;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const spec = ACTIONS.find((s) => s.keys.includes(key) && this.#top(s.id) !== undefined);
    if (spec === undefined) return null;
    if (event.repeat && !spec.repeats) return null;
    if (!spec.whileTyping && isTyping(event.target)) return null;
    if (FOCUS_KEYS.has(key) && !nothingFocused(event.target)) return null;
    if (!spec.inDialog && dialogOpen()) return null;
    return spec.id;
  }

  #onkey = (event: Event): void => {
    if (!(event instanceof KeyboardEvent)) return;
    const id = this.actionFor(event);
    if (id !== null && this.run(id)) event.preventDefault();
  };

  #top(id: ActionId): Registration | undefined {
    const registration = this.#stacks.get(id)?.at(-1);
    return registration?.enabled() ? registration : undefined;
  }

  // Listens to the keys only while something is registered.
  #changed(): void {
    // Registering happens in effects: bumping must not make them depend on the count.
    untrack(() => this.#version++);
    const wanted = this.#stacks.size > 0;
    if (this.#target === null || wanted === this.#listening) return;
    if (wanted) this.#target.addEventListener("keydown", this.#onkey);
    else this.#target.removeEventListener("keydown", this.#onkey);
    this.#listening = wanted;
  }
}

/** A modal dialog (settings, the help overlay) is open over the window. */
function dialogOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

function nothingFocused(target: EventTarget | null): boolean {
  return target === null || target === document.body || target === document.documentElement || target === document;
}

/** The window's registry: features register here. */
export const appActions = new ActionRegistry();
