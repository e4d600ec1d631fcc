import { cleanup, render, screen } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";

import App from "../App.svelte";
import { clearMocks, fakeCore, newestFirst, settle, summary } from "../test/fake-core";
import { NO_FILTER } from "./filter";
import { atMost, startTimeline } from "./first-page";

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

describe("startTimeline", () => {
  it("lists the newest page under the filter saved last time", async () => {
    const saved = { ...NO_FILTER, statuses: [{ from: 200, to: 299 }] };
    const core = fakeCore({ summaries: newestFirst(3), savedFilter: saved });
    const { started, firstPage } = startTimeline();
    await firstPage;

    expect(core.callsTo("list_deliveries")).toEqual([{ before: null, limit: 100, filter: saved }]);
    expect(started.timeline.ready).toBe(true);
    expect(started.timeline.rows.map((r) => r.id)).toEqual(newestFirst(3).map((r) => r.id));
    expect(await started.savedFilter).toEqual(saved);
    started.timeline.dispose();
  });

  it("lists everything when the saved filter cannot be read", async () => {
    fakeCore({ summaries: newestFirst(2), failSavedFilter: true });
    const { started, firstPage } = startTimeline();
    await firstPage;
    expect(started.timeline.filter).toEqual(NO_FILTER);
    expect(started.timeline.rows).toHaveLength(2);
    await expect(started.savedFilter).rejects.toBeTruthy();
    started.timeline.dispose();
  });

  it("is taken over by the window, which neither reads the saved filter nor the first page again", async () => {
    const saved = { ...NO_FILTER, statuses: [{ from: 200, to: 299 }] };
    const core = fakeCore({ summaries: [summary(1)], savedFilter: saved });
    const { started, firstPage } = startTimeline();
    await firstPage;
    render(App, { props: { started } });
    await settle();

    expect(core.callsTo("timeline_filter")).toHaveLength(1);
    expect(core.callsTo("list_deliveries")).toHaveLength(1);
    expect(screen.getByTestId("status-2xx").getAttribute("aria-pressed")).toBe("true");
    expect(screen.queryAllByTestId("timeline-row").map((row) => row.dataset.id)).toEqual([summary(1).id]);
  });
});

describe("atMost", () => {
  it("settles when the work does, or once the time is up", async () => {
    vi.useFakeTimers();
    let finish: () => void = () => {};
    const work = new Promise<void>((resolve) => (finish = resolve));
    let settled = false;
    void atMost(work, 250).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(249);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);

    settled = false;
    void atMost(work, 250).then(() => (settled = true));
    finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });
});
