import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, fieldError, formError, gql } from '../api';
import { ChoicesNotice, ErrorNotice, Loading } from '../components/error-notice';
import { CheckboxGroup, FieldFrame, FormField, useCheckedSubmit } from '../components/form-field';
import { LocaleSelect } from '../components/locale-select';
import { PageError } from '../components/page-error';
import { usePageTitle } from '../components/page-title';
import { endonym, LOCALES, languageInSentence } from '../language';
import {
  coordinatedCountries,
  hasRole,
  NETWORK_WIDE_ROLES,
  ORGANISATION_CREATOR_ROLES,
  useSession,
  type SessionUser,
} from '../session';
import { ORGANISATION_KINDS } from '../own-organisations';
import { useNetworkCountries } from '../network-countries';
import { useQuery } from '../use-query';
import { changedFields } from '../changes';
import { clashesNamed, saveMerging, useLeaveGuard } from '../edit-conflict';

interface OrganisationToEdit {
  id: string;
  name: string;
  kind: string;
  region: string | null;
  languages: string[];
  description: string | null;
  /** The language `description` is in: the original's, unless only a translation has one. */
  locale: string;
  originalLocale: string;
  contactEmail: string | null;
  website: string | null;
  country: { name: string } | null;
  viewerCan: { edit: boolean };
  updatedAt: string;
}

const ORGANISATION_TO_EDIT = `query OrganisationToEdit($id: ID!) { organisation(id: $id) {
  id name kind region languages description locale originalLocale contactEmail website country { name }
  viewerCan { edit } updatedAt } }`;

/** What the edit form holds, as the API takes it (an optional text left empty is null). */
interface Edited {
  name: string;
  kind: string;
  region: string | null;
  languages: string[];
  contactEmail: string | null;
  website: string | null;
  /** In the original language; empty when there is none in it (a translation is no original). */
  description: string;
}
/** The fields of `Edited` the form's text boxes and menu hold, by their names. */
const TYPED = ['name', 'kind', 'region', 'contactEmail', 'website', 'description'] as const;

const LABELS: Record<keyof Edited, string> = {
  name: 'organisationForm.name',
  kind: 'directory.kind',
  region: 'organisationForm.region',
  languages: 'directory.worksIn',
  contactEmail: 'organisationForm.contactEmail',
  website: 'directory.website',
  description: 'organisationForm.description',
};

/** The organisation as the edit form starts from it. */
function editedOf(organisation: OrganisationToEdit): Edited {
  return {
    name: organisation.name,
    kind: organisation.kind,
    region: organisation.region,
    languages: organisation.languages,
    contactEmail: organisation.contactEmail,
    website: organisation.website,
    description: organisation.locale === organisation.originalLocale ? (organisation.description ?? '') : '',
  };
}

/**
 * Adding an organisation to the directory (its country's coordinators, network-wide roles) and
 * editing one (also its members). The description is edited in the language it was written in;
 * translations are made on their own.
 */
export default function OrganisationFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { user, checking } = useSession();
  const heading = id ? t('organisationForm.editTitle') : t('organisationForm.newTitle');
  usePageTitle(heading);
  if (checking) return <Loading />;
  if (!user) return <PageError error={new ApiError('UNAUTHENTICATED', t('organisationForm.signInFirst'))} />;
  if (id) return <EditOrganisation id={id} heading={heading} user={user} />;
  if (!hasRole(user, ...ORGANISATION_CREATOR_ROLES))
    return <PageError error={new ApiError('FORBIDDEN', t('organisationForm.notAllowed'))} />;
  return <OrganisationForm heading={heading} user={user} />;
}

function EditOrganisation({ id, heading, user }: { id: string; heading: string; user: SessionUser }) {
  const { t } = useTranslation();
  // First the language its description was written in, then everything as written in it.
  const meta = useQuery<{ organisation: { originalLocale: string } }>(
    `query OrganisationLanguage($id: ID!) { organisation(id: $id) { originalLocale } }`,
    { id },
  );
  const original = meta.data?.organisation.originalLocale;
  const { data, error, reload } = useQuery<{ organisation: OrganisationToEdit }>(
    ORGANISATION_TO_EDIT,
    { id },
    { skip: !original, locale: original },
  );
  const back = { to: `/organisations/${id}`, label: t('organisationForm.back') };
  if (meta.error || error)
    return <PageError error={meta.error ?? error} onRetry={meta.error ? meta.reload : reload} back={back} />;
  if (!data) return <Loading />;
  if (!data.organisation.viewerCan.edit)
    return <PageError error={new ApiError('FORBIDDEN', t('organisationForm.notAllowed'))} back={back} />;
  return <OrganisationForm heading={heading} user={user} organisation={data.organisation} />;
}

