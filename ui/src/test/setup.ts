import { installResizeObserver } from "./resize-observer";

installResizeObserver();
