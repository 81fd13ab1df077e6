import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { gql, serverProblems } from '../api';
import { clashesNamed, saveMerging, useEdit, useLeaveGuard } from '../edit-conflict';
import { formatDateTime } from '../format';
import { languageInSentence } from '../language';
import {
  changesOf,
  draftOf,
  DRAFT_LABELS,
  inputOf,
  MATERIAL_TO_EDIT,
  MATERIAL_FIELD_PATHS,
  MATERIAL_VISIBILITIES,
  mayPublish,
  type MaterialDraft,
  type MaterialToEdit,
} from '../material-draft';
import { useEventChoices } from '../material-events';
import { useNetworkCountries } from '../network-countries';
import { MATERIAL_KINDS } from '../material-kinds';
import { coordinatedCountries, hasRole, NETWORK_WIDE_ROLES, type SessionUser } from '../session';
import { ChoicesNotice, ErrorNotice } from './error-notice';
import { Checkbox, CheckboxGroup, FieldFrame, FormNotice, useCheckedSubmit } from './form-field';
import { LocaleSelect } from './locale-select';
import { useThemes } from '../themes';
import { useDebounced } from '../use-query';

/**
 * Creates a material (then `onSaved` gets its id) or edits one (`material`, read in its original
 * language): kind, texts, who sees it, its countries, themes and events, and — for those who may
 * publish it — whether it is published.
 */
