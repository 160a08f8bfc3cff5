// Public surface of decisions: decisions on items and cases as signed records with their evidence and
// rationale, the fairness-gate policy and its check before a case is reported, blind four-eyes review with
// supervisor resolution, appeals with their follow-up, and quality sampling with agreement rates. Callers
// outside decisions/ import from here. Owns the decisions, gate_policies, appeals and quality_sampling
// tables; it never changes a report or a submission itself (cybertip's) and never reads their tables.
export { listAppeals, recordAppeal, reviewAppeal } from './appeals';
export { gateCheck, GateNotSatisfiedError, requireGate } from './gate';
export { configureGate, currentGatePolicy, gatePolicyHistory } from './gate-policy';
export { agreementRates } from './quality';
export { decisionsFor, reviewQueues, viewDecision } from './read';
export type { ReviewQueues } from './read';
export { recordDecision, resolveDispute, reviewDecision } from './record';
export type { DecisionInput } from './record';
export { configureSampling, readSampling, samplingPoint } from './sampling';
export { decidedFileFacts } from './report-facts';
export type { DecidedFileFacts } from './report-facts';
