// Moved to voxgate/testing (testing/fake-openai.ts); the test suite keeps importing it from here.
export * from '../../testing/fake-openai.js';
