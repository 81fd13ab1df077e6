import { isIPv6 } from 'node:net';

/**
 * The network a client address stands for, as address-based limits count it: an IPv4 address itself
 * (also when written IPv4-mapped, `::ffff:10.0.0.1`), and for IPv6 its /64 prefix, the block one
 * household or machine is usually given: counted per full address, a single client could rotate
 * through millions of addresses, each with a fresh budget.
 */
export function clientNetwork(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  const ip = address.split('%')[0]; // a zone (fe80::1%eth0) names an interface, not a network
  if (!isIPv6(ip)) return address;
  const width = (groups: string[]) => groups.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - width(left) - width(right)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
