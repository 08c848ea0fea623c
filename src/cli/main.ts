import module from 'node:module';

/**
 * `npm run cli -- <command> …` starts here. The CLI runs as TypeScript through Node's type stripping;
 * Node's compile cache keeps the stripped and compiled modules on disk (in the system's temp folder),
 * so after the first run a command starts in ~60 ms instead of ~250 ms, and an import's worker threads
 * load as fast. It must be on before any other module loads, hence the dynamic import.
 */
module.enableCompileCache();
// Worker threads take the cache from the environment when they start.
process.env.NODE_COMPILE_CACHE ??= module.getCompileCacheDir();
// A reader that stops early (`| head`) closes the pipe: that ends the output, it is no error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { runCli } = await import('./cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
