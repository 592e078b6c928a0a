// Moved to voxgate/testing (testing/wait.ts); the test suite keeps importing it from here.
export * from '../../testing/wait.js';
