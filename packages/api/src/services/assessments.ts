import { scoreInstrument, type Instrument, type InstrumentScore, type Response } from "@stepwise/domain";

/**
 * An assessment's answers scored by the server (a caller never sends a score) and the columns of
 * its row they make: a clinician's entry, a patient's questionnaire and an EHR import store the
 * same ones.
 */
export function scoredAssessment<R extends readonly Response[]>(
  instrument: Instrument,
  responses: R,
): { scored: InstrumentScore; columns: { instrument: Instrument; responses: R } & Pick<InstrumentScore, "score" | "severity" | "subscales" | "safetyFlag"> } {
  const scored = scoreInstrument(instrument, responses);
  return { scored, columns: { instrument, responses, score: scored.score, severity: scored.severity, subscales: scored.subscales, safetyFlag: scored.safetyFlag } };
}
