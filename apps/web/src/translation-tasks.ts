type TaskRecord = 'CASE_STUDY' | 'RESULT_INDICATOR' | 'LESSON';

/** A text of a case study that needs translating or re-translating (libs/knowledge: translationTasks). */
export interface TranslationTask {
  record: TaskRecord;
  recordId: string;
  caseStudySlug: string;
  locale: string;
  reason: 'MISSING' | 'OUTDATED';
  currentVersion: number;
  translatedVersion: number | null;
}

/** Where a task is done: the case study's own translation form, or the one for its results and lessons. */
export function translationTaskPath(
  task: Pick<TranslationTask, 'record' | 'recordId' | 'caseStudySlug' | 'locale'>,
) {
  const into = `into=${encodeURIComponent(task.locale)}`;
  return task.record === 'CASE_STUDY'
    ? `/case-studies/${task.caseStudySlug}/translate?${into}`
    : `/case-studies/${task.caseStudySlug}/translate-items?${into}#item-${task.recordId}`;
}
