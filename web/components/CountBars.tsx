export interface CountBar {
  key: string;
  label: string;
  value: number;
  color?: string;
}

/** Horizontal bars scaled to the largest value; enough for a handful of counts. */
export function CountBars({ bars, testId }: { bars: CountBar[]; testId?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <div data-testid={testId}>
      {bars.map((b) => (
        <div className="count-bar" key={b.key}>
          <span>{b.label}</span>
          <div className="count-bar-track">
            <div className="count-bar-fill" style={{ width: `${(b.value / max) * 100}%`, background: b.color }} />
          </div>
          <span className="count-bar-value">{b.value}</span>
        </div>
      ))}
    </div>
  );
}
