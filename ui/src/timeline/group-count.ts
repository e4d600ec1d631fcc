// How an event's row counts its deliveries. One message retried is "3
// attempts"; several messages for one event (the sender sent it again under a
// new id) are "5 deliveries", with the extra messages counted as duplicates.
import type { GroupSummary } from "../lib/ipc";

export function countWords(group: Pick<GroupSummary, "deliveries" | "messages">): { count: string; duplicates: string | null } {
  const { deliveries, messages } = group;
  const count =
    messages <= 1
      ? `${deliveries} ${deliveries === 1 ? "attempt" : "attempts"}`
      : `${deliveries} deliveries`;
  const extra = messages - 1;
  return { count, duplicates: extra > 0 ? `${extra} ${extra === 1 ? "duplicate" : "duplicates"}` : null };
}
