// Pipeline value and spend per period (bars) with pipeline ROAS (lines: the period's own and the
// running one, which is steadier) on a second axis. Loaded lazily with recharts.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { PipelineTimeline } from '../../../../contract';
import { formatMoney, formatMoneyCompact, formatMultiple, minorToMajor, type CurrencyOffset } from '../../format/numbers';

const COLORS = { spend: '#3b5bdb', value: '#0c8a6a', roas: '#c2410c', cumulative: '#7c2d12' };

export function TimelineChart({ timeline }: { timeline: PipelineTimeline }) {
  const offset = timeline.currencyOffset as CurrencyOffset;
  const cur = timeline.currency;
  const rows = timeline.points.map((p) => ({
    period: p.period,
    spend: minorToMajor(p.spend, offset),
    value: minorToMajor(p.pipelineValue, offset),
    roas: p.pipelineRoas,
    cumulative: p.cumulativeRoas,
  }));
  const major = (v: number, compact = false) => (cur ? (compact ? formatMoneyCompact : formatMoney)(Math.round(v * offset), cur, offset) : String(v));
  return (
    <div className="chart" data-testid="timeline-chart" data-points={rows.length}>
      <ComposedChart responsive style={{ width: '100%', height: 300 }} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid stroke="#e6e8ee" vertical={false} />
        <XAxis dataKey="period" tick={{ fontSize: 12, fill: '#5b6270' }} tickMargin={8} minTickGap={24} tickLine={false} axisLine={{ stroke: '#cfd4dc' }} />
        <YAxis yAxisId="money" tick={{ fontSize: 12, fill: '#5b6270' }} tickFormatter={(v: number) => major(v, true)} width={64} tickLine={false} axisLine={false} />
        <YAxis yAxisId="roas" orientation="right" tick={{ fontSize: 12, fill: '#5b6270' }} tickFormatter={(v: number) => formatMultiple(v)} width={56} tickLine={false} axisLine={false} />
        <Tooltip
          formatter={(value, name) => {
            const v = typeof value === 'number' ? value : Number(value);
            return [String(name).includes('ROAS') ? formatMultiple(v) : major(v), name];
          }}
          contentStyle={{ borderRadius: 6, borderColor: '#cfd4dc', fontSize: 13 }}
        />
        <Legend wrapperStyle={{ fontSize: 13 }} />
        <Bar yAxisId="money" dataKey="spend" name="Spend" fill={COLORS.spend} fillOpacity={0.55} isAnimationActive={false} />
        <Bar yAxisId="money" dataKey="value" name="Pipeline value" fill={COLORS.value} fillOpacity={0.7} isAnimationActive={false} />
        <Line yAxisId="roas" type="monotone" dataKey="roas" name="Pipeline ROAS (period)" stroke={COLORS.roas} strokeDasharray="4 3" strokeWidth={1.5} dot={false} connectNulls isAnimationActive={false} />
        <Line yAxisId="roas" type="monotone" dataKey="cumulative" name="Pipeline ROAS (running)" stroke={COLORS.cumulative} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
      </ComposedChart>
    </div>
  );
}
