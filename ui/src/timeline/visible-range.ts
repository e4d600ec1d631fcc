// Which rows of a fixed-row-height list are worth rendering: those in the
// viewport plus some overscan, so scrolling does not show blank gaps.

/** Row height in CSS pixels; the stylesheet's --row-height must match. */
export const ROW_HEIGHT = 26;
export const OVERSCAN = 12;

export type RowRange = { start: number; end: number };

/** Half-open range [start, end) of row indexes to render. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  count: number,
  rowHeight = ROW_HEIGHT,
  overscan = OVERSCAN,
): RowRange {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  return {
    start: Math.max(0, Math.min(count, first - overscan)),
    end: Math.max(0, Math.min(count, last + overscan)),
  };
}

/** The scrollTop that brings row `index` fully into view, or null if it already is. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight = ROW_HEIGHT,
): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return null;
}
