import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Allocation, Recommendation } from '../../../../contract';
import { chartData, curvesFor, objectiveLabel } from './posterior';
import { offsetOf } from './money';

const PALETTE = ['#3b5bdb', '#0c8a6a', '#c2410c', '#9333ea', '#0e7490', '#b45309', '#be123c', '#4d7c0f'];

function formatX(x: number, objective: Allocation['objective']): string {
  const digits = x >= 10 ? 0 : x >= 1 ? 1 : 2;
  return objective === 'pipeline_roas' ? `${x.toFixed(digits)}×` : x.toFixed(digits);
}

/** Each holder's belief about its objective: the log-normal the engine's P(best) is computed on. */
export function PosteriorChart({ run, holders, chosen }: { run: Allocation; holders: readonly Recommendation[]; chosen: boolean }) {
  const curves = curvesFor(holders, run.objective, offsetOf(run.currencyOffset));
  const data = chartData(curves);
  const label = objectiveLabel(run.objective, run.currency);
  return (
    <section className="panel" aria-labelledby="posterior-title" data-testid="posterior-chart">
      <div className="panel-head">
        <h2 id="posterior-title">What each holder’s data says about its {run.objective === 'pipeline_roas' ? 'pipeline ROAS' : 'clicks per spend'}</h2>
        <p className="muted">
          {chosen ? 'The selected holders' : 'The 5 holders most likely to be best'} · posterior densities; narrower means surer
        </p>
      </div>
      <div className="chart">
        <LineChart responsive style={{ width: '100%', height: 300 }} data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid stroke="#e6e8ee" vertical={false} />
          <XAxis
            dataKey="x"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(x: number) => formatX(x, run.objective)}
            tick={{ fontSize: 12, fill: '#5b6270' }}
            tickLine={false}
            axisLine={{ stroke: '#cfd4dc' }}
            label={{ value: label, position: 'insideBottom', offset: -10, fontSize: 12, fill: '#5b6270' }}
          />
          <YAxis tick={{ fontSize: 12, fill: '#5b6270' }} tickLine={false} axisLine={false} width={48} tickFormatter={(v: number) => v.toPrecision(2)} />
          <Tooltip
            labelFormatter={(x) => `${label}: ${formatX(Number(x), run.objective)}`}
            formatter={(v, name) => [typeof v === 'number' ? v.toPrecision(3) : String(v), name]}
            contentStyle={{ borderRadius: 6, borderColor: '#cfd4dc', fontSize: 13 }}
          />
          <Legend verticalAlign="top" height={32} wrapperStyle={{ fontSize: 13 }} />
          {curves.map((c, i) => (
            <Line key={c.key} type="monotone" dataKey={c.key} name={c.label} stroke={PALETTE[i % PALETTE.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </div>
      <details className="chart-table">
        <summary>Show the numbers as a table</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Holder</th>
                <th scope="col" className="num">
                  P(best)
                </th>
                <th scope="col" className="num">
                  Median
                </th>
                <th scope="col" className="num">
                  90% interval
                </th>
              </tr>
            </thead>
            <tbody>
              {curves.map((c, i) => (
                <tr key={c.key}>
                  <th scope="row">{c.label}</th>
                  <td className="num">{(holders[i]!.pBest * 100).toFixed(1)}%</td>
                  <td className="num">{formatX(c.median, run.objective)}</td>
                  <td className="num">
                    {formatX(c.low, run.objective)} – {formatX(c.high, run.objective)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
