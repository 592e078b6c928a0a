// Moved to voxgate/testing (testing/http.ts); the test suite keeps importing it from here.
export * from '../../testing/http.js';
