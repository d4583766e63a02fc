import { TEST_ADMIN_TOKEN } from './test-environment';

/**
 * Through the gateway, as the admin: issues a personal access token for `userId` and adds them to
 * `group` of `projectId`. Returns the Authorization header to act as them.
 */
export async function memberToken(gateway: string, projectId: string, userId: string, group: string): Promise<Record<string, string>> {
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const issued = await fetch(`${gateway}/ms/openapi/api/op/users/${userId}/tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'test' }) });
  if (issued.status !== 201) throw new Error(`issuing a token for ${userId}: ${issued.status} ${await issued.text()}`);
  const { token } = ((await issued.json()) as { data: { token: string } }).data;
  const added = await fetch(`${gateway}/ms/process/api/user/projects/${projectId}/groups/${group}/members`, { method: 'POST', headers: admin, body: JSON.stringify({ userIds: [userId] }) });
  if (added.status !== 201) throw new Error(`adding ${userId} to ${group}: ${added.status} ${await added.text()}`);
  return { Authorization: `Bearer ${token}` };
}
