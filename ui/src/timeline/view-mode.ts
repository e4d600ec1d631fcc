/** The timeline shows one row per delivery, or one per event (deliveries sharing a dedup key). */
export type ViewMode = "deliveries" | "events";
