import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DailyCalls, QuotaSummary } from '../../../src/contract/dto.js';
import { usageSeries } from '../tokens/usage-series.js';

/** Calls per day (bars) and the running total of the quota period (line) against the quota limit. */
export function UsageChart(props: {
  readonly days: readonly DailyCalls[];
  readonly quota: QuotaSummary;
  readonly name: string;
}) {
  const data = usageSeries(props.days, props.quota);
  const total = props.days.reduce((sum, day) => sum + day.calls, 0);
  const limit = props.quota.limit;
  return (
    <figure
      className="usage-chart"
      role="img"
      aria-label={`Calls per day for ${props.name}: ${total} in ${props.days.length} days`}
    >
      <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 600, height: 220 }}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis
            dataKey="date"
            tick={{ fill: 'var(--muted)', fontSize: 11 }}
            tickFormatter={(date: string) => date.slice(5)}
          />
          <YAxis yAxisId="daily" allowDecimals={false} tick={{ fill: 'var(--muted)', fontSize: 11 }} width={48} />
          {limit !== null && (
            <YAxis
              yAxisId="period"
              orientation="right"
              allowDecimals={false}
              domain={[0, (dataMax: number) => Math.max(dataMax, limit)]}
              tick={{ fill: 'var(--warn)', fontSize: 11 }}
              width={48}
            />
          )}
          <Tooltip contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }} />
          <Bar yAxisId="daily" dataKey="calls" name="Calls" fill="var(--accent)" isAnimationActive={false} />
          {limit !== null && (
            <Line
              yAxisId="period"
              dataKey="periodTotal"
              name="This period"
              stroke="var(--warn)"
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          )}
          {limit !== null && (
            <ReferenceLine
              yAxisId="period"
              y={limit}
              ifOverflow="extendDomain"
              stroke="var(--danger)"
              strokeDasharray="4 4"
              label={{ value: `Quota ${limit}`, fill: 'var(--danger)', fontSize: 11, position: 'insideTopRight' }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        Bars: calls per day (left axis)
        {limit !== null ? '; line: calls so far this period against the quota (dashed, right axis)' : ''}.
      </figcaption>
    </figure>
  );
}
