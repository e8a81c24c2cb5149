import { Area, AreaChart } from 'recharts';
import type { DailyCalls } from '../../../src/contract/dto.js';

/**
 * A 30-day calls trend, small enough for a row. Not a tab stop (recharts' keyboard layer is off):
 * the figure is one image whose label says the total.
 */
export function Sparkline({ data, label }: { readonly data: readonly DailyCalls[]; readonly label: string }) {
  const total = data.reduce((sum, day) => sum + day.calls, 0);
  return (
    <figure className="sparkline" aria-label={`${label}: ${total} calls in ${data.length} days`} role="img">
      <AreaChart
        width={88}
        height={24}
        data={[...data]}
        margin={{ top: 2, right: 0, bottom: 2, left: 0 }}
        accessibilityLayer={false}
      >
        <Area
          type="monotone"
          dataKey="calls"
          stroke="var(--accent)"
          fill="var(--accent-soft)"
          strokeWidth={1.5}
          isAnimationActive={false}
          dot={false}
        />
      </AreaChart>
    </figure>
  );
}
