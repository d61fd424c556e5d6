/**
 * A small line chart drawn as plain SVG: equally spaced points on a fixed scale, one line per series,
 * gaps bridged (null values skipped). Decorative beside the numbers it summarises, so hidden from
 * assistive technology by its caller. No chart library: it costs nothing on the page's first load.
 */
export function Sparkline({
  points,
  series,
  min,
  max,
  height = 40,
}: {
  points: readonly Record<string, number | null | undefined>[];
  series: readonly { key: string; color: string }[];
  min: number;
  max: number;
  height?: number;
}) {
  const width = 140;
  const pad = 2;
  const x = (i: number) => (points.length < 2 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
  const y = (v: number) => pad + ((max - Math.min(max, Math.max(min, v))) * (height - 2 * pad)) / (max - min);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="none" focusable="false">
      {series.map(({ key, color }) => {
        const coords = points.flatMap((p, i) => {
          const v = p[key];
          return typeof v === "number" ? [`${x(i).toFixed(1)},${y(v).toFixed(1)}`] : [];
        });
        return <polyline key={key} points={coords.join(" ")} fill="none" stroke={color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />;
      })}
    </svg>
  );
}
