import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it("keeps Pulp's form for printable ASCII names", () => {
    expect(attachmentDisposition('file-1.0.tar.gz')).toBe('attachment;filename=file-1.0.tar.gz');
    expect(attachmentDisposition('with space.txt')).toBe('attachment;filename=with space.txt');
  });

  it('gives other names as UTF-8 in filename*, after an ASCII stand-in', () => {
    expect(attachmentDisposition('файл (1).txt')).toBe(
      `attachment;filename="____ (1).txt";filename*=UTF-8''%D1%84%D0%B0%D0%B9%D0%BB%20%281%29.txt`,
    );
    expect(attachmentDisposition('naïve"q.txt')).toBe(
      `attachment;filename="na_ve_q.txt";filename*=UTF-8''na%C3%AFve%22q.txt`,
    );
  });

  it('never gives a header value Node refuses', () => {
    for (const name of ['é', '日本語', 'tab\there', 'emoji-😀.bin']) {
      expect(attachmentDisposition(name)).toMatch(/^[\x20-\x7e]*$/);
    }
  });
});
