import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';

/**
 * Django's EmailValidator, which Pulp's user serializer applies: a dot-atom or quoted local part,
 * then a domain of labels (the last one of two or more characters, not ending in `-`), an IP
 * literal in brackets, or `localhost`. An international domain is judged in its ASCII form.
 */
const DOT_ATOM = /^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$/i;
// eslint-disable-next-line no-control-regex -- a quoted local part may hold control characters.
const QUOTED = /^"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"$/i;
const DOMAIN = /^(?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+[A-Z0-9-]{1,62}[A-Z0-9]$/i;
const LITERAL = /^\[([A-F0-9:.]+)\]$/i;

export const INVALID_EMAIL = 'Enter a valid email address.';

export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at < 0 || value.length > 320) {
    return false;
  }
  const local = value.slice(0, at);
  return (DOT_ATOM.test(local) || QUOTED.test(local)) && isEmailDomain(value.slice(at + 1));
}

function isEmailDomain(domain: string): boolean {
  const literal = LITERAL.exec(domain);
  if (literal) {
    return isIPv4(literal[1]) || isIPv6(literal[1]);
  }
  // Only a domain with characters beyond printable ASCII has another (punycode) form.
  return domain === 'localhost' || DOMAIN.test(domain) || (/[^ -~]/.test(domain) && DOMAIN.test(domainToASCII(domain)));
}
