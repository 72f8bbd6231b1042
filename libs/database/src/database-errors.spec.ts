import { PulpError, PulpValidationError } from '@pulp/errors';
import { CREATION_HOOK_FAILED, CREATION_HOOK_REFUSED, databasePulpError } from './database-errors';

const raised = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('databasePulpError', () => {
  it("turns a creation hook's failure into Pulp's 500, and its refusal of a role into a 400", () => {
    const failed = databasePulpError(
      raised(CREATION_HOOK_FAILED, "Creation hook 'x' was not registered for this view set."),
    );
    expect([failed?.kind, failed?.message]).toEqual([
      'internal',
      "Creation hook 'x' was not registered for this view set.",
    ]);
    const refused = databasePulpError(raised(CREATION_HOOK_REFUSED, "The role 'r' does not exist."));
    expect(refused).toBeInstanceOf(PulpError);
    expect([refused?.kind, refused?.message]).toEqual(['invalid', "The role 'r' does not exist."]);
  });

  it('keeps the unique violation answer, and nothing for other errors', () => {
    expect(
      databasePulpError(Object.assign(new Error('dup'), { code: '23505', detail: 'Key (name)=(a) exists.' })),
    ).toEqual(new PulpValidationError({ name: ['This field must be unique.'] }));
    expect(databasePulpError(raised('P0001', 'other'))).toBeUndefined();
    expect(databasePulpError(new Error('plain'))).toBeUndefined();
  });
});
