// Winners: search the winner index by an ad or a DNA draft, compare a neighbour's DNA side by side,
// and run the pre-spend gate (verdict, interval, battle plan) on the draft.
import { useMutation } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { StructurePicker } from '../../components/StructurePicker';
import { dnaFormats, isAdloopError, type AdloopError, type BattlePlanOutput, type Dna, type GateOutput, type StructureMatch, type WinnerSearch } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useEngine } from '../../engine/EngineProvider';
import { useEngineQuery } from '../../engine/queries';
import { Comparison } from './Comparison';
import { DnaForm } from './DnaForm';
import { draftFromDna, dnaFromDraft, emptyDraft, type DnaDraft } from './dna-form';
import { GatePanel } from './GatePanel';
import { Results } from './Results';

type Mode = 'ad' | 'dna';
type Subject = { adId: string } | { dna: Dna; adSetId?: string };

/** Field messages of an InvalidInput about the DNA ("dna.hookSeconds" → hookSeconds). */
function dnaErrors(error: unknown): Record<string, string> {
  if (!isAdloopError(error) || error.code !== 'InvalidInput') return {};
  const out: Record<string, string> = {};
  for (const i of error.issues ?? []) if (i.path.startsWith('dna.')) out[i.path.slice(4)] = i.message;
  return out;
}

