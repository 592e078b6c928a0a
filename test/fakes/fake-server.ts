// Moved to voxgate/testing (testing/fake-server.ts); the test suite keeps importing it from here.
export * from '../../testing/fake-server.js';
