// Which DNA encoders the index knows. The current one (ENCODER_VERSION) is what new rows are
// embedded with; an older, fully embedded version keeps serving searches while the current one is
// built in the background. Tests pass their own registry to exercise a version change.
import type { Dna } from '../../../../contract/dna';
import { ENCODER_DIM, ENCODER_VERSION, encodeDna } from '../../../domain/winners/encoder';

export interface DnaEncoder {
  version: number;
  dim: number;
  encode(dna: Dna): number[];
}

export interface EncoderRegistry {
  current: DnaEncoder;
  /** Every version that can still encode a query (the current one included). */
  byVersion(version: number): DnaEncoder | undefined;
}

export const encoderV1: DnaEncoder = { version: 1, dim: ENCODER_DIM, encode: (dna) => encodeDna(dna, 1) };

export function registryOf(current: DnaEncoder, ...older: DnaEncoder[]): EncoderRegistry {
  const all = new Map([current, ...older].map((e) => [e.version, e]));
  return { current, byVersion: (v) => all.get(v) };
}

export const defaultEncoders: EncoderRegistry = registryOf(ENCODER_VERSION === 1 ? encoderV1 : { version: ENCODER_VERSION, dim: ENCODER_DIM, encode: (d) => encodeDna(d) }, encoderV1);

/** pgvector's text form. float32 values print exactly enough with 9 significant digits. */
export function vectorLiteral(v: readonly number[]): string {
  return `[${v.map((x) => (x === 0 ? '0' : x.toPrecision(9))).join(',')}]`;
}
