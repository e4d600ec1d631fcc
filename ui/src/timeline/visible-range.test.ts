import { describe, expect, it } from "vitest";

import { scrollToReveal, visibleRange } from "./visible-range";

describe("visibleRange", () => {
  it("renders the rows in view plus overscan, clamped to the list", () => {
    expect(visibleRange(0, 100, 1000, 10, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(500, 100, 1000, 10, 5)).toEqual({ start: 45, end: 65 });
    expect(visibleRange(9950, 100, 1000, 10, 5)).toEqual({ start: 990, end: 1000 });
    expect(visibleRange(0, 0, 0)).toEqual({ start: 0, end: 0 });
  });

  it("keeps the DOM small for a huge list", () => {
    const { start, end } = visibleRange(1_000_000, 600, 100_000);
    expect(end - start).toBeLessThan(60);
  });
});

describe("scrollToReveal", () => {
  it("scrolls just enough to show a row", () => {
    expect(scrollToReveal(5, 100, 50, 10)).toBe(50);
    expect(scrollToReveal(20, 100, 50, 10)).toBe(160);
    expect(scrollToReveal(12, 100, 50, 10)).toBeNull();
  });
});
