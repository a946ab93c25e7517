// The module the build writes from generator/model/question_types.py (generator.browser.question_types_module).
export interface QuestionType {
  label: string;
  answer: string;
  partial_credit: boolean;
  never_written_order: boolean;
  interaction: string;
}
export const QUESTION_TYPES: Record<string, QuestionType>;
