/**
 * What Pulp's password validators (Django's, as Pulp's settings list them) say about a new
 * password: at least 8 characters, not only digits. Django's list of common passwords is not
 * shipped here; its similarity check needs a user, which Pulp's serializer does not pass.
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < 8) {
    problems.push('This password is too short. It must contain at least 8 characters.');
  }
  if (/^\p{Nd}+$/u.test(password)) {
    problems.push('This password is entirely numeric.');
  }
  return problems;
}
