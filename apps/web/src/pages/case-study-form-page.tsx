import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { gql, serverProblems } from '../api';
import {
  CASE_STUDY_TO_EDIT,
  changesOf,
  createInputOf,
  draftOf,
  DRAFT_GROUPS,
  DRAFT_LABELS,
  emptyDraft,
  fieldsSaved,
  fieldPaths,
  inputOf,
  ORGANISATION_ROLES,
  REACH_KEYS,
  slugOf,
  TEXT_LIMITS,
  type CaseStudyDraft,
  type CaseStudyToEdit,
  type OrganisationDraft,
  type SourceDraft,
} from '../case-study-draft';
import { NotAllowedToWrite } from '../components/case-study-editing';
import { clashesNamed, saveMerging, useEdit, useLeaveGuard } from '../edit-conflict';
import { ChoicesNotice, ErrorNotice, Loading } from '../components/error-notice';
import {
  CheckboxGroup,
  FieldFrame,
  FormNotice,
  useFocusById,
  useCheckedSubmit,
  type ControlProps,
} from '../components/form-field';
import { LocaleSelect } from '../components/locale-select';
import { MarkdownView } from '../components/markdown-view';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { languageInSentence } from '../language';
import {
  coordinatedCountries,
  hasRole,
  mayWriteCaseStudies,
  NETWORK_WIDE_ROLES,
  useSession,
  type SessionUser,
} from '../session';
import { useNetworkCountries } from '../network-countries';
import { useOwnOrganisations, type Organisation } from '../own-organisations';
import { useDebounced, useQuery } from '../use-query';

export default function CaseStudyFormPage() {
  const { slug } = useParams();
  const { t } = useTranslation();
  const { user, checking } = useSession();
  const heading = slug ? t('caseStudyForm.editTitle') : t('caseStudyForm.newTitle');
  usePageTitle(heading);
  const own = useOwnOrganisations(user);
  if (checking || (user && !own.nodes && !own.error)) return <Loading />;
  if (own.error) return <PageError error={own.error} onRetry={own.reload} />;
  const organisations = own.nodes ?? [];
  if (slug) return <EditCaseStudy slug={slug} user={user} organisations={organisations} />;
  if (!mayWriteCaseStudies(user, organisations.length)) return <NotAllowedToWrite heading={heading} />;
  return <CaseStudyForm heading={heading} user={user} organisations={organisations} />;
}

function EditCaseStudy({
  slug,
  user,
  organisations,
}: {
  slug: string;
  user: SessionUser | null;
  organisations: Organisation[];
}) {
  const { t } = useTranslation();
  // First the language it was written in, then its text exactly as written in that language.
  const meta = useQuery<{ caseStudy: { originalLocale: string } }>(
    `query CaseStudyLanguage($slug: String!) { caseStudy(slug: $slug) { originalLocale } }`,
    { slug },
  );
  const original = meta.data?.caseStudy.originalLocale;
  const { data, error, reload } = useQuery<{ caseStudy: CaseStudyToEdit }>(
    CASE_STUDY_TO_EDIT,
    { slug },
    { skip: !original, locale: original },
  );
  const back = { to: `/case-studies/${slug}`, label: t('caseStudyForm.backToCaseStudy') };
  if (meta.error || error)
    return <PageError error={meta.error ?? error} onRetry={meta.error ? meta.reload : reload} back={back} />;
  // A language switch fetches again but keeps the answer meanwhile: the form, and what is typed, stay.
  if (!original || !data) return <Loading />;
  if (!data.caseStudy.viewerCan.edit)
    return <NotAllowedToWrite heading={t('caseStudyForm.editTitle')} slug={slug} />;
  return (
    <CaseStudyForm
      heading={t('caseStudyForm.editTitle')}
      user={user}
      organisations={organisations}
      caseStudy={data.caseStudy}
    />
  );
}

