// A stand-in child for the supervisor tests: `stay` runs until killed, `crash` exits 3 at once.
const mode = process.argv[2] ?? 'stay';
process.stdout.write(`child ${process.pid} ${mode}\n`);
if (mode === 'crash') process.exit(3);
process.on('SIGTERM', () => {
  process.stdout.write(`child ${process.pid} stopping\n`);
  process.exit(0);
});
setInterval(() => undefined, 60_000);
