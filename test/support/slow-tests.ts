// Integration and e2e tests start servers and child processes; on a loaded 2-core machine the
// default 5 s is too tight. Individual tests that wait longer say so themselves.
jest.setTimeout(30000);
