// Moved to voxgate/testing (testing/sse.ts); the test suite keeps importing it from here.
export * from '../../testing/sse.js';
