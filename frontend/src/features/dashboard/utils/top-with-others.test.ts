import { describe, expect, it } from "vitest";

import { eventTypeBars, providerBars } from "./top-with-others";

function provider(n: number, count: number, failed = 0) {
  return { provider_id: `p${n}`, display_name: `Shop ${n}`, provider_name: "stripe", count, failed };
}

describe("providerBars", () => {
  it("keeps the ten busiest and adds the rest up as Others", () => {
    const rows = Array.from({ length: 150 }, (_, index) => provider(index + 1, 150 - index, index % 2));

    const { bars, others } = providerBars(rows);

    expect(bars).toHaveLength(11);
    expect(bars[0]).toEqual({ label: "Shop 1", ok: 150, failed: 0 });
    expect(bars[9]).toEqual({ label: "Shop 10", ok: 140, failed: 1 });
    // Shops 11-150 received 140 + 139 + ... + 1 = 9,870 webhooks; the 70 even ones failed one each.
    expect(bars[10]).toEqual({ label: "Others", ok: 9_870 - 70, failed: 70 });
    expect(others).toBe(140);
  });

  it("ranks by count even if the rows come unsorted", () => {
    const { bars } = providerBars([provider(1, 1), provider(2, 5)]);

    expect(bars.map((bar) => bar.label)).toEqual(["Shop 2", "Shop 1"]);
  });

  it("adds no Others row for ten providers or fewer", () => {
    const { bars, others } = providerBars(Array.from({ length: 10 }, (_, index) => provider(index, 3)));

    expect(bars).toHaveLength(10);
    expect(others).toBe(0);
  });
});

describe("eventTypeBars", () => {
  it("adds up everything outside the top ten from the total", () => {
    const top = Array.from({ length: 10 }, (_, index) => ({ event_type: `type.${index}`, count: 10 }));

    const bars = eventTypeBars(top, 1_000);

    expect(bars).toHaveLength(11);
    expect(bars.at(-1)).toEqual({ label: "Others", count: 900 });
  });

  it("names the empty event type and leaves Others out when nothing is left", () => {
    expect(eventTypeBars([{ event_type: "", count: 4 }], 4)).toEqual([{ label: "(none)", count: 4 }]);
  });
});
