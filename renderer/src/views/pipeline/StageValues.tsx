import { useState } from 'react';
import { stageTemplateNames, type AdloopError, type StagePipeline } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatCount, formatPercent } from '../../format/numbers';
import { minorToInput } from '../budget/amount';
import { money, offsetOf, parseStageValue } from './logic';

type Change = { pipelineId: string; stageId: string; value: number | null };

/** What an open deal in each stage is worth; editable, validated before anything is sent. */
type Template = (typeof stageTemplateNames)[number];
const TEMPLATE_LABEL: Record<Template, string> = { 'b2b-saas': 'B2B SaaS', ecommerce: 'E-commerce', 'high-ticket': 'High-ticket services' };

export function StageValues({
  pipelines,
  onSave,
  onTemplate,
  saving,
  error,
}: {
  pipelines: readonly StagePipeline[];
  onSave(values: Change[]): void;
  onTemplate(pipelineId: string, template: Template): void;
  saving: boolean;
  error: AdloopError | null;
}) {
  return (
    <section className="panel" aria-labelledby="stages-title" data-testid="stage-values">
      <div className="panel-head">
        <h2 id="stages-title">Stage values</h2>
        <p className="muted">Default: the stage’s probability × the pipeline’s average won amount. Closed won counts the deal’s amount, closed lost 0.</p>
      </div>
      {error && <ErrorPanel title="The stage value was not saved" error={error} />}
      {pipelines.length === 0 && <p className="muted">No HubSpot pipelines yet: import a deal export or connect HubSpot.</p>}
      {pipelines.map((p) => (
        <div key={p.id} className="stage-pipeline">
          <div className="stage-pipeline-head">
            <h3>
              {p.label} <span className="muted">· average won {p.avgWonAmount === null ? '—' : money(p.avgWonAmount, p.currency)}</span>
            </h3>
            {p.avgWonAmount !== null && <TemplatePicker pipelineId={p.id} saving={saving} onTemplate={onTemplate} />}
          </div>
          <div className="table-scroll">
          <table data-testid={`stages-${p.id}`}>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col" className="num">
                  Probability
                </th>
                <th scope="col" className="num">
                  Deals
                </th>
                <th scope="col">Value of an open deal</th>
                <th scope="col" className="num">
                  Stage total
                </th>
              </tr>
            </thead>
            <tbody>
              {p.stages.map((s) => (
                <tr key={s.id} data-testid="stage-row" data-stage-id={s.id}>
                  <th scope="row">
                    {s.label}
                    <span className="account-id">{s.id}</span>
                  </th>
                  <td className="num">{s.probability === null ? '—' : formatPercent(s.probability, undefined, 0)}</td>
                  <td className="num">{formatCount(s.deals)}</td>
                  <td>
                    {s.isClosed ? (
                      <span className="muted">{s.isWon ? 'Deal amount (closed won)' : '0 (closed lost)'}</span>
                    ) : (
                      <StageValueEditor key={`${s.value}-${s.origin}`} pipeline={p} stage={s} saving={saving} onSave={onSave} />
                    )}
                  </td>
                  <td className="num">{money(s.stageTotal, p.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </div>
      ))}
    </section>
  );
}

function StageValueEditor({ pipeline, stage, saving, onSave }: { pipeline: StagePipeline; stage: StagePipeline['stages'][number]; saving: boolean; onSave(values: Change[]): void }) {
  const currency = pipeline.currency ?? 'USD';
  const offset = offsetOf(currency);
  const [text, setText] = useState(minorToInput(stage.value ?? 0, offset));
  const parsed = parseStageValue(text, currency);
  const dirty = parsed.ok && parsed.minor !== stage.value;
  const id = `stage-${pipeline.id}-${stage.id}`;
  return (
    <form
      className="stage-editor"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && dirty) onSave([{ pipelineId: pipeline.id, stageId: stage.id, value: parsed.minor }]);
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Value of an open deal in {stage.label} ({currency})
      </label>
      <span className="money-input">
        <input
          id={id}
          inputMode="decimal"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!parsed.ok}
          aria-describedby={parsed.ok ? undefined : `${id}-error`}
          data-testid={`stage-input-${stage.id}`}
        />
        <span className="money-input-currency">{currency}</span>
      </span>
      <button type="submit" className="button button-small" disabled={!dirty || saving} data-testid={`stage-save-${stage.id}`}>
        Save
      </button>
      {stage.origin !== 'default' && (
        <button type="button" className="button button-small button-quiet" disabled={saving} onClick={() => onSave([{ pipelineId: pipeline.id, stageId: stage.id, value: null }])} data-testid={`stage-reset-${stage.id}`}>
          Reset to {money(stage.defaultValue ?? 0, currency)}
        </button>
      )}
      <span className={`badge origin-${stage.origin}`} data-testid={`stage-origin-${stage.id}`}>
        {stage.origin === 'user' ? 'set by you' : stage.origin === 'template' ? 'template' : 'default'}
      </span>
      {!parsed.ok && (
        <span className="field-error" id={`${id}-error`} role="alert" data-testid={`stage-error-${stage.id}`}>
          {parsed.message}
        </span>
      )}
    </form>
  );
}

function TemplatePicker({ pipelineId, saving, onTemplate }: { pipelineId: string; saving: boolean; onTemplate(pipelineId: string, template: Template): void }) {
  const [template, setTemplate] = useState<Template>('b2b-saas');
  const id = `template-${pipelineId}`;
  return (
    <div className="stage-template">
      <label htmlFor={id}>Template</label>
      <select id={id} value={template} onChange={(e) => setTemplate(e.target.value as Template)} data-testid={`template-select-${pipelineId}`}>
        {stageTemplateNames.map((t) => (
          <option key={t} value={t}>
            {TEMPLATE_LABEL[t]}
          </option>
        ))}
      </select>
      <button type="button" className="button button-small" disabled={saving} onClick={() => onTemplate(pipelineId, template)} data-testid={`template-apply-${pipelineId}`}>
        Apply to open stages
      </button>
    </div>
  );
}
