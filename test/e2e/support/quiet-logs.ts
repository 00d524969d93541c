// The api's request log is for operators; tests read their own assertions.
process.env.LOG_LEVEL ??= 'silent';
// Test-only password cost: the suites log in hundreds of times, and scrypt at OWASP's N = 2^17 takes
// 0.3–1.5 s a login here. Production keeps 2^17 (refused below it); credentials.spec.ts checks that default.
process.env.PASSWORD_SCRYPT_LOG_N ??= '10';
