/**
 * A count in a red (or, for nothing waiting, green) pill, as antd's Badge draws it; the first
 * screens use this one so Badge's animated digits stay out of the first download.
 */
export function CountBadge({ count, overflow = 99, showZero = false, tone }: { count: number; overflow?: number; showZero?: boolean; tone?: 'red' | 'green' }) {
  if (count === 0 && !showZero) return null;
  return (
    <sup className={`hs-count hs-count-${tone ?? (count ? 'red' : 'green')}`} aria-hidden="true">
      {count > overflow ? `${overflow}+` : count}
    </sup>
  );
}
