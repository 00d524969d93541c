// Imported first by suites that make jobs fail on purpose: two quick attempts instead of eight slow ones
// (the job options are read when libs/server/messaging is loaded).
process.env.JOB_ATTEMPTS = '2';
process.env.JOB_BACKOFF_MS = '50';
