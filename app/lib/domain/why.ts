import type { MessageKey } from "../i18n";

/**
 * "Why this number", as data: each sentence of an explanation is a message key with the figures
 * it was computed from, rendered in the reader's language (app/lib/i18n/why.*.ts). A parameter
 * may itself be a list of parts (a list of lots, of donors), rendered and joined with commas.
 * Figures are rounded here as the explanation shows them; calendar days stay YYYY-MM-DD and are
 * written out by the renderer ("3 mar 2026"); target codes are named by the renderer too.
 */
export interface WhyPart {
  key: MessageKey;
  params?: Record<string, string | number | WhyPart[]>;
}
export type Why = WhyPart[];

export function why(key: MessageKey, params?: WhyPart["params"]): WhyPart {
  return params ? { key, params } : { key };
}

/** Rounds to at most `digits` decimals, as the explanation shows a figure. */
export function shown(value: number, digits = 1): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}
