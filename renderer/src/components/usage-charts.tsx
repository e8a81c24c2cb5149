import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DailyCalls, QuotaSummary } from '../../../src/contract/dto.js';
import { usageSeries } from '../tokens/usage-series.js';

const numbers = new Intl.NumberFormat('en');
const AXIS = { fill: 'var(--muted)', fontSize: 11 };
const tooltipStyle = { background: 'var(--surface)', borderColor: 'var(--border)', color: 'var(--text)' };

/**
 * Calls per day (bars on one axis) and, for a token's own quota, this period's running total against
 * the quota (a separate chart). A shared account's total is on the quota card: this token's calls
 * are only part of it. No calls: a sentence, not an empty chart. Charts are images with a text
 * alternative and never tab stops.
 */
export function UsageCharts(props: {
  readonly days: readonly DailyCalls[];
  readonly quota: QuotaSummary;
  readonly name: string;
}) {
  const { days, quota, name } = props;
  const total = days.reduce((sum, day) => sum + day.calls, 0);
  if (total === 0)
    return (
      <p className="muted">
        No calls to {name} in the last {days.length} days.
      </p>
    );
  const busiest = days.reduce((top, day) => (day.calls > top.calls ? day : top));
  const series = usageSeries(days, quota).filter((point) => point.periodTotal !== null);
  const limit = quota.limit;
  const soFar = series.at(-1)?.periodTotal ?? 0;
  return (
    <div className="usage-charts">
      <figure
        className="usage-chart"
        role="img"
        aria-label={`Calls per day to ${name}: ${numbers.format(total)} in ${days.length} days; the busiest day, ${busiest.date}, had ${numbers.format(busiest.calls)}.`}
      >
        <ResponsiveContainer width="100%" height={180} initialDimension={{ width: 600, height: 180 }}>
          <BarChart data={[...days]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis dataKey="date" tick={AXIS} tickFormatter={(date: string) => date.slice(5)} />
            <YAxis allowDecimals={false} tick={AXIS} width={48} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--accent-soft)' }} />
            <Bar dataKey="calls" name="Calls" fill="var(--accent)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <figcaption className="muted small">Calls per day, last {days.length} days.</figcaption>
      </figure>
      {limit !== null && quota.account === null && series.length > 0 && (
        <figure
          className="usage-chart"
          role="img"
          aria-label={`This period so far: ${numbers.format(soFar)} of ${numbers.format(limit)} calls.`}
        >
          <ResponsiveContainer width="100%" height={150} initialDimension={{ width: 600, height: 150 }}>
            <AreaChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid stroke="var(--border)" vertical={false} />
              <XAxis dataKey="date" tick={AXIS} tickFormatter={(date: string) => date.slice(5)} />
              <YAxis allowDecimals={false} tick={AXIS} width={48} domain={[0, Math.max(limit, soFar)]} />
              <Tooltip contentStyle={tooltipStyle} />
              <Area
                dataKey="periodTotal"
                name="This period"
                stroke="var(--accent)"
                fill="var(--accent-soft)"
                isAnimationActive={false}
                dot={false}
              />
              <ReferenceLine
                y={limit}
                stroke="var(--danger)"
                strokeDasharray="4 4"
                label={{
                  value: `Quota ${numbers.format(limit)}`,
                  fill: 'var(--danger)',
                  fontSize: 11,
                  position: 'insideTopLeft',
                }}
              />
            </AreaChart>
          </ResponsiveContainer>
          <figcaption className="muted small">Calls so far this period against the quota (dashed).</figcaption>
        </figure>
      )}
      {quota.account !== null && limit !== null && (
        <p className="muted small">
          {name} made {numbers.format(total)} calls in these {days.length} days; account {quota.account}’s quota counts
          the calls of all its tokens ({numbers.format(quota.used)} of {numbers.format(limit)} this period).
        </p>
      )}
    </div>
  );
}
