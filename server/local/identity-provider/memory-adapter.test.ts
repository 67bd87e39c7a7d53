import { describe, expect, it } from 'vitest';
import { memoryAdapter } from './memory-adapter';

describe('the identity provider’s in-memory store', () => {
  it('keeps an entry for its lifetime, then forgets it', async () => {
    let now = 1_000_000;
    const sessions = memoryAdapter(() => now)('Session');
    await sessions.upsert('s1', { uid: 'u1', accountId: 'local:alice' }, 60);
    expect(await sessions.find('s1')).toMatchObject({ accountId: 'local:alice' });
    expect(await sessions.findByUid('u1')).toMatchObject({ accountId: 'local:alice' });
    now += 59_999;
    expect(await sessions.find('s1')).toBeDefined();
    now += 1;
    expect(await sessions.find('s1')).toBeUndefined();
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });

  it('keeps models apart, marks consumed entries and destroys on request', async () => {
    const factory = memoryAdapter(() => 5_000);
    const codes = factory('AuthorizationCode');
    await codes.upsert('same-id', { grantId: 'g' }, 60);
    expect(await factory('AccessToken').find('same-id')).toBeUndefined();
    await codes.consume('same-id');
    expect(await codes.find('same-id')).toMatchObject({ consumed: 5 });
    await codes.destroy('same-id');
    expect(await codes.find('same-id')).toBeUndefined();
  });

  it('revokes everything issued under a grant, and only that', async () => {
    const factory = memoryAdapter();
    await factory('AccessToken').upsert('a1', { grantId: 'g1' }, 3600);
    await factory('RefreshToken').upsert('r1', { grantId: 'g1' });
    await factory('RefreshToken').upsert('r2', { grantId: 'g2' });
    await factory('RefreshToken').revokeByGrantId('g1');
    expect(await factory('AccessToken').find('a1')).toBeUndefined();
    expect(await factory('RefreshToken').find('r1')).toBeUndefined();
    expect(await factory('RefreshToken').find('r2')).toMatchObject({ grantId: 'g2' });
  });
});
