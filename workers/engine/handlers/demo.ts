import { AdloopError, type CallContext, type Output, type ParsedInput } from '../../../contract';
import type { Database } from '../db';

export async function runDemo(_db: Database, _input: ParsedInput<'demo.generate'>, _ctx: CallContext, _root: string): Promise<Output<'demo.generate'>> {
  throw new AdloopError('Internal', 'demo.generate is not wired yet');
}
