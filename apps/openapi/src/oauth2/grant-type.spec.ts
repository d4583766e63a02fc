import { grantTypeOf } from './grant-type';

describe('grantTypeOf', () => {
  it("reads BK-CI's enum names and RFC 6749's names", () => {
    expect(grantTypeOf('AUTHORIZATION_CODE')).toBe('authorization_code');
    expect(grantTypeOf('client_credentials')).toBe('client_credentials');
    expect(grantTypeOf('REFRESH_TOKEN')).toBe('refresh_token');
  });

  it('knows no other grant, the password grant included', () => {
    expect(grantTypeOf('PASS_WORD')).toBeNull();
    expect(grantTypeOf('password')).toBeNull();
    expect(grantTypeOf('implicit')).toBeNull();
    expect(grantTypeOf('')).toBeNull();
  });
});
