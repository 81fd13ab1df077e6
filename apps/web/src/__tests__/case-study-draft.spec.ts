import {
  changesOf,
  createInputOf,
  draftOf,
  emptyDraft,
  fieldsSaved,
  figure,
  inputOf,
  slugOf,
  type CaseStudyDraft,
  type CaseStudyToEdit,
} from '../case-study-draft';

// The keys, with their parameters, stand for the translated messages.
const t = (key: string, options?: Record<string, unknown>) =>
  options ? `${key} ${JSON.stringify(options)}` : key;

const water = (changes: Partial<CaseStudyDraft> = {}): CaseStudyDraft => ({
  ...emptyDraft('ru', 'org-1'),
  slug: 'vodoprovod-v-sele',
  title: 'Водопровод в селе',
  summary: 'Жители сами построили водопровод.',
  body: 'Каждая семья платила **после урожая**.',
  countries: ['KG'],
  themes: ['water-sanitation'],
  approaches: 'user-fees, peer-support, user-fees',
  periodStart: '2019',
  periodEnd: '2022',
  fundingAmount: '12 500',
  fundingCurrency: 'usd',
  reach: { communities: '3', households: '', organisations: '', people: '1200' },
  organisations: [{ key: 1, name: 'Ak-Suu Water Users', role: 'IMPLEMENTER' }],
  sources: [{ key: 2, title: 'Отчёт', url: 'https://example.org/report', publisher: '', year: '2023' }],
  ...changes,
});

