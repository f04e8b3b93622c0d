import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { create } from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import type { ClientError } from '../../client/errors/client-error';
import { serviceDefinition } from '../../contract/service-definition';
import {
  Health,
  HealthCheckRequestSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  type HealthCheckResponse,
} from '../../gen/grpc/health/v1/health_pb';
import { useTestDaemon } from '../helpers/test-daemon';
import { REPO_ROOT } from '../helpers/repo-root';

const BUF = path.join(REPO_ROOT, 'node_modules', '.bin', 'buf');

/** Runs the real `buf curl` (from @bufbuild/buf) against the daemon, using server reflection only. */
function bufCurl(address: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = ['curl', '--protocol', 'grpc', '--http2-prior-knowledge'];
  return new Promise((resolve) => {
    execFile(BUF, [...base, ...args.map((a) => a.replace('ADDR', `http://${address}`))], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('reflection and health', () => {
  const daemon = useTestDaemon();

  describe('buf curl with no .proto at hand', () => {
    it('lists the services and the methods of AgentControl', async () => {
      const services = await bufCurl(daemon().address, ['--list-services', 'ADDR']);
      assert.equal(services.code, 0, services.stderr);
      assert.deepEqual(services.stdout.trim().split('\n').sort(), [
        'grpc.health.v1.Health',
        'grpc.reflection.v1.ServerReflection',
        'mobility.v1.AgentControl',
      ]);
      const methods = await bufCurl(daemon().address, ['--list-methods', 'ADDR']);
      assert.equal(methods.code, 0, methods.stderr);
      for (const name of ['GetStatus', 'TailLog', 'Install', 'Register', 'WatchJob', 'UploadPackage', 'ListPackages']) {
        assert.ok(methods.stdout.includes(`mobility.v1.AgentControl/${name}`), `${name} is listed`);
      }
    });

    it('calls GetStatus', async () => {
      const result = await bufCurl(daemon().address, ['ADDR/mobility.v1.AgentControl/GetStatus']);
      assert.equal(result.code, 0, result.stderr);
      const status = JSON.parse(result.stdout);
      assert.equal(status.daemon.version, '0.1.0');
      assert.equal(status.daemon.listenAddresses[0], daemon().address);
    });

    it('calls TailLog and gets whole lines with their offsets', async () => {
      fs.writeFileSync(daemon().logPath('installer'), 'first\nsecond\n');
      const result = await bufCurl(daemon().address, ['-d', '{"log":"installer","lastLines":"1"}', 'ADDR/mobility.v1.AgentControl/TailLog']);
      assert.equal(result.code, 0, result.stderr);
      const message = JSON.parse(result.stdout);
      assert.equal(Buffer.from(message.chunk.data, 'base64').toString(), 'second\n');
      assert.equal(message.chunk.offset, '6');
      assert.equal(message.chunk.nextOffset, '13');
    });

    it('reports a bad request with the daemon\'s status and message', async () => {
      const result = await bufCurl(daemon().address, ['-d', '{"log":"secrets"}', 'ADDR/mobility.v1.AgentControl/TailLog']);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /not_found/);
      assert.match(result.stderr, /no log named \\"secrets\\"; choose one of: installer, configurator/);
    });
  });

  describe('grpc.health.v1', () => {
    it('answers SERVING for the server and AgentControl, NOT_FOUND for an unknown service', async () => {
      assert.equal((await daemon().client.checkHealth('')).status, ServingStatus.SERVING);
      assert.equal((await daemon().client.checkHealth('mobility.v1.AgentControl')).status, ServingStatus.SERVING);
      await assert.rejects(daemon().client.checkHealth('no.such.Service'), (err: ClientError) => err.code === 'not_found');
    });

    it('streams NOT_SERVING to a watcher when the daemon shuts down', async () => {
      const definition = serviceDefinition(Health);
      const client = new grpc.Client(daemon().address, grpc.credentials.createInsecure());
      const call = client.makeServerStreamRequest(
        definition.watch.path,
        definition.watch.requestSerialize,
        definition.watch.responseDeserialize,
        create(HealthCheckRequestSchema, { service: '' }),
      );
      const seen: ServingStatus[] = [];
      const notServing = new Promise<void>((resolve) => {
        call.on('data', (response: HealthCheckResponse) => {
          seen.push(response.status);
          if (response.status === ServingStatus.SERVING) void daemon().daemon.close();
          if (response.status === ServingStatus.NOT_SERVING) resolve();
        });
      });
      call.on('error', () => undefined);
      await notServing;
      assert.deepEqual(seen, [ServingStatus.SERVING, ServingStatus.NOT_SERVING]);
      client.close();
    });
  });
});
