/**
 * The keys donate limits are counted under. One mailbox has many spellings (case, `+tag`, and
 * at Gmail any dots), and one IPv6 subscriber usually holds a whole /64: each key folds those
 * together, so that an attacker cannot mint a fresh bucket per request.
 */
import { isIP } from 'node:net'

/** Providers that deliver `a.b.c@` to `abc@`; the second name is an alias of the first. */
const DOTLESS_DOMAINS: Record<string, string> = {
  'gmail.com': 'gmail.com',
  'googlemail.com': 'gmail.com',
}

/** The mailbox an address reaches, for counting: lower case, no `+tag`, no ignored dots. */
export function emailLimitKey(email: string): string {
  const address = email.trim().toLowerCase()
  const at = address.lastIndexOf('@')
  if (at <= 0) return address
  let local = address.slice(0, at)
  let domain = address.slice(at + 1).replace(/\.$/, '')
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  const dotless = DOTLESS_DOMAINS[domain]
  if (dotless) {
    domain = dotless
    local = local.replace(/\./g, '')
  }
  return `${local}@${domain}`
}

/** IPv4 as is; IPv4-mapped IPv6 as the IPv4 it carries; other IPv6 as its /64 network. */
export function addressLimitKey(address: string): string {
  const bare = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
  if (isIP(bare) === 4) return bare
  if (isIP(bare) !== 6) return bare
  const groups = ipv6Groups(bare)
  const mapped =
    groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff
      ? `${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`
      : null
  if (mapped) return mapped
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : [])
  const front = parse(head)
  const back = tail === undefined ? [] : parse(tail)
  const zeros = new Array<number>(8 - front.length - back.length).fill(0)
  return [...front, ...zeros, ...back]
}
