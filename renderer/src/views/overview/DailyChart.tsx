import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { DailyPoint } from '../../../../contract';
import { formatCount, formatMoney, formatMoneyCompact, formatPercent, minorToMajor } from '../../format/numbers';
import type { MoneyScope } from './money';

const COLORS = { spend: '#3b5bdb', pipeline: '#0c8a6a', ctr: '#c2410c' };

interface Row {
  day: string;
  spend: number;
  pipeline: number;
  ctr: number | null;
}

export function chartRows(days: readonly DailyPoint[], scope: MoneyScope): Row[] {
  const offset = scope.kind === 'single' ? scope.offset : 100;
  return days.map((d) => ({
    day: d.day,
    spend: minorToMajor(d.spend, offset),
    pipeline: minorToMajor(d.pipelineValue, offset),
    ctr: d.ctr,
  }));
}

export function DailyChart({ days, scope }: { days: readonly DailyPoint[]; scope: MoneyScope }) {
  const rows = chartRows(days, scope);
  const showMoney = scope.kind === 'single';
  const major = (v: number) => (scope.kind === 'single' ? formatMoney(Math.round(v * scope.offset), scope.currency, scope.offset) : String(v));
  const majorCompact = (v: number) => (scope.kind === 'single' ? formatMoneyCompact(Math.round(v * scope.offset), scope.currency, scope.offset) : String(v));

  return (
    <section className="panel" aria-labelledby="daily-chart-title">
      <div className="panel-head">
        <h2 id="daily-chart-title">{showMoney ? 'Spend, pipeline value and CTR by day' : 'CTR by day'}</h2>
        {!showMoney && <p className="muted">These accounts use different currencies; choose one account to chart spend and pipeline value.</p>}
      </div>
      {/* recharts' own accessibility layer makes the chart keyboard-explorable; the table below has every number. */}
      <div className="chart" data-testid="daily-chart">
        <ComposedChart responsive style={{ width: '100%', height: 320 }} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="#e6e8ee" vertical={false} />
          <XAxis dataKey="day" tick={{ fontSize: 12, fill: '#5b6270' }} tickMargin={8} minTickGap={24} tickLine={false} axisLine={{ stroke: '#cfd4dc' }} />
          {showMoney && (
            <YAxis yAxisId="money" tick={{ fontSize: 12, fill: '#5b6270' }} tickFormatter={majorCompact} width={64} tickLine={false} axisLine={false} />
          )}
          <YAxis
            yAxisId="ctr"
            orientation="right"
            tick={{ fontSize: 12, fill: '#5b6270' }}
            tickFormatter={(v: number) => formatPercent(v, undefined, 1)}
            width={56}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip
            formatter={(value, name) => {
              const v = typeof value === 'number' ? value : Number(value);
              return [name === 'CTR' ? formatPercent(v) : major(v), name];
            }}
            contentStyle={{ borderRadius: 6, borderColor: '#cfd4dc', fontSize: 13 }}
          />
          <Legend wrapperStyle={{ fontSize: 13 }} />
          {showMoney && (
            <Area yAxisId="money" type="monotone" dataKey="spend" name="Spend" stroke={COLORS.spend} fill={COLORS.spend} fillOpacity={0.12} strokeWidth={2} isAnimationActive={false} />
          )}
          {showMoney && (
            <Area yAxisId="money" type="monotone" dataKey="pipeline" name="Pipeline value" stroke={COLORS.pipeline} fill={COLORS.pipeline} fillOpacity={0.12} strokeWidth={2} isAnimationActive={false} />
          )}
          <Line yAxisId="ctr" type="monotone" dataKey="ctr" name="CTR" stroke={COLORS.ctr} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls />
        </ComposedChart>
      </div>
      <details className="chart-table">
        <summary>Show the numbers as a table</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">Spend</th>
                <th scope="col" className="num">Impressions</th>
                <th scope="col" className="num">Clicks</th>
                <th scope="col" className="num">CTR</th>
                <th scope="col" className="num">Pipeline value</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  <td className="num">{scope.kind === 'single' ? formatMoney(d.spend, scope.currency, scope.offset) : '—'}</td>
                  <td className="num">{formatCount(d.impressions)}</td>
                  <td className="num">{formatCount(d.clicks)}</td>
                  <td className="num">{formatPercent(d.ctr)}</td>
                  <td className="num">{scope.kind === 'single' ? formatMoney(d.pipelineValue, scope.currency, scope.offset) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
