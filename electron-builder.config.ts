import type { Configuration } from 'electron-builder';

/**
 * Packaging (`npm run dist`, scripts/dist.ts; issue 10, item 9): installers for Linux (AppImage, deb)
 * and Windows (NSIS) from the electron-vite build in out/. test/unit/main/packaging.test.ts reads this
 * object and holds it to the fuses and files below.
 */
const config = {
  appId: 'app.callsight.desktop',
  productName: 'Callsight',
  copyright: 'Callsight',
  directories: { output: 'dist', buildResources: 'build' },
  // The built app only: main, workers and preload (out/main, out/preload) and the page (out/renderer).
  // Production dependencies (better-sqlite3, saxes, yauzl, zod, …) are added by electron-builder;
  // the sources, tests, docs and source maps stay out, and so do better-sqlite3's SQLite sources.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    '!**/*.map',
    '!node_modules/better-sqlite3/{deps,src,build}/**',
    '!node_modules/better-sqlite3/binding.gyp',
  ],
  asar: true,
  // Native code is loaded from a real file: better-sqlite3 (its prebuilt Node-API binaries) lives beside the asar.
  asarUnpack: ['node_modules/better-sqlite3/**'],
  // better-sqlite3 ships Node-API binaries for every platform that load in Electron as they are: nothing to rebuild,
  // so a Windows installer made on Linux carries the Windows binary from the same package.
  npmRebuild: false,
  buildDependenciesFromSource: false,
  // Electron fuses, flipped in the Electron binary itself before it is packed (@electron/fuses via app-builder-lib).
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would make the app binary a plain Node with the user's rights.
    runAsNode: false,
    // The cookie store is encrypted with the OS keys (the app sets no cookies; nothing lands in plain text if one ever does).
    enableCookieEncryption: true,
    // NODE_OPTIONS (--require of any file) and NODE_EXTRA_CA_CERTS are ignored.
    enableNodeOptionsEnvironmentVariable: false,
    // --inspect, --inspect-brk and SIGUSR1 open no debugger on the main process.
    enableNodeCliInspectArguments: false,
    // The asar is checked against the hash built into the binary (macOS, and Windows since Electron 30) ...
    enableEmbeddedAsarIntegrityValidation: true,
    // ... and the app is loaded from app.asar only, never from a loose app/ folder placed beside it.
    onlyLoadAppFromAsar: true,
    // Pages are served from app://callsight, never file://: file pages get no extra privileges.
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    executableName: 'callsight',
    // Each package carries its own platform's better-sqlite3 binaries only.
    files: ['!node_modules/better-sqlite3/prebuilds/{darwin,win32}-*'],
    category: 'Office',
    maintainer: 'Callsight',
    synopsis: 'Offline analyser for callback-service call logs',
  },
  deb: {},
  appImage: {},
  win: {
    target: ['nsis'],
    files: ['!node_modules/better-sqlite3/prebuilds/{darwin,linux,linuxmusl}-*'],
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
  publish: null,
} satisfies Configuration;

export default config;
