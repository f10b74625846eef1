// Resolving the pipeline and stage an export names (by label, in the user's language, or by id)
// to HubSpot's ids in the workspace. Unknown ones are created: HubSpot's default sales stages get
// their real ids and probabilities (so a CSV-only workspace values them like a synced one —
// the prototype's "appointment_scheduled" ≠ "appointmentscheduled" bug made every stage worth 0);
// other stages get an id from their label and are closed won/lost when the label says so.
import { normalizeHeader } from './headers';

export interface CatalogPipeline {
  id: string;
  label: string;
}
export interface CatalogStage {
  pipelineId: string;
  id: string;
  label: string;
  probability: number | null;
  isClosed: boolean;
  isWon: boolean;
  order: number;
}

const DEFAULT_PIPELINE_LABELS = ['sales pipeline', 'vertriebspipeline', 'pipeline de ventes', 'pipeline de ventas', 'pipeline de vendas', 'default'];

const DEFAULT_STAGES: Array<{ id: string; probability: number; closed: boolean; won: boolean; labels: string[] }> = [
  { id: 'appointmentscheduled', probability: 0.2, closed: false, won: false, labels: ['appointment scheduled', 'termin vereinbart', 'rendez-vous planifie', 'cita programada', 'reuniao agendada', 'compromisso agendado'] },
  { id: 'qualifiedtobuy', probability: 0.4, closed: false, won: false, labels: ['qualified to buy', 'kaufbereit', 'qualifiziert zum kauf', "qualifie pour l'achat", 'calificado para comprar', 'qualificado para comprar'] },
  { id: 'presentationscheduled', probability: 0.6, closed: false, won: false, labels: ['presentation scheduled', 'prasentation geplant', 'presentation planifiee', 'presentacion programada', 'apresentacao agendada'] },
  { id: 'decisionmakerboughtin', probability: 0.8, closed: false, won: false, labels: ['decision maker bought-in', 'decision maker bought in', 'entscheidungstrager uberzeugt', 'decideur convaincu', 'responsable de la toma de decisiones convencido', 'tomador de decisao convencido'] },
  { id: 'contractsent', probability: 0.9, closed: false, won: false, labels: ['contract sent', 'vertrag gesendet', 'vertrag versendet', 'contrat envoye', 'contrato enviado'] },
  { id: 'closedwon', probability: 1, closed: true, won: true, labels: ['closed won', 'abgeschlossen und gewonnen', 'gewonnen', 'conclue gagnee', 'gagnee', 'cerrado ganado', 'ganado', 'fechado ganho', 'negocio fechado', 'ganho'] },
  { id: 'closedlost', probability: 0, closed: true, won: false, labels: ['closed lost', 'abgeschlossen und verloren', 'verloren', 'conclue perdue', 'perdue', 'cerrado perdido', 'perdido', 'fechado perdido', 'negocio perdido'] },
];

const WON = /\b(won|gewonnen|gagnee?|ganad[oa]|ganho|signed|unterschrieben)\b/;
const LOST = /\b(lost|verloren|perdue?|perdid[oa])\b/;

function slug(label: string): string {
  return normalizeHeader(label).replace(/[^a-z0-9]+/g, '').slice(0, 48) || 'stage';
}

export interface Resolution {
  pipelineId: string;
  stageId: string;
}

export class StageResolver {
  readonly createdPipelines: CatalogPipeline[] = [];
  readonly createdStages: CatalogStage[] = [];
  constructor(
    private readonly pipelines: CatalogPipeline[],
    private readonly stages: CatalogStage[],
  ) {}

  private findPipeline(raw: string): CatalogPipeline | undefined {
    const n = normalizeHeader(raw);
    return this.pipelines.find((p) => p.id === raw) ?? this.pipelines.find((p) => normalizeHeader(p.label) === n) ?? (DEFAULT_PIPELINE_LABELS.includes(n) ? this.pipelines.find((p) => p.id === 'default') : undefined);
  }

  private findStage(pipelineId: string | null, raw: string): CatalogStage | undefined {
    const n = normalizeHeader(raw);
    const pool = this.stages.filter((s) => pipelineId === null || s.pipelineId === pipelineId);
    const known = DEFAULT_STAGES.find((d) => d.labels.includes(n));
    return pool.find((s) => s.id === raw) ?? pool.find((s) => normalizeHeader(s.label) === n) ?? (known ? pool.find((s) => s.id === known.id) : undefined);
  }

  resolve(pipelineRaw: string, stageRaw: string): Resolution {
    let pipeline = pipelineRaw ? this.findPipeline(pipelineRaw) : undefined;
    if (!pipelineRaw) {
      const anywhere = this.findStage(null, stageRaw);
      if (anywhere) return { pipelineId: anywhere.pipelineId, stageId: anywhere.id };
      pipeline = this.pipelines.find((p) => p.id === 'default');
    }
    if (!pipeline) {
      const label = pipelineRaw || 'Sales Pipeline';
      const isDefault = DEFAULT_PIPELINE_LABELS.includes(normalizeHeader(label)) && !this.pipelines.some((p) => p.id === 'default');
      pipeline = { id: isDefault ? 'default' : `csv-${slug(label)}`, label };
      this.pipelines.push(pipeline);
      this.createdPipelines.push(pipeline);
    }
    const found = this.findStage(pipeline.id, stageRaw);
    if (found) return { pipelineId: pipeline.id, stageId: found.id };
    const n = normalizeHeader(stageRaw);
    const known = DEFAULT_STAGES.find((d) => d.labels.includes(n));
    const won = known ? known.won : WON.test(n);
    const closed = known ? known.closed : won || LOST.test(n);
    // A label whose id-from-label is already taken (another label, same letters) joins that stage.
    const sameId = this.stages.find((s) => s.pipelineId === pipeline.id && s.id === (known?.id ?? slug(stageRaw)));
    if (sameId) return { pipelineId: pipeline.id, stageId: sameId.id };
    const order = this.stages.filter((s) => s.pipelineId === pipeline.id).length;
    const stage: CatalogStage = {
      pipelineId: pipeline.id,
      id: known?.id ?? slug(stageRaw),
      label: stageRaw,
      probability: known ? known.probability : closed ? (won ? 1 : 0) : null,
      isClosed: closed,
      isWon: won,
      order,
    };
    this.stages.push(stage);
    this.createdStages.push(stage);
    return { pipelineId: pipeline.id, stageId: stage.id };
  }
}
