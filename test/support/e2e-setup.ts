// e2e suites start real processes and databases: allow them the time that takes on a 2-core machine.
jest.setTimeout(90_000);