export function MaterialForm({
  user,
  initial,
  material,
  onSaved,
  cancel,
  headingLevel = 2,
  headingId,
  heading,
}: {
  user: SessionUser | null;
  initial: MaterialDraft;
  material?: MaterialToEdit;
  onSaved: (id: string) => void;
  /** A way back without saving (a link or a button), shown next to the save button. */
  cancel?: ReactNode;
  headingLevel?: 1 | 2;
  headingId?: string;
  heading: string;
}) {
  const { t, i18n } = useTranslation();
  const { loaded, draft, setDraft, merged, unsaved } = useEdit(() => initial, material?.updatedAt);
  const { problems, error, busy, form, notice, submit: checkAndSend } = useCheckedSubmit();
  useLeaveGuard(unsaved, busy);
  const countries = useNetworkCountries();
  const themes = useThemes();
  const [eventFilter, setEventFilter] = useState('');
  const eventSearch = useDebounced(eventFilter);
  const events = useEventChoices(draft.eventIds, eventSearch);
  const ids = { eventFilter: useId() };

  const server = serverProblems(error, MATERIAL_FIELD_PATHS);
  const message = (path: string) => problems[path] ?? server.byPath[path];
  const set = <K extends keyof MaterialDraft>(key: K, value: MaterialDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const canPublish = mayPublish(user, draft.countryCodes);
  const lang = draft.originalLocale;

  // Coordinators (who are not network-wide) choose among their own countries, and any already chosen.
  const coordinated = coordinatedCountries(user);
  const ownCountries =
    hasRole(user, 'FACILITATOR', ...NETWORK_WIDE_ROLES) || coordinated.length === 0 ? undefined : coordinated;
  const known = countries.list;
  const countryOptions = known
    .filter((c) => !ownCountries || ownCountries.includes(c.code) || draft.countryCodes.includes(c.code))
    .concat(
      draft.countryCodes
        .filter((code) => !known.some((k) => k.code === code))
        .map((code) => ({ code, name: code })),
    )
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));

  const wanted = eventSearch.trim();

  async function submit(submitted: FormEvent<HTMLFormElement>) {
    submitted.preventDefault();
    const built = inputOf(draft, t, canPublish);
    await checkAndSend(built.problems, async () => {
      if (material) {
        await saveMerging({
          edit: { ...loaded, mine: draft },
          send: async ({ base, mine, updatedAt }) => {
            const before = inputOf(base, t, mayPublish(user, base.countryCodes)).input;
            const changes = changesOf(inputOf(mine, t, canPublish).input, before);
            if (Object.keys(changes).length > 0)
              await gql(
                `mutation UpdateMaterial($id: ID!, $input: UpdateMaterialInput!) { updateMaterial(id: $id, input: $input) { id } }`,
                { id: material.id, input: { ...changes, expectedUpdatedAt: updatedAt } },
              );
          },
          load: async () => {
            const latest = await gql<{ material: MaterialToEdit }>(
              MATERIAL_TO_EDIT,
              { id: material.id },
              { locale: material.originalLocale },
            );
            return { draft: draftOf(latest.material), updatedAt: latest.material.updatedAt };
          },
          onMerged: merged,
          message: clashesNamed(DRAFT_LABELS, t, i18n),
        });
        onSaved(material.id);
      } else {
        const { description, ...rest } = built.input;
        const { createMaterial } = await gql<{ createMaterial: { id: string } }>(
          `mutation CreateMaterial($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
          { input: { ...rest, ...(description ? { description } : {}) } },
        );
        onSaved(createMaterial.id);
      }
    });
  }

  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section className="narrow material-form" aria-labelledby={headingId}>
      <Heading id={headingId} tabIndex={-1}>
        {heading}
      </Heading>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <FormNotice notice={notice} error={server.unplaced ? error : undefined} problems={problems} />

        <FieldFrame label={t('materials.kind')} error={message('input.kind')}>
          {(control) => (
            <select {...control} name="kind" value={draft.kind} onChange={(e) => set('kind', e.target.value)}>
              {MATERIAL_KINDS.map((value) => (
                <option key={value} value={value}>
                  {t(`materials.kinds.${value}`)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>

        {material ? (
          <p className="meta">
            {t('materials.writtenInFixed', {
              language: languageInSentence(material.originalLocale, i18n.language),
            })}
          </p>
        ) : (
          <LocaleSelect
            name="originalLocale"
            label={t('materials.writtenIn')}
            error={message('input.originalLocale')}
            value={draft.originalLocale}
            onChange={(locale) => set('originalLocale', locale)}
          />
        )}

        <FieldFrame label={t('materials.titleField')} error={message('input.title')} maxLength={300}>
          {(control) => (
            <input
              {...control}
              name="title"
              lang={lang}
              required
              value={draft.title}
              onChange={(e) => set('title', e.target.value)}
            />
          )}
        </FieldFrame>
        <FieldFrame label={t('materials.description')} error={message('input.description')} maxLength={10000}>
          {(control) => (
            <textarea
              {...control}
              name="description"
              lang={lang}
              rows={3}
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
            />
          )}
        </FieldFrame>

        <FieldFrame label={t('materials.visibilityField')} error={message('input.visibility')}>
          {(control) => (
            <select
              {...control}
              name="visibility"
              value={draft.visibility}
              onChange={(e) => set('visibility', e.target.value)}
            >
              {MATERIAL_VISIBILITIES.map((value) => (
                <option key={value} value={value}>
                  {t(`materials.visibilities.${value}`)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>

        <CheckboxGroup
          legend={t('materials.countries')}
          name="countryCodes"
          options={countryOptions.map((country) => ({ value: country.code, label: country.name }))}
          chosen={draft.countryCodes}
          onChange={(codes) => set('countryCodes', codes)}
          hint={ownCountries ? t('materials.countriesOwnHint') : t('materials.countriesHint')}
          error={message('input.countryCodes')}
          notice={<ChoicesNotice choices={countries} />}
        />

        <CheckboxGroup
          legend={t('materials.themes')}
          name="themes"
          options={(themes.data?.themes ?? []).map((theme) => ({ value: theme.key, label: theme.label }))}
          chosen={draft.themes}
          onChange={(chosen) => set('themes', chosen)}
          error={message('input.themes')}
          notice={themes.error ? <ErrorNotice error={themes.error} onRetry={themes.reload} /> : null}
        />

        <div className="field">
          <label htmlFor={ids.eventFilter}>{t('materials.findEvent')}</label>
          <input
            id={ids.eventFilter}
            type="search"
            name="eventSearch"
            maxLength={100}
            value={eventFilter}
            onChange={(e) => setEventFilter(e.target.value)}
          />
        </div>
        <CheckboxGroup
          legend={t('materials.events')}
          name="eventIds"
          options={events.list.map((event) => ({
            value: event.id,
            label: t('materials.eventChoice', {
              title: event.title,
              date: formatDateTime(event.startsAt, i18n.language),
            }),
          }))}
          chosen={draft.eventIds}
          onChange={(chosen) => set('eventIds', chosen)}
          hint={t('materials.eventsHint')}
          error={message('input.eventIds')}
          notice={
            events.error ? (
              <ErrorNotice error={events.error} onRetry={events.reload} />
            ) : !events.loading && events.found === 0 ? (
              <p className="meta" role="status">
                {wanted ? t('materials.noEventFound', { text: wanted }) : t('materials.noEvents')}
              </p>
            ) : null
          }
        />

        {canPublish ? (
          <Checkbox
            name="published"
            label={t('materials.publishedField')}
            hint={t('materials.publishedHint')}
            checked={draft.published}
            onChange={(e) => set('published', e.target.checked)}
          />
        ) : (
          !material && <p className="field-hint">{t('materials.proposalNote')}</p>
        )}
        {message('input.status') && <p className="field-error">{message('input.status')}</p>}

        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {material ? t('materials.save') : t('materials.create')}
          </button>
          {cancel}
        </div>
      </form>
    </section>
  );
}