describe('the case study form', () => {
  it('makes a web address from a title in Russian, Spanish or English', () => {
    expect(slugOf('Водопровод в селе Ак-Суу')).toBe('vodoprovod-v-sele-ak-suu');
    expect(slugOf('Agua potable: ¿quién paga?')).toBe('agua-potable-quien-paga');
    expect(slugOf('  Village water -- committees ')).toBe('village-water-committees');
  });

  it('reads amounts and counts as each language writes them, and refuses what it would have to guess', () => {
    const read = (text: string) => [figure(text, 2), figure(text, 0)];
    expect(read('1,500')).toEqual([1500, 1500]);
    expect(read('1.500.000')).toEqual([1500000, 1500000]);
    expect(read('12 500')).toEqual([12500, 12500]);
    expect(read('12\u00a0500,75')).toEqual([12500.75, undefined]);
    expect(read('1.500,50')).toEqual([1500.5, undefined]);
    expect(read('1,500.50')).toEqual([1500.5, undefined]);
    expect(read('1,5')).toEqual([1.5, undefined]);
    expect(read('1500.5')).toEqual([1500.5, undefined]);
    expect(read('0')).toEqual([0, 0]);
    for (const bad of ['1,5000', '1,500,50', '0.125', '-3', '1e5', '1.2.3', '12,50,000', 'abc'])
      expect(read(bad)).toEqual([undefined, undefined]);

    const refused = inputOf(
      water({ fundingAmount: '1,5000', reach: { ...water().reach, people: '1,2' } }),
      t,
    );
    expect(refused.problems).toEqual({
      'input.funding.amount': 'caseStudyForm.errors.amountFormat',
      'input.reach.people': 'caseStudyForm.errors.wholeNumber',
    });
    const grouped = inputOf(
      water({ fundingAmount: '1,500', reach: { ...water().reach, people: '1 021' } }),
      t,
    );
    expect(grouped.input).toMatchObject({ funding: { amount: 1500 }, reach: { people: 1021 } });
  });

  it('sends every field as createCaseStudy takes it, leaving out what is empty', () => {
    const { input, problems } = inputOf(water(), t);
    expect(problems).toEqual({});
    expect(createInputOf(input)).toEqual({
      slug: 'vodoprovod-v-sele',
      originalLocale: 'ru',
      organisationId: 'org-1',
      title: 'Водопровод в селе',
      summary: 'Жители сами построили водопровод.',
      body: 'Каждая семья платила **после урожая**.',
      countries: ['KG'],
      themes: ['water-sanitation'],
      approaches: ['user-fees', 'peer-support'],
      period: { start: 2019, end: 2022 },
      funding: { amount: 12500, currency: 'USD' },
      reach: { communities: 3, people: 1200 },
      organisations: [{ name: 'Ak-Suu Water Users', role: 'IMPLEMENTER' }],
      sources: [{ title: 'Отчёт', url: 'https://example.org/report', year: 2023 }],
    });
  });

  it('checks what the API checks, under the paths the API names', () => {
    const { problems } = inputOf(
      water({
        slug: 'Not a slug',
        title: '  ',
        periodStart: '2022',
        periodEnd: '2019',
        fundingAmount: '',
        fundingCurrency: 'dollars',
        reach: { communities: '-1', households: '2.5', organisations: '', people: '' },
        organisations: [{ key: 1, name: 'A', role: 'FUNDER' }],
        sources: [{ key: 2, title: '', url: 'javascript:alert(1)', publisher: '', year: '1800' }],
      }),
      t,
    );
    expect(problems).toEqual({
      'input.slug': 'caseStudyForm.errors.slug',
      'input.title': 'caseStudyForm.errors.required',
      'input.period.end': 'caseStudyForm.errors.endBeforeStart',
      'input.funding.amount': 'caseStudyForm.errors.required',
      'input.funding.currency': 'caseStudyForm.errors.currency',
      'input.reach.communities': 'caseStudyForm.errors.wholeNumber',
      'input.reach.households': 'caseStudyForm.errors.wholeNumber',
      'input.organisations.0.name': 'caseStudyForm.errors.minLength {"min":2}',
      'input.sources.0.title': 'caseStudyForm.errors.required',
      'input.sources.0.url': 'caseStudyForm.errors.url',
      'input.sources.0.year': 'caseStudyForm.errors.year',
    });
  });

  it('asks for an organisation when the caller may draft only for their own', () => {
    const needs = (countries: string[]) => !countries.includes('KG');
    expect(inputOf(water({ organisationId: '' }), t, needs).problems).toEqual({});
    expect(inputOf(water({ organisationId: '', countries: ['PE'] }), t, needs).problems).toEqual({
      'input.organisationId': 'caseStudyForm.errors.organisationRequired',
    });
  });

  it('sends only what an edit changed: fields to updateCaseStudy, texts to translateCaseStudy', () => {
    const stored: CaseStudyToEdit = {
      id: 'cs-1',
      slug: 'vodoprovod-v-sele',
      status: 'DRAFT',
      updatedAt: '2026-11-20T08:00:00.000Z',
      originalLocale: 'ru',
      organisationId: 'org-1',
      title: 'Водопровод в селе',
      summary: 'Жители сами построили водопровод.',
      body: 'Каждая семья платила **после урожая**.',
      scalingUp: null,
      region: null,
      approaches: [{ key: 'user-fees' }, { key: 'peer-support' }],
      period: { start: 2019, end: 2022 },
      funding: { amount: 12500, currency: 'USD' },
      reach: { communities: 3, households: null, organisations: null, people: 1200 },
      sources: [{ title: 'Отчёт', url: 'https://example.org/report', publisher: null, year: 2023 }],
      countries: [{ code: 'KG', name: 'Киргизия' }],
      themes: [{ key: 'water-sanitation' }],
      organisations: [{ role: 'IMPLEMENTER', organisation: { name: 'Ak-Suu Water Users' } }],
      viewerCan: { edit: true, publish: false, archive: false },
    };
    let key = 0;
    const initial = draftOf(stored, () => ++key);
    const before = inputOf(initial, t).input;
    expect(changesOf(before, before)).toEqual({ fields: {}, texts: null });
    const edited = inputOf({ ...initial, region: 'Иссык-Куль', summary: 'Новое резюме.' }, t).input;
    expect(changesOf(edited, before)).toEqual({
      fields: { region: 'Иссык-Куль' },
      texts: {
        title: 'Водопровод в селе',
        summary: 'Новое резюме.',
        body: 'Каждая семья платила **после урожая**.',
        scalingUp: null,
      },
    });
  });
});

describe('fieldsSaved', () => {
  it('is what an edit compares with once its fields are saved and its texts are not: the texts only are left', () => {
    const base = water();
    const mine = water({ title: 'Новое название', region: 'Нарын', countries: ['KG', 'TJ'] });
    const saved = fieldsSaved(base, mine);
    const { fields, texts } = changesOf(inputOf(mine, t).input, inputOf(saved, t).input);
    expect(fields).toEqual({});
    expect(texts).toMatchObject({ title: 'Новое название' });
  });
});
