import { HotFiles } from './hot-files';

describe('HotFiles', () => {
  it('keeps small files up to its capacity, dropping the least recently used', () => {
    const files = new HotFiles(4, 8);
    files.set('a', Buffer.from('aaaa'));
    files.set('b', Buffer.from('bbbb'));
    expect(files.get('a')?.toString()).toBe('aaaa');
    files.set('c', Buffer.from('cccc'));
    expect(files.get('b')).toBeUndefined();
    expect(files.get('a')?.toString()).toBe('aaaa');
    expect(files.get('c')?.toString()).toBe('cccc');
    expect(files.size).toBe(8);
  });

  it('never holds a file above its size limit', () => {
    const files = new HotFiles(4, 100);
    files.set('big', Buffer.alloc(5));
    expect(files.get('big')).toBeUndefined();
    expect(files.size).toBe(0);
  });
});
