import { AgentControlClient } from '../client/agent-control-client';
async function main() {
  const c = new AgentControlClient(process.argv[2]);
  await c.waitForReady(5000);
  for (const inflight of [1, 50]) {
    const end = performance.now() + 3000; let n = 0;
    await Promise.all(Array.from({ length: inflight }, async () => { while (performance.now() < end) { await c.getStatus(); n++; } }));
    console.log(inflight, 'in flight', Math.round(n / 3), '/s');
  }
  const s = await c.getStatus(); console.log(JSON.stringify(s, (k, v) => typeof v === 'bigint' ? String(v) : v).slice(0, 600));
  c.close();
}
main();
