// The timeline's first page, read before the window is first drawn (see main.ts).
import { savedTimelineFilter, type TimelineFilter } from "../lib/ipc";
import { NO_FILTER, normalized } from "./filter";
import { TimelineStore } from "./timeline.svelte";

/** A timeline already started, with the saved filter it was started under. */
export type StartedTimeline = {
  timeline: TimelineStore;
  /** The saved filter as read (the filter controls take it from here). */
  savedFilter: Promise<TimelineFilter>;
};

/** Reads the saved filter, then lists the newest page under it; `firstPage` settles once it is in (or failed). */
export function startTimeline(): { started: StartedTimeline; firstPage: Promise<void> } {
  const timeline = new TimelineStore();
  const savedFilter = savedTimelineFilter();
  // A filter that cannot be read lists everything, as the filter controls then show.
  const firstPage = savedFilter.then(normalized, () => NO_FILTER).then((filter) => timeline.init(filter));
  return { started: { timeline, savedFilter }, firstPage };
}

/** Settles once `work` does, or after `ms`, whichever comes first. */
export function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    void work.finally(() => {
      clearTimeout(timer);
      done();
    });
  });
}
