import { randomBytes } from 'node:crypto';
import { ApiClient } from '@rivet/testing';

export const PASSWORD = 'Correct-Horse-Battery-9';

export interface Enterprise {
  id: string;
  email: string;
  creatorUserId: string;
  creatorMemberId: string;
  api: ApiClient;
}

export function unique(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** Creates an enterprise and signs its creator in. */
export async function createEnterprise(anonymous: ApiClient, label: string): Promise<Enterprise> {
  const email = `${unique('owner')}@${label}.example.com`;
  const created = await anonymous.call<{
    enterprise: { id: string };
    creator: { userId: string; memberId: string };
  }>('POST', '/api/v1/enterprises', {
    name: unique(`${label} Ltd`),
    region: 'hk',
    creator: { name: 'Owner Chan', email, password: PASSWORD },
  });

  if (created.status !== 201) {
    throw new Error(
      `create enterprise answered ${created.status}: ${JSON.stringify(created.body)}`,
    );
  }
  const login = await anonymous.call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
    email,
    password: PASSWORD,
    enterpriseId: created.body.enterprise.id,
  });

  if (login.status !== 200) {
    throw new Error(`login answered ${login.status}: ${JSON.stringify(login.body)}`);
  }

  return {
    id: created.body.enterprise.id,
    email,
    creatorUserId: created.body.creator.userId,
    creatorMemberId: created.body.creator.memberId,
    api: anonymous.withToken(login.body.accessToken),
  };
}
