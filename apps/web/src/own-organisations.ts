import type { SessionUser } from './session';
import { useQuery } from './use-query';

export interface Organisation {
  id: string;
  name: string;
}

const OWN_ORGANISATIONS = `query OwnOrganisations($memberId: ID!) {
  organisations(first: 100, filter: { memberId: $memberId }) { edges { node { id name } } } }`;

/** The organisations the person belongs to: members draft case studies for them. */
export function useOwnOrganisations(user: SessionUser | null) {
  return useQuery<{ organisations: { edges: { node: Organisation }[] } }>(
    OWN_ORGANISATIONS,
    { memberId: user?.id },
    { skip: !user },
  );
}

/** The kinds of organisation the directory knows (OrganisationKind), in the order lists offer them. */
export const ORGANISATION_KINDS = ['CBO', 'NGO', 'GOVERNMENT', 'DONOR', 'RESEARCH'];
