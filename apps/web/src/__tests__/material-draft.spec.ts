import { changesOf, draftOf, emptyDraft, inputOf, mayPublish, type MaterialToEdit } from '../material-draft';
import type { RoleHolder } from '../roles';

// The keys, with their parameters, stand for the translated messages.
const t = (key: string, options?: Record<string, unknown>) =>
  options ? `${key} ${JSON.stringify(options)}` : key;

const person = (roles: string[], grants: RoleHolder['grants'] = []): RoleHolder => ({ roles, grants });

const proposal: MaterialToEdit = {
  id: 'm1',
  updatedAt: '2026-11-20T08:00:00.000Z',
  kind: 'AGENDA',
  status: 'PROPOSED',
  visibility: 'PUBLIC',
  originalLocale: 'es',
  title: 'Agenda del taller',
  description: '',
  countryCodes: ['KG'],
  themes: [],
  eventIds: ['e1'],
  viewerCan: { edit: true, publish: true },
};

describe('the material form', () => {
  it('asks for a title of two characters or more before sending anything', () => {
    expect(inputOf({ ...emptyDraft('es'), title: '  ' }, t, false).problems).toEqual({
      'input.title': 'materials.errors.required',
    });
    expect(inputOf({ ...emptyDraft('es'), title: 'A' }, t, false).problems).toEqual({
      'input.title': 'materials.errors.minLength {"count":2}',
    });
  });

  it("leaves a member's status to the API (a proposal) and lets a manager choose it", () => {
    const draft = { ...emptyDraft('es', ['KG', 'KG'], ['e1']), title: 'Plan de acción' };
    expect(draft.countryCodes).toEqual(['KG']);
    expect(inputOf(draft, t, false).input).not.toHaveProperty('status');
    expect(inputOf(draft, t, true).input).toMatchObject({
      status: 'PUBLISHED',
      countryCodes: ['KG'],
      eventIds: ['e1'],
      visibility: 'PUBLIC',
    });
    expect(inputOf({ ...draft, published: false }, t, true).input.status).toBe('PROPOSED');
  });

  it('publishes as the API counts managers: facilitators anywhere, coordinators in their countries', () => {
    const coordinator = person(
      ['NATIONAL_COORDINATOR'],
      [{ role: 'NATIONAL_COORDINATOR', countryCode: 'KG' }],
    );
    expect(mayPublish(person(['FACILITATOR']), [])).toBe(true);
    expect(mayPublish(coordinator, ['KG', 'PE'])).toBe(true);
    expect(mayPublish(coordinator, ['PE'])).toBe(false);
    expect(mayPublish(coordinator, [])).toBe(false);
    expect(mayPublish(person(['MEMBER']), ['KG'])).toBe(false);
    expect(mayPublish(null, ['KG'])).toBe(false);
  });

  it('sends only what an edit changed', () => {
    const before = draftOf(proposal);
    const after = { ...before, title: 'Agenda del taller regional', visibility: 'MEMBERS', published: true };
    expect(changesOf(inputOf(after, t, true).input, inputOf(before, t, true).input)).toEqual({
      title: 'Agenda del taller regional',
      visibility: 'MEMBERS',
      status: 'PUBLISHED',
    });
    // The same countries and events in another order are no change; another set is.
    const several = { ...before, countryCodes: ['KG', 'TJ'], eventIds: ['e1', 'e2'] };
    const reordered = { ...before, countryCodes: ['TJ', 'KG'], eventIds: ['e2', 'e1'] };
    expect(changesOf(inputOf(reordered, t, false).input, inputOf(several, t, false).input)).toEqual({});
    expect(
      changesOf(
        inputOf({ ...several, countryCodes: ['TJ'] }, t, false).input,
        inputOf(several, t, false).input,
      ),
    ).toEqual({ countryCodes: ['TJ'] });
  });
});
