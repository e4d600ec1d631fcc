// The keys of the open delivery's replay actions, as the hints and the buttons'
// aria-keyshortcuts show them. They are defined (and handled) with every other
// shortcut in keyboard/actions.ts.
import { keyOf } from "../keyboard/actions";

export const SHORTCUT = {
  /** Replay as captured, to the saved target. */
  replay: keyOf("replay"),
  /** Copy as cURL, to the saved target. */
  copyCurl: keyOf("copy-curl"),
} as const;
