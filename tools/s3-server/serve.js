// s3rver for the tests (tests/StudioManager.Tests/Infrastructure/S3Server.cs): listens on a free port of 127.0.0.1
// with one bucket, prints "listening <port>" then one line per request ("request <method> <url> <range>", so that
// tests can see how the app spoke to it), and stops when its standard input closes, so that it never outlives the
// test process however that one ends.
const S3rver = require('s3rver');

const [directory, bucket] = process.argv.slice(2);
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
// First in Koa's chain (composed when the server starts listening).
server.middleware.unshift(async (ctx, next) => {
  console.log(`request ${ctx.method} ${ctx.url} ${ctx.get('range') || '-'}`);
  await next();
});
server.run()
  .then(({ port }) => console.log(`listening ${port}`))
  .catch(error => { console.error(error); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
