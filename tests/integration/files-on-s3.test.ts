// The same tests of a group's files as files.test.ts, with the files in an S3 bucket: an
// S3-compatible server (s3rver) started for them.
process.env.MAILLAGE_TEST_FILE_STORE = 's3';
await import('./files.test');
export {};
