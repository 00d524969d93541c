export const REASON_KINDS = [
  'cancellation',
  'cancellation-rejection',
  'seller-cancellation',
  'return',
  'return-rejection',
] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

export interface ReasonView {
  id: string;
  kind: ReasonKind;
  label: string;
  labels: { en: string; ru: string; zh: string };
  isDefect: boolean;
  isCommentRequired: boolean;
}
