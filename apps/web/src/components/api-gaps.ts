import { ApiError } from '../api';

/**
 * True when the server does not offer a query at all (a capability not deployed): the page then
 * leaves that section out instead of showing an error.
 */
export function isMissingApi(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'GRAPHQL_VALIDATION_FAILED';
}
