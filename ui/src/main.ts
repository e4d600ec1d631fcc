import { mount } from "svelte";

import App from "./App.svelte";
import "./app.css";
import { atMost, startTimeline } from "./timeline/first-page";

/**
 * How long the window's first frame may wait for the newest page of deliveries.
 * Drawn before the page is in, the window is laid out again for the rows: on a
 * machine without a GPU that second frame came 50–160 ms later.
 */
const FIRST_FRAME_WAIT_MS = 250;

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
const { started, firstPage } = startTimeline();
void atMost(firstPage, FIRST_FRAME_WAIT_MS).then(() => mount(App, { target, props: { started } }));
