import { translationTaskPath } from '../translation-tasks';

describe('a translation task', () => {
  it("leads to the case study's translation form in the language needed, for the case study's texts", () => {
    expect(
      translationTaskPath({
        record: 'CASE_STUDY',
        recordId: 'c1',
        caseStudySlug: 'naryn-water',
        locale: 'ru',
      }),
    ).toBe('/case-studies/naryn-water/translate?into=ru');
  });

  it('leads to the result or lesson itself on the form for results and lessons', () => {
    expect(
      translationTaskPath({
        record: 'RESULT_INDICATOR',
        recordId: 'r1',
        caseStudySlug: 'naryn-water',
        locale: 'es',
      }),
    ).toBe('/case-studies/naryn-water/translate-items?into=es#item-r1');
    expect(
      translationTaskPath({ record: 'LESSON', recordId: 'l1', caseStudySlug: 'naryn-water', locale: 'nl' }),
    ).toBe('/case-studies/naryn-water/translate-items?into=nl#item-l1');
  });
});
