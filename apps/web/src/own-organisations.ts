import type { SessionUser } from './session';
import { useAllPages } from './use-query';

export interface Organisation {
  id: string;
  name: string;
}

const OWN_ORGANISATIONS = `query OwnOrganisations($memberId: ID!, $after: String) {
  organisations(first: 100, after: $after, filter: { memberId: $memberId }) {
    edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;

/** The organisations the person belongs to (`nodes`, once all are read): members draft case studies for them. */
export function useOwnOrganisations(user: SessionUser | null) {
  return useAllPages<Organisation>(
    OWN_ORGANISATIONS,
    'organisations',
    { memberId: user?.id },
    { skip: !user },
  );
}

/** The kinds of organisation the directory knows (OrganisationKind), in the order lists offer them. */
export const ORGANISATION_KINDS = ['CBO', 'NGO', 'GOVERNMENT', 'DONOR', 'RESEARCH'];
