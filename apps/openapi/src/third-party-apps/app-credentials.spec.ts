import { appCredentialsOf } from './app-credentials';

const from = (headers: Record<string, string>) => (name: string) => headers[name];
const bkapi = (fields: object) => ({ 'x-bkapi-authorization': JSON.stringify(fields) });

describe('appCredentialsOf', () => {
  it('reads the X-DEVOPS pair and the user', () => {
    expect(appCredentialsOf(from({ 'x-devops-app-code': 'bot', 'x-devops-app-secret': ' s1 ', 'x-devops-uid': 'alice' }))).toEqual({ appCode: 'bot', secret: 's1', userId: 'alice' });
  });

  it("reads bk-apigateway's X-Bkapi-Authorization, its bk_username naming the user", () => {
    expect(appCredentialsOf(from(bkapi({ bk_app_code: 'bot', bk_app_secret: 's1', bk_username: 'bob', bk_token: '' })))).toEqual({ appCode: 'bot', secret: 's1', userId: 'bob' });
  });

  it('prefers X-DEVOPS-UID to bk_username, and the full X-DEVOPS pair to the JSON header', () => {
    const headers = { ...bkapi({ bk_app_code: 'json', bk_app_secret: 'js', bk_username: 'bob' }), 'x-devops-uid': 'alice' };
    expect(appCredentialsOf(from(headers))).toEqual({ appCode: 'json', secret: 'js', userId: 'alice' });
    expect(appCredentialsOf(from({ ...headers, 'x-devops-app-code': 'pair', 'x-devops-app-secret': 'ps' }))).toEqual({ appCode: 'pair', secret: 'ps', userId: 'alice' });
    // An app code alone proves nothing: the JSON header's pair is used.
    expect(appCredentialsOf(from({ ...headers, 'x-devops-app-code': 'forged' }))).toEqual({ appCode: 'json', secret: 'js', userId: 'alice' });
  });

  it('leaves the user null when none is named', () => {
    expect(appCredentialsOf(from({ 'x-devops-app-code': 'bot', 'x-devops-app-secret': 's1', 'x-devops-uid': '  ' }))).toEqual({ appCode: 'bot', secret: 's1', userId: null });
  });

  it('says what is missing when there is no app code and secret', () => {
    expect(appCredentialsOf(from({}))).toContain('X-DEVOPS-APP-SECRET');
    expect(appCredentialsOf(from({ 'x-devops-app-code': 'bot', 'x-devops-uid': 'alice' }))).toContain('X-DEVOPS-APP-SECRET');
    expect(appCredentialsOf(from(bkapi({ bk_app_code: 'bot', bk_app_secret: 42 })))).toContain('X-DEVOPS-APP-SECRET');
    expect(appCredentialsOf(from({ 'x-devops-app-code': 'bot', 'x-devops-app-secret': 'x'.repeat(257) }))).toContain('X-DEVOPS-APP-SECRET');
  });

  it('refuses an X-Bkapi-Authorization that is not a JSON object', () => {
    expect(appCredentialsOf(from({ 'x-bkapi-authorization': 'bk_app_code=bot' }))).toContain('must be a JSON object');
    expect(appCredentialsOf(from({ 'x-bkapi-authorization': '["bot"]' }))).toContain('must be a JSON object');
  });
});
