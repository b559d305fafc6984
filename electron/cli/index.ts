import { runCli, STOPPED_EXIT_CODE } from './main';

// `banmian articles | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // A stopped command may leave a worker thread deep in SQLite: it must not keep us running.
  if (code === STOPPED_EXIT_CODE) process.exit(code);
});
