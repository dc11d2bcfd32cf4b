import type { MivaResponse } from '../json';
import type { Params } from '../params';
import type { SimulatorState } from '../state';

export interface CallContext {
  state: SimulatorState;
  params: Params;
}

export type Handler = (ctx: CallContext) => MivaResponse;