export function Winners() {
  const client = useEngine();
  const status = useEngineQuery('winners.status', {});
  const [mode, setMode] = useState<Mode>('ad');
  // What the buyer typed (a name or an id) and the id it stands for (StructurePicker resolves it).
  const [adText, setAdText] = useState('');
  const [adId, setAdId] = useState('');
  const [adMatch, setAdMatch] = useState<StructureMatch | null>(null);
  const onAdResolved = useCallback((id: string, match: StructureMatch | null) => {
    setAdId(id);
    setAdMatch(match);
  }, []);
  const [draft, setDraft] = useState<DnaDraft>(emptyDraft);
  // The ad set a draft will run in: the gate predicts for that audience (blank: an average one).
  const [adSetText, setAdSetText] = useState('');
  const [adSetId, setAdSetId] = useState('');
  const [k, setK] = useState(10);
  const [winnersOnly, setWinnersOnly] = useState(true);
  const [format, setFormat] = useState('');
  const [selected, setSelected] = useState<string | null>(null);

  const subject = (): Subject => (mode === 'ad' ? { adId: adId.trim() } : { dna: dnaFromDraft(draft) as Dna });
  const gateSubject = (): Subject => {
    const s = subject();
    return 'dna' in s && adSetId.trim() ? { ...s, adSetId: adSetId.trim() } : s;
  };
  const search = useMutation<WinnerSearch, AdloopError, Subject>({
    mutationFn: (s) => client.call('winners.search', { ...s, k, winnersOnly, filters: format ? { format: format as (typeof dnaFormats)[number] } : {} }),
    onSuccess: () => setSelected(null),
  });
  const gate = useMutation<{ gate: GateOutput; plan: BattlePlanOutput }, AdloopError, Subject>({
    mutationFn: async (s) => ({ gate: await client.call('winners.gate', s), plan: await client.call('winners.battlePlan', s) }),
  });

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    search.mutate(subject());
  };
  const fieldErrors = { ...dnaErrors(search.error), ...dnaErrors(gate.error) };
  const neighbour = search.data?.neighbours.find((n) => n.adId === selected) ?? null;
  // The searched ad by name when the picker knows it (ids are long and meaningless to a buyer).
  const subjectName = search.data?.adId ? (adMatch?.id === search.data.adId ? adMatch.name : `Ad ${search.data.adId}`) : 'Draft';
  const startDraft = (dna: Dna) => {
    setDraft(draftFromDna(dna));
    setMode('dna');
    gate.reset();
  };

  return (
    <div className="view view-wide" data-testid="view-winners">
      <header className="view-head">
        <div>
          <h1>Winners</h1>
          <p className="muted" data-testid="winners-status">
            {status.data
              ? `${status.data.indexed} creatives indexed, ${status.data.winners} winners (encoder v${status.data.activeEncoderVersion}${status.data.building ? `; re-embedding for v${status.data.building.version}: ${status.data.building.embedded} done` : ''})`
              : 'Creatives like your past winners, and a pre-spend check for new ones.'}
          </p>
        </div>
      </header>

      <form className="panel winners-search" onSubmit={onSearch} aria-label="Search similar creatives">
        <div className="toolbar" role="radiogroup" aria-label="Search by">
          <label className="field-check">
            <input type="radio" name="mode" checked={mode === 'ad'} onChange={() => setMode('ad')} data-testid="mode-ad" /> By ad
          </label>
          <label className="field-check">
            <input type="radio" name="mode" checked={mode === 'dna'} onChange={() => setMode('dna')} data-testid="mode-dna" /> By creative DNA
          </label>
        </div>
        {mode === 'ad' ? (
          <StructurePicker id="winners-ad" label="Ad" kind="ad" value={adText} onChange={setAdText} onResolve={onAdResolved} placeholder="name or id" required testId="winners-ad-input" />
        ) : (
          <>
            <DnaForm draft={draft} onChange={setDraft} errors={fieldErrors} />
            <StructurePicker
              id="winners-adset"
              label="Runs in ad set (optional)"
              kind="adSet"
              value={adSetText}
              onChange={setAdSetText}
              onResolve={setAdSetId}
              placeholder="name or id; blank: an average audience"
              testId="winners-adset-input"
            />
          </>
        )}
        <div className="toolbar">
          <div className="filter">
            <label htmlFor="winners-k">Results</label>
            <select id="winners-k" value={k} onChange={(e) => setK(Number(e.target.value))}>
              {[5, 10, 20, 50].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="filter">
            <label htmlFor="winners-format">Format</label>
            <select id="winners-format" value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value="">any</option>
              {dnaFormats.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
          <label className="field-check">
            <input type="checkbox" checked={winnersOnly} onChange={(e) => setWinnersOnly(e.target.checked)} /> Winners only
          </label>
        </div>
        <div className="toolbar">
          <button type="submit" className="button button-primary" disabled={search.isPending || (mode === 'ad' && !adId.trim())} data-testid="winners-search">
            {search.isPending ? 'Searching…' : 'Find similar'}
          </button>
          <button type="button" className="button" disabled={gate.isPending || (mode === 'ad' && !adId.trim())} onClick={() => gate.mutate(gateSubject())} data-testid="winners-gate">
            {gate.isPending ? 'Checking…' : 'Run the pre-spend gate'}
          </button>
          {mode === 'ad' && search.data?.adId && (
            <button type="button" className="button button-quiet" onClick={() => startDraft(search.data.dna)} data-testid="edit-ad-dna">
              Edit this ad’s DNA as a draft
            </button>
          )}
        </div>
      </form>

      {search.isError && Object.keys(dnaErrors(search.error)).length === 0 && <ErrorPanel title="The search failed" error={search.error} />}
      {gate.isError && Object.keys(dnaErrors(gate.error)).length === 0 && <ErrorPanel title="The gate could not run" error={gate.error} />}
      {(search.isError || gate.isError) && Object.keys(fieldErrors).length > 0 && (
        <p className="field-error" role="alert" data-testid="dna-invalid">
          The DNA has {Object.keys(fieldErrors).length} invalid field{Object.keys(fieldErrors).length === 1 ? '' : 's'}: {Object.keys(fieldErrors).join(', ')}.
        </p>
      )}

      {gate.data && !gate.isPending && <GatePanel gate={gate.data.gate} plan={gate.data.plan} />}

      {search.data && (
        <section className="panel" aria-labelledby="winners-results-title">
          <div className="panel-head">
            <h2 id="winners-results-title">
              {search.data.neighbours.length} most similar {winnersOnly ? 'winners' : 'creatives'} to {search.data.adId ? subjectName : 'the draft'}
            </h2>
            <p className="muted">{search.data.exact ? 'exact scan' : `HNSW, ef_search ${search.data.efSearch}`} · {search.data.ms} ms</p>
          </div>
          <Results rows={search.data.neighbours} selected={selected} onCompare={(id) => setSelected(id === selected ? null : id)} />
        </section>
      )}
      {neighbour && <Comparison neighbour={neighbour} subject={subjectName} onUseAsDraft={() => startDraft(neighbour.dna)} />}
    </div>
  );
}
