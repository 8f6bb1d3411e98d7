// What every resolver receives: the simulator, the shop the access token resolved to, and per-request bookkeeping.
import type { Simulator } from "../sim.js";
import type { ShopState } from "../state/store.js";

export interface RequestContext {
  sim: Simulator;
  shop: ShopState;
  /** Payment attempts already observed in this request: one request moves an attempt at most one step. */
  observed: Set<string>;
  /** Set by orderCreateMandatePayment when a scripted lost-response fault applies to this request. */
  dropResponse: { hangMs: number } | null;
}
