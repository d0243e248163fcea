/** Vitest setup: jest-dom matchers, the MSW server, and the browser behaviour jsdom lacks. */
import "@testing-library/jest-dom/vitest";

import { notifications } from "@mantine/notifications";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";

import { server } from "./msw";

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));

afterEach(() => {
  cleanup();
  // Toasts live in a module-level store: one test's must not show up in the next.
  notifications.clean();
  server.resetHandlers();
});

afterAll(() => server.close());

// The API client uses baseUrl "" (same origin). A browser resolves such relative Request
// URLs against the page; Node's Request, which the jsdom environment keeps, throws instead.
const NodeRequest = globalThis.Request;
globalThis.Request = class PageRelativeRequest extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === "string" ? new URL(input, window.location.href) : input, init);
  }
};

// Mantine reads the preferred colour scheme and observes sizes; jsdom has neither API.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

window.ResizeObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// Mantine's autosizing textarea listens for web fonts loading; jsdom has no FontFaceSet.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

// Mantine's combobox scrolls the selected option into view when its dropdown opens.
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