function CaseStudyForm({
  heading,
  user,
  organisations,
  caseStudy,
}: {
  heading: string;
  user: SessionUser | null;
  organisations: Organisation[];
  caseStudy?: CaseStudyToEdit;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const keys = useRef(0);
  const nextKey = () => ++keys.current;
  const networkWide = hasRole(user, ...NETWORK_WIDE_ROLES);
  const coordinated = coordinatedCountries(user);
  const { loaded, setLoaded, draft, setDraft, merged, unsaved } = useEdit(
    () =>
      caseStudy
        ? draftOf(caseStudy, nextKey)
        : emptyDraft(i18n.language, networkWide || coordinated.length ? '' : (organisations[0]?.id ?? '')),
    caseStudy?.updatedAt,
  );
  const [slugTouched, setSlugTouched] = useState(!!caseStudy);
  const { problems, error, busy, form, notice, submit: checkAndSend } = useCheckedSubmit();
  useLeaveGuard(unsaved, busy);
  const setFocusId = useFocusById();
  const countries = useNetworkCountries();
  const options = useQuery<{ themes: { key: string; label: string }[] }>(
    `query CaseStudyFormOptions { themes { key label } }`,
  );
  // Names from the directory offered while one is typed: those containing what is typed, asked for
  // once typing pauses, so that the offer reaches every organisation however many there are.
  const [naming, setNaming] = useState('');
  const searched = useDebounced(naming.trim());
  const suggestions = useQuery<{ organisations: { edges: { node: Organisation }[] } }>(
    `query OrganisationNames($search: String!) { organisations(first: 20, filter: { search: $search }) {
      edges { node { id name } } } }`,
    { search: searched },
    { skip: searched.length < 2, keepPrevious: true },
  );

  const organisationShown = !caseStudy && organisations.length > 0;
  // A problem with a field the form does not show goes above the form.
  const paths = fieldPaths(draft).filter((path) => path !== 'input.organisationId' || organisationShown);
  const server = serverProblems(error, paths);
  const message = (path: string) => problems[path] ?? server.byPath[path];
  const set = <K extends keyof CaseStudyDraft>(key: K, value: CaseStudyDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  // Members draft for their organisation; coordinators may also draft in their own countries.
  const needsOrganisation = (countries: string[]) =>
    !networkWide && !countries.some((code) => coordinated.includes(code));
  const lang = draft.originalLocale;

  // Coordinators who belong to no organisation write about their own countries only.
  const ownCountries = networkWide || organisations.length > 0 ? undefined : coordinated;
  const known = countries.list;
  const countryOptions = [
    ...known,
    ...(caseStudy?.countries ?? []).filter((c) => !known.some((k) => k.code === c.code)),
  ]
    .filter((c) => !ownCountries || ownCountries.includes(c.code) || draft.countries.includes(c.code))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));
  const directory =
    searched.length < 2 ? [] : (suggestions.data?.organisations.edges.map((e) => e.node.name) ?? []);

  function setTitle(title: string) {
    setDraft((d) => ({ ...d, title, ...(slugTouched ? {} : { slug: slugOf(title) }) }));
  }

  function addOrganisation() {
    const key = nextKey();
    set('organisations', [...draft.organisations, { key, name: '', role: 'IMPLEMENTER' }]);
    setFocusId(`organisation-${key}-name`);
  }
  function updateOrganisation(key: number, changes: Partial<OrganisationDraft>) {
    set(
      'organisations',
      draft.organisations.map((o) => (o.key === key ? { ...o, ...changes } : o)),
    );
  }
  function removeOrganisation(index: number) {
    const rest = draft.organisations.filter((_, i) => i !== index);
    set('organisations', rest);
    const neighbour = rest[Math.min(index, rest.length - 1)];
    setFocusId(neighbour ? `organisation-${neighbour.key}-remove` : 'organisation-add');
  }
  function addSource() {
    const key = nextKey();
    set('sources', [...draft.sources, { key, title: '', url: '', publisher: '', year: '' }]);
    setFocusId(`source-${key}-title`);
  }
  function updateSource(key: number, changes: Partial<SourceDraft>) {
    set(
      'sources',
      draft.sources.map((s) => (s.key === key ? { ...s, ...changes } : s)),
    );
  }
  function removeSource(index: number) {
    const rest = draft.sources.filter((_, i) => i !== index);
    set('sources', rest);
    const neighbour = rest[Math.min(index, rest.length - 1)];
    setFocusId(neighbour ? `source-${neighbour.key}-remove` : 'source-add');
  }

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const built = inputOf(draft, t, caseStudy ? undefined : needsOrganisation);
    // Without an organisation to choose, the way out is one of the countries the person coordinates.
    if (built.problems['input.organisationId'] && organisations.length === 0) {
      delete built.problems['input.organisationId'];
      built.problems['input.countries'] = t('caseStudyForm.errors.countryRequired');
    }
    await checkAndSend(built.problems, async () => {
      if (caseStudy) {
        await saveMerging({
          edit: { ...loaded, mine: draft },
          send: async (edit) => {
            const { fields, texts } = changesOf(inputOf(edit.mine, t).input, inputOf(edit.base, t).input);
            let expectedUpdatedAt = edit.updatedAt;
            // The texts go second, from the version the fields' save made.
            if (Object.keys(fields).length > 0) {
              const saved = await gql<{ updateCaseStudy: { updatedAt: string } }>(
                `mutation UpdateCaseStudy($id: ID!, $input: UpdateCaseStudyInput!) { updateCaseStudy(id: $id, input: $input) { updatedAt } }`,
                { id: caseStudy.id, input: { ...fields, expectedUpdatedAt } },
              );
              expectedUpdatedAt = saved.updateCaseStudy.updatedAt;
              // Should the texts be refused, the next save sends only them, from this version.
              setLoaded({ base: fieldsSaved(edit.base, edit.mine), updatedAt: expectedUpdatedAt });
            }
            if (texts)
              await gql(
                `mutation EditCaseStudyText($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { id } }`,
                {
                  id: caseStudy.id,
                  input: { ...texts, locale: caseStudy.originalLocale, expectedUpdatedAt },
                },
              );
          },
          load: async () => {
            const latest = await gql<{ caseStudy: CaseStudyToEdit }>(
              CASE_STUDY_TO_EDIT,
              { slug: caseStudy.slug },
              { locale: caseStudy.originalLocale },
            );
            return { draft: draftOf(latest.caseStudy, nextKey), updatedAt: latest.caseStudy.updatedAt };
          },
          groups: DRAFT_GROUPS,
          onMerged: merged,
          message: clashesNamed(DRAFT_LABELS, t, i18n),
        });
        navigate(`/case-studies/${caseStudy.slug}`);
      } else {
        const { createCaseStudy } = await gql<{ createCaseStudy: { slug: string } }>(
          `mutation CreateCaseStudy($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { slug } }`,
          { input: createInputOf(built.input) },
        );
        navigate(`/case-studies/${createCaseStudy.slug}`);
      }
    });
  }

  const textField = (
    name: 'title' | 'region',
    label: string,
    extra: { hint?: string; onChange?: (value: string) => void } = {},
  ) => (
    <FieldFrame
      label={label}
      hint={extra.hint}
      error={message(`input.${name}`)}
      maxLength={TEXT_LIMITS[name]}
    >
      {(control) => (
        <input
          {...control}
          name={name}
          lang={name === 'title' ? lang : undefined}
          value={draft[name]}
          onChange={(e) => (extra.onChange ?? ((value: string) => set(name, value)))(e.target.value)}
        />
      )}
    </FieldFrame>
  );
  const longText = (name: 'summary' | 'body' | 'scalingUp', label: string, rows: number, hint?: string) => (
    <FieldFrame label={label} hint={hint} error={message(`input.${name}`)} maxLength={TEXT_LIMITS[name]}>
      {(control) => (
        <textarea
          {...control}
          name={name}
          lang={lang}
          rows={rows}
          value={draft[name]}
          onChange={(e) => set(name, e.target.value)}
        />
      )}
    </FieldFrame>
  );
  const numberInput = (
    control: ControlProps,
    name: string,
    value: string,
    onChange: (value: string) => void,
    inputMode: 'numeric' | 'decimal' = 'numeric',
  ) => (
    <input
      {...control}
      name={name}
      inputMode={inputMode}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );

  return (
    <section className="narrow case-study-form">
      <h1>{heading}</h1>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <FormNotice notice={notice} error={server.unplaced ? error : undefined} problems={problems} />
        {/* A new one starts as a draft; changes to a published one are seen by everyone once saved. */}
        {!caseStudy ? (
          <p className="field-hint">{t('caseStudyForm.draftNote')}</p>
        ) : caseStudy.status === 'PUBLISHED' ? (
          <p className="field-hint">{t('caseStudyForm.publishedNote')}</p>
        ) : null}

        {caseStudy ? (
          <p className="meta">
            {t('caseStudyForm.writtenInFixed', {
              language: languageInSentence(caseStudy.originalLocale, i18n.language),
            })}
          </p>
        ) : (
          <LocaleSelect
            name="originalLocale"
            label={t('caseStudyForm.writtenIn')}
            hint={t('caseStudyForm.writtenInHint')}
            error={message('input.originalLocale')}
            value={draft.originalLocale}
            onChange={(locale) => set('originalLocale', locale)}
          />
        )}

        {organisationShown && (
          <FieldFrame
            label={t('caseStudyForm.organisation')}
            hint={t('caseStudyForm.organisationHint')}
            error={message('input.organisationId')}
          >
            {(control) => (
              <select
                {...control}
                name="organisationId"
                value={draft.organisationId}
                onChange={(e) => set('organisationId', e.target.value)}
              >
                {(networkWide || coordinated.length > 0) && (
                  <option value="">{t('caseStudyForm.noOrganisation')}</option>
                )}
                {organisations.map((org) => (
                  <option key={org.id} value={org.id}>
                    {org.name}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
        )}

        {textField('title', t('caseStudyForm.title'), { onChange: setTitle })}
        {!caseStudy && (
          <FieldFrame
            maxLength={120}
            label={t('caseStudyForm.slug')}
            hint={t('caseStudyForm.slugHint')}
            error={message('input.slug')}
          >
            {(control) => (
              <input
                {...control}
                name="slug"
                autoCapitalize="none"
                spellCheck={false}
                value={draft.slug}
                onChange={(e) => {
                  setSlugTouched(true);
                  set('slug', e.target.value);
                }}
              />
            )}
          </FieldFrame>
        )}
        {longText('summary', t('caseStudyForm.summary'), 3)}
        {longText('body', t('caseStudyForm.body'), 12, t('caseStudyForm.markdownHint'))}
        <details className="markdown-preview">
          <summary>{t('caseStudyForm.preview')}</summary>
          {draft.body.trim() ? (
            <MarkdownView source={draft.body} lang={lang} />
          ) : (
            <p className="meta">{t('caseStudyForm.previewEmpty')}</p>
          )}
        </details>
        {longText('scalingUp', t('caseStudyForm.scalingUp'), 4, t('caseStudyForm.markdownHint'))}

        <CheckboxGroup
          legend={t('caseStudyForm.countries')}
          name="countries"
          options={countryOptions.map((country) => ({ value: country.code, label: country.name }))}
          chosen={draft.countries}
          onChange={(codes) => set('countries', codes)}
          hint={ownCountries ? t('caseStudyForm.countriesOwnHint') : t('caseStudyForm.countriesHint')}
          error={message('input.countries')}
          notice={<ChoicesNotice choices={countries} />}
        />
        {textField('region', t('caseStudyForm.region'), { hint: t('caseStudyForm.regionHint') })}

        <CheckboxGroup
          legend={t('caseStudyForm.themes')}
          name="themes"
          options={(options.data?.themes ?? []).map((theme) => ({ value: theme.key, label: theme.label }))}
          chosen={draft.themes}
          onChange={(themes) => set('themes', themes)}
          error={message('input.themes')}
          notice={options.error ? <ErrorNotice error={options.error} onRetry={options.reload} /> : null}
        />

        <FieldFrame
          label={t('caseStudyForm.approaches')}
          hint={t('caseStudyForm.approachesHint')}
          error={message('input.approaches')}
        >
          {(control) => (
            <input
              {...control}
              name="approaches"
              value={draft.approaches}
              onChange={(e) => set('approaches', e.target.value)}
            />
          )}
        </FieldFrame>

        <fieldset className="facet">
          <legend>{t('caseStudyForm.period')}</legend>
          <div className="field-row">
            <FieldFrame label={t('caseStudyForm.periodStart')} error={message('input.period.start')}>
              {(control) =>
                numberInput(control, 'periodStart', draft.periodStart, (v) => set('periodStart', v))
              }
            </FieldFrame>
            <FieldFrame
              label={t('caseStudyForm.periodEnd')}
              error={message('input.period.end') ?? message('input.period')}
            >
              {(control) => numberInput(control, 'periodEnd', draft.periodEnd, (v) => set('periodEnd', v))}
            </FieldFrame>
          </div>
        </fieldset>

        <fieldset className="facet">
          <legend>{t('caseStudyForm.funding')}</legend>
          <div className="field-row">
            <FieldFrame
              label={t('caseStudyForm.fundingAmount')}
              error={message('input.funding.amount') ?? message('input.funding')}
            >
              {(control) =>
                numberInput(
                  control,
                  'fundingAmount',
                  draft.fundingAmount,
                  (v) => set('fundingAmount', v),
                  'decimal',
                )
              }
            </FieldFrame>
            <FieldFrame
              label={t('caseStudyForm.fundingCurrency')}
              hint={t('caseStudyForm.fundingCurrencyHint')}
              error={message('input.funding.currency')}
            >
              {(control) => (
                <input
                  {...control}
                  name="fundingCurrency"
                  maxLength={3}
                  autoCapitalize="characters"
                  value={draft.fundingCurrency}
                  onChange={(e) => set('fundingCurrency', e.target.value.toUpperCase())}
                />
              )}
            </FieldFrame>
          </div>
        </fieldset>

        <fieldset className="facet">
          <legend>{t('caseStudyForm.reach')}</legend>
          <div className="field-row">
            {REACH_KEYS.map((key) => (
              <FieldFrame key={key} label={t(`caseStudy.reach.${key}`)} error={message(`input.reach.${key}`)}>
                {(control) =>
                  numberInput(control, `reach.${key}`, draft.reach[key], (v) =>
                    set('reach', { ...draft.reach, [key]: v }),
                  )
                }
              </FieldFrame>
            ))}
          </div>
        </fieldset>

        <section aria-labelledby="cs-organisations-heading">
          <h2 id="cs-organisations-heading">{t('caseStudy.organisations')}</h2>
          <p className="field-hint">{t('caseStudyForm.organisationsHint')}</p>
          <datalist id="directory-organisations">
            {directory.map((name, index) => (
              <option key={index} value={name} />
            ))}
          </datalist>
          <ol className="agenda-editor">
            {draft.organisations.map((org, index) => (
              <li key={org.key}>
                <fieldset className="facet">
                  <legend>{t('caseStudyForm.organisationN', { number: index + 1 })}</legend>
                  <FieldFrame
                    maxLength={200}
                    id={`organisation-${org.key}-name`}
                    label={t('caseStudyForm.organisationName')}
                    error={message(`input.organisations.${index}.name`)}
                  >
                    {(control) => (
                      <input
                        {...control}
                        name={`organisations.${index}.name`}
                        list="directory-organisations"
                        value={org.name}
                        onFocus={() => setNaming(org.name)}
                        onChange={(e) => {
                          updateOrganisation(org.key, { name: e.target.value });
                          setNaming(e.target.value);
                        }}
                      />
                    )}
                  </FieldFrame>
                  <FieldFrame
                    label={t('caseStudyForm.organisationRole')}
                    error={message(`input.organisations.${index}.role`)}
                  >
                    {(control) => (
                      <select
                        {...control}
                        name={`organisations.${index}.role`}
                        value={org.role}
                        onChange={(e) => updateOrganisation(org.key, { role: e.target.value })}
                      >
                        {ORGANISATION_ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`caseStudy.roles.${role}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </FieldFrame>
                  <div className="actions">
                    <button
                      type="button"
                      id={`organisation-${org.key}-remove`}
                      onClick={() => removeOrganisation(index)}
                    >
                      {t('caseStudyForm.removeOrganisation')}
                    </button>
                  </div>
                </fieldset>
              </li>
            ))}
          </ol>
          {message('input.organisations') && <p className="field-error">{message('input.organisations')}</p>}
          <button type="button" id="organisation-add" onClick={addOrganisation}>
            {t('caseStudyForm.addOrganisation')}
          </button>
        </section>

        <section aria-labelledby="cs-sources-heading">
          <h2 id="cs-sources-heading">{t('caseStudy.sources')}</h2>
          <ol className="agenda-editor">
            {draft.sources.map((source, index) => {
              const path = `input.sources.${index}`;
              return (
                <li key={source.key}>
                  <fieldset className="facet">
                    <legend>{t('caseStudyForm.sourceN', { number: index + 1 })}</legend>
                    <FieldFrame
                      maxLength={500}
                      id={`source-${source.key}-title`}
                      label={t('caseStudyForm.sourceTitle')}
                      error={message(`${path}.title`)}
                    >
                      {(control) => (
                        <input
                          {...control}
                          name={`sources.${index}.title`}
                          value={source.title}
                          onChange={(e) => updateSource(source.key, { title: e.target.value })}
                        />
                      )}
                    </FieldFrame>
                    <FieldFrame
                      label={t('caseStudyForm.sourceUrl')}
                      error={message(`${path}.url`)}
                      maxLength={2000}
                    >
                      {(control) => (
                        <input
                          {...control}
                          type="url"
                          inputMode="url"
                          name={`sources.${index}.url`}
                          value={source.url}
                          onChange={(e) => updateSource(source.key, { url: e.target.value })}
                        />
                      )}
                    </FieldFrame>
                    <FieldFrame
                      maxLength={200}
                      label={t('caseStudyForm.sourcePublisher')}
                      error={message(`${path}.publisher`)}
                    >
                      {(control) => (
                        <input
                          {...control}
                          name={`sources.${index}.publisher`}
                          value={source.publisher}
                          onChange={(e) => updateSource(source.key, { publisher: e.target.value })}
                        />
                      )}
                    </FieldFrame>
                    <FieldFrame label={t('caseStudyForm.sourceYear')} error={message(`${path}.year`)}>
                      {(control) =>
                        numberInput(control, `sources.${index}.year`, source.year, (v) =>
                          updateSource(source.key, { year: v }),
                        )
                      }
                    </FieldFrame>
                    <div className="actions">
                      <button
                        type="button"
                        id={`source-${source.key}-remove`}
                        onClick={() => removeSource(index)}
                      >
                        {t('caseStudyForm.removeSource')}
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          <button type="button" id="source-add" onClick={addSource}>
            {t('caseStudyForm.addSource')}
          </button>
        </section>

        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {caseStudy ? t('caseStudyForm.save') : t('caseStudyForm.create')}
          </button>
          <Link to={caseStudy ? `/case-studies/${caseStudy.slug}` : '/case-studies/drafts'}>
            {t('caseStudyForm.cancelEditing')}
          </Link>
        </div>
      </form>
    </section>
  );
}
