// The api's request log is for operators; tests read their own assertions.
process.env.LOG_LEVEL ??= 'silent';
// Test-only password cost: the suites log in hundreds of times, and scrypt at OWASP's strength (N = 2^15, p = 3 by
// default) takes 0.2–0.6 s a login here. Production refuses below 2^13; credentials.spec.ts checks the default.
process.env.PASSWORD_SCRYPT_LOG_N ??= '10';