/** What an optional text field sends: its trimmed text, or (left empty) nothing / null to clear it. */
const optional = (fields: FormData, name: string, empty: null | undefined) =>
  String(fields.get(name) ?? '').trim() || empty;

function OrganisationForm({
  heading,
  user,
  organisation,
}: {
  heading: string;
  user: SessionUser;
  organisation?: OrganisationToEdit;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [languages, setLanguages] = useState<string[]>(organisation?.languages ?? []);
  const { problems, error, busy, form, notice, submit: checkAndSend } = useCheckedSubmit();
  // The boxes keep what is typed themselves: anything changed in them is work a leave would lose.
  const [changed, setChanged] = useState(false);
  useLeaveGuard(changed, busy);
  // Coordinators add organisations in their own countries, starting with the first; network-wide
  // roles anywhere, or in no country.
  const networkWide = hasRole(user, ...NETWORK_WIDE_ROLES);
  const own = coordinatedCountries(user);
  const [countryCode, setCountryCode] = useState(networkWide ? '' : (own[0] ?? ''));
  const countries = useNetworkCountries({ skip: !!organisation });
  const countryOptions = countries.list
    .filter((country) => networkWide || own.includes(country.code))
    .sort((a, b) => a.name.localeCompare(b.name, i18n.language));

  // What an edit started from, and when that was saved: an edit sends what changed since.
  const [loaded, setLoaded] = useState(() =>
    organisation ? { base: editedOf(organisation), updatedAt: organisation.updatedAt } : undefined,
  );
  // Edited in its own language only: without one there, the field starts empty (a translation is no original).
  const originalDescription = loaded?.base.description ?? '';

  /** Someone else's save merged in: the boxes show the merged values. */
  function show(values: Edited) {
    for (const name of TYPED) {
      const control = form.current?.elements.namedItem(name);
      if (
        control instanceof HTMLInputElement ||
        control instanceof HTMLTextAreaElement ||
        control instanceof HTMLSelectElement
      )
        control.value = values[name] ?? '';
    }
    setLanguages(values.languages);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    // The API keeps a description once written (it can be rewritten, not removed).
    const cleared = !!originalDescription && !optional(fields, 'description', undefined);
    const found: Record<string, string> = cleared
      ? { description: t('organisationForm.descriptionKept') }
      : {};
    await checkAndSend(found, async () => {
      const common = {
        name: String(fields.get('name') ?? ''),
        kind: fields.get('kind'),
        languages,
      };
      if (organisation && loaded) {
        const mine: Edited = {
          ...common,
          kind: String(common.kind),
          region: optional(fields, 'region', null) ?? null,
          contactEmail: optional(fields, 'contactEmail', null) ?? null,
          website: optional(fields, 'website', null) ?? null,
          description: optional(fields, 'description', undefined) ?? '',
        };
        await saveMerging({
          edit: { ...loaded, mine },
          send: async ({ base, mine: edited, updatedAt }) => {
            const { description, ...rest } = edited;
            const { description: before, ...was } = base;
            const input = changedFields({ ...rest }, { ...was });
            let expectedUpdatedAt = updatedAt;
            if (Object.keys(input).length > 0) {
              const saved = await gql<{ updateOrganisation: { updatedAt: string } }>(
                `mutation UpdateOrganisation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { updatedAt } }`,
                { id: organisation.id, input: { ...input, expectedUpdatedAt } },
              );
              expectedUpdatedAt = saved.updateOrganisation.updatedAt;
              setLoaded({ base: { ...edited, description: before }, updatedAt: expectedUpdatedAt });
            }
            if (description && description !== before)
              await gql(
                `mutation EditOrganisationText($id: ID!, $input: OrganisationTranslationInput!) { translateOrganisation(id: $id, input: $input) { id } }`,
                {
                  id: organisation.id,
                  input: { locale: organisation.originalLocale, description, expectedUpdatedAt },
                },
              );
          },
          load: async () => {
            const latest = await gql<{ organisation: OrganisationToEdit }>(
              ORGANISATION_TO_EDIT,
              { id: organisation.id },
              { locale: organisation.originalLocale },
            );
            return { draft: editedOf(latest.organisation), updatedAt: latest.organisation.updatedAt };
          },
          onMerged: ({ base, mine: merged, updatedAt }) => {
            setLoaded({ base, updatedAt });
            show(merged);
          },
          message: clashesNamed(LABELS, t, i18n),
        });
        navigate(`/organisations/${organisation.id}`);
      } else {
        const { createOrganisation } = await gql<{ createOrganisation: { id: string } }>(
          `mutation CreateOrganisation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }`,
          {
            input: {
              ...common,
              countryCode: optional(fields, 'countryCode', undefined),
              region: optional(fields, 'region', undefined),
              originalLocale: fields.get('originalLocale'),
              description: optional(fields, 'description', undefined),
              contactEmail: optional(fields, 'contactEmail', undefined),
              website: optional(fields, 'website', undefined),
            },
          },
        );
        navigate(`/organisations/${createOrganisation.id}`);
      }
    });
  }

  const lang = organisation?.originalLocale;
  return (
    <section className="narrow">
      <h1>{heading}</h1>
      <form ref={form} onSubmit={(event) => void submit(event)} onChange={() => setChanged(true)} noValidate>
        <div ref={notice} tabIndex={-1}>
          <ErrorNotice error={formError(error)} />
          {!organisation && <ChoicesNotice choices={countries} />}
        </div>
        <FormField
          label={t('organisationForm.name')}
          name="name"
          required
          maxLength={200}
          defaultValue={organisation?.name}
          error={fieldError(error, 'name')}
        />
        <FieldFrame label={t('directory.kind')} error={fieldError(error, 'kind')}>
          {(control) => (
            <select {...control} name="kind" defaultValue={organisation?.kind ?? 'CBO'}>
              {ORGANISATION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`common:organisationKinds.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        {organisation ? (
          organisation.country && (
            <p className="meta">
              {t('organisationForm.countryFixed', { country: organisation.country.name })}
            </p>
          )
        ) : (
          <FieldFrame label={t('directory.country')} error={fieldError(error, 'countryCode')}>
            {(control) => (
              <select
                {...control}
                name="countryCode"
                value={countryCode}
                onChange={(e) => setCountryCode(e.target.value)}
              >
                {networkWide && <option value="">{t('organisationForm.noCountry')}</option>}
                {countryOptions.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name}
                  </option>
                ))}
              </select>
            )}
          </FieldFrame>
        )}
        <FormField
          label={t('organisationForm.region')}
          name="region"
          maxLength={200}
          defaultValue={organisation?.region ?? ''}
          error={fieldError(error, 'region')}
        />
        <CheckboxGroup
          legend={t('directory.worksIn')}
          name="languages"
          options={LOCALES.map((locale) => ({ value: locale, label: endonym(locale) }))}
          chosen={languages}
          onChange={setLanguages}
          error={fieldError(error, 'languages')}
        />
        {organisation ? (
          <p className="meta">
            {t('organisationForm.writtenInFixed', {
              language: languageInSentence(organisation.originalLocale, i18n.language),
            })}
          </p>
        ) : (
          <LocaleSelect
            name="originalLocale"
            label={t('organisationForm.writtenIn')}
            defaultValue={i18n.language}
            error={fieldError(error, 'originalLocale')}
          />
        )}
        <FieldFrame
          maxLength={5000}
          label={t('organisationForm.description')}
          error={problems.description ?? fieldError(error, 'description')}
        >
          {(control) => (
            <textarea
              {...control}
              name="description"
              lang={lang}
              rows={6}
              defaultValue={originalDescription}
            />
          )}
        </FieldFrame>
        <FormField
          label={t('directory.website')}
          hint={t('organisationForm.websiteHint')}
          name="website"
          type="url"
          maxLength={500}
          defaultValue={organisation?.website ?? ''}
          error={fieldError(error, 'website')}
        />
        <FormField
          label={t('organisationForm.contactEmail')}
          name="contactEmail"
          type="email"
          maxLength={254}
          defaultValue={organisation?.contactEmail ?? ''}
          error={fieldError(error, 'contactEmail')}
        />
        <button type="submit" className="primary" disabled={busy || (!organisation && !countries.nodes)}>
          {organisation ? t('organisationForm.save') : t('organisationForm.create')}
        </button>
      </form>
    </section>
  );
}
