// The api's request log is for operators; tests read their own assertions.
process.env.LOG_LEVEL ??= 'silent';
