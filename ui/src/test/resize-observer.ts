// jsdom has no layout and no ResizeObserver; Svelte's bind:clientHeight needs one.
// This stand-in records what is observed so a test can announce a size change
// after giving an element a clientHeight of its own.
type Observed = { observer: ResizeObserverStub; target: Element };

const observed: Observed[] = [];

class ResizeObserverStub implements ResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element): void {
    observed.push({ observer: this, target });
  }
  unobserve(target: Element): void {
    const i = observed.findIndex((o) => o.observer === this && o.target === target);
    if (i >= 0) observed.splice(i, 1);
  }
  disconnect(): void {
    for (let i = observed.length - 1; i >= 0; i--) if (observed[i]?.observer === this) observed.splice(i, 1);
  }
  notify(target: Element): void {
    this.callback([{ target } as ResizeObserverEntry], this);
  }
}

export function installResizeObserver(): void {
  globalThis.ResizeObserver = ResizeObserverStub;
}

/** Gives `element` a height and tells its observers, as a real layout would. */
export function resize(element: HTMLElement, clientHeight: number): void {
  Object.defineProperty(element, "clientHeight", { configurable: true, value: clientHeight });
  for (const o of observed.filter((entry) => entry.target === element)) o.observer.notify(element);
}
