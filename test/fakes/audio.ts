// Moved to voxgate/testing (testing/audio.ts); the test suite keeps importing it from here.
export * from '../../testing/audio.js';
