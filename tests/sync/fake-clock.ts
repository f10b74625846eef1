// A clock shared by a client and an emulator: waits are recorded and advance time instantly, so a
// test sees that the client waited exactly as the headers said without spending minutes.
export interface FakeClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  waits: number[];
}

export function fakeClock(start = Date.parse('2026-11-21T08:00:00Z')): FakeClock {
  let t = start;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
      await new Promise((r) => setImmediate(r));
    },
    random: () => 0.5,
    waits,
  };
}
