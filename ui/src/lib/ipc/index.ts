// The one module that talks to Tauri. Components and stores import these typed
// wrappers, so the command names and argument shapes live in a single place.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

import type { DeliveryJson, DeliverySummary, ListenerStatus, Page } from "./bindings";

export type * from "./bindings";
export { errorMessage, isIpcError } from "./errors";
export type { UnlistenFn };

/** Event names emitted by the Rust side. */
export const EVENTS = {
  deliveriesStored: "deliveries-stored",
  listenerChanged: "listener-changed",
  /** The window missed events (the core's queue overflowed): reload the first page. */
  timelineReset: "timeline-reset",
} as const;

export function listenerStatus(): Promise<ListenerStatus> {
  return invoke<ListenerStatus>("listener_status");
}

/** Restarts the listener on `port`; resolves with the state it reached. */
export function startListener(port: number): Promise<ListenerStatus> {
  return invoke<ListenerStatus>("start_listener", { port });
}

/** One page, newest first. Pass a page's `next_before` to get the rows older than it. */
export function listDeliveries(before: string | null, limit: number): Promise<Page> {
  return invoke<Page>("list_deliveries", { before, limit });
}

export function getDelivery(id: string): Promise<DeliveryJson> {
  return invoke<DeliveryJson>("get_delivery", { id });
}

/** Batches of newly stored deliveries, oldest first. */
export function onDeliveriesStored(handler: (batch: DeliverySummary[]) => void): Promise<UnlistenFn> {
  return listen<DeliverySummary[]>(EVENTS.deliveriesStored, (event) => handler(event.payload));
}

export function onListenerChanged(handler: (status: ListenerStatus) => void): Promise<UnlistenFn> {
  return listen<ListenerStatus>(EVENTS.listenerChanged, (event) => handler(event.payload));
}

export function onTimelineReset(handler: () => void): Promise<UnlistenFn> {
  return listen<null>(EVENTS.timelineReset, () => handler());
}
