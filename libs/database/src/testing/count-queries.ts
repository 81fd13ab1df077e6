import { Client } from 'pg';

/**
 * Counts every statement sent to PostgreSQL through node-postgres (which TypeORM uses underneath) from
 * now until `restore`, in this process: a test of how many queries a request takes. With `only`, just
 * the statements whose text it matches (those that read one table, say).
 */
export function countQueries(only?: RegExp) {
  const original = Client.prototype.query;
  let count = 0;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const [statement] = args as [string | { text?: string }];
    const text = typeof statement === 'string' ? statement : (statement?.text ?? '');
    if (!only || only.test(text)) count += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    get count() {
      return count;
    },
    restore: () => {
      Client.prototype.query = original;
    },
  };
}
