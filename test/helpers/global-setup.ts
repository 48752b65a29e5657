import net from 'node:net';

/**
 * Runs once before all test files. Server-only tests (testcontainers) need a Docker engine;
 * where none answers they are skipped with a one-line reason instead of failing or passing
 * silently. The answer is passed to the workers through the environment.
 */
function dockerAnswers(timeoutMs = 2000): Promise<string | null> {
  const host = process.env.DOCKER_HOST;
  const socketPath = host?.startsWith('unix://') ? host.slice('unix://'.length) : host ? null : '/var/run/docker.sock';
  if (socketPath === null) return Promise.resolve(null); // a TCP DOCKER_HOST: let testcontainers try it
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (reason: string | null) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`Docker at ${socketPath} did not answer within ${timeoutMs} ms`));
    socket.once('error', (e) => done(`no Docker engine at ${socketPath} (${(e as NodeJS.ErrnoException).code})`));
    socket.once('connect', () => socket.write('GET /_ping HTTP/1.0\r\n\r\n'));
    socket.once('data', (data) => done(data.toString().includes('OK') ? null : `Docker at ${socketPath} answered /_ping with an error`));
  });
}

export default async function globalSetup(): Promise<void> {
  const reason = await dockerAnswers();
  process.env.LEARNMETRICS_DOCKER_SKIP_REASON = reason ?? '';
}
