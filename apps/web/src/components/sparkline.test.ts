import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Sparkline } from "./sparkline";

const lines = (html: string) => [...html.matchAll(/<polyline points="([^"]*)" fill="none" stroke="([^"]+)"/g)].map((m) => ({ stroke: m[2], points: m[1]!.split(" ").filter(Boolean) }));

describe("Sparkline", () => {
  const series = [
    { key: "before", color: "#b42318" },
    { key: "after", color: "#0d6e6e" },
  ];

  it("spaces the points evenly and puts the scale's top at the top", () => {
    const html = renderToStaticMarkup(createElement(Sparkline, { points: [{ before: 10, after: 0 }, { before: 5, after: 5 }, { before: 0, after: 10 }], series, min: 0, max: 10 }));
    const [before, after] = lines(html);
    expect(before).toEqual({ stroke: "#b42318", points: ["2.0,2.0", "70.0,20.0", "138.0,38.0"] });
    expect(after?.points).toEqual(["2.0,38.0", "70.0,20.0", "138.0,2.0"]);
  });

  it("skips a missing reading without moving the others, and keeps values inside the scale", () => {
    const html = renderToStaticMarkup(createElement(Sparkline, { points: [{ before: 4 }, { before: null }, { before: 14 }], series: [series[0]!], min: 0, max: 10 }));
    expect(lines(html)[0]?.points).toEqual(["2.0,23.6", "138.0,2.0"]);
  });

  it("draws a single reading in the middle", () => {
    const html = renderToStaticMarkup(createElement(Sparkline, { points: [{ before: 0 }], series: [series[0]!], min: 0, max: 10 }));
    expect(lines(html)[0]?.points).toEqual(["70.0,38.0"]);
  });
});
