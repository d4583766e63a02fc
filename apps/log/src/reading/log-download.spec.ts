import { attachment, downloadFileName, downloadLine, downloadTime } from './log-download';

describe('log download format', () => {
  const at = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();

  it('writes BK-CI’s `yyyy-MM-dd HH:mm:ss:SSS : message` in local time', () => {
    expect(downloadTime(at)).toBe('2026-01-02 03:04:05:006');
    expect(downloadLine({ timestamp: at, message: 'hello' })).toBe('2026-01-02 03:04:05:006 : hello\n');
  });

  it('strips the red and bold codes a line starts with and every reset, keeping other colours', () => {
    expect(downloadLine({ timestamp: at, message: '\u001b[31m\u001b[1mfailed\u001b[m' })).toBe('2026-01-02 03:04:05:006 : failed\n');
    expect(downloadLine({ timestamp: at, message: '\u001b[1mbold\u001b[m and \u001b[m' })).toBe('2026-01-02 03:04:05:006 : bold and \n');
    expect(downloadLine({ timestamp: at, message: '\u001b[33myellow\u001b[0m' })).toBe('2026-01-02 03:04:05:006 : \u001b[33myellow\u001b[0m\n');
  });

  it('names the file as BK-CI does and keeps the header ASCII', () => {
    expect(downloadFileName('p-1', 'b-1', undefined)).toBe('p-1-b-1-log.log');
    expect(downloadFileName('p-1', 'b-1', 'mine')).toBe('mine.log');
    expect(attachment('日志"x.log')).toBe(`attachment; filename="___x.log"; filename*=UTF-8''${encodeURIComponent('日志"x.log')}`);
  });
});
